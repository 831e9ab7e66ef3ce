"""Decision categories read from the item's structure, on items written in the shapes the
published letters use for services the lexicons do not list."""
import pytest

from imr_nlp.records import build_record
from letters import fdl_letter

NO_CITATION = "The Claims Administrator did not cite any medical evidence for its decision."
RATIONALE = "The request is not medically necessary."


def decisions(nlp, *blocks):
    text = fdl_letter(*blocks)
    return build_record(nlp(text), id="t", source="t", text=text)["decisions"]


def category(nlp, item: str) -> tuple[str, str]:
    (decision,) = decisions(nlp, (item, NO_CITATION, "The Expert Reviewer found no guideline.", RATIONALE))
    return decision["category"], decision["category_basis"]


@pytest.mark.parametrize(
    "item,expected",
    [
        # the head noun decides, whatever the visit is for
        ("Follow-up visit with orthopedic surgeon for the left wrist", "evaluation_management"),
        ("Consultation with a spine surgeon regarding lumbar fusion", "evaluation_management"),
        ("Neurosurgery referral for the cervical spine", "evaluation_management"),
        ("Pain management consultation", "evaluation_management"),
        ("Initial comprehensive examination with the primary treating physician", "evaluation_management"),
        ("Re-evaluation with podiatrist", "evaluation_management"),
        ("Preoperative medical clearance with internist", "evaluation_management"),
        # equipment and supplies, named by the thing or by purchase/rental
        ("Purchase of a lumbar-sacral orthosis", "dme"),
        ("Rental of a hospital bed for 3 months", "dme"),
        ("Shower chair", "dme"),
        ("Raised toilet seat", "dme"),
        ("Standing desk", "dme"),
        ("Gel seat cushion", "dme"),
        ("Front-wheeled walker", "dme"),
        ("Bilateral wrist splints", "dme"),
        ("Incontinence pads, one month supply", "dme"),
        ("Wound dressings", "dme"),
        ("Cryotherapy device rental for 21 days", "dme"),
        ("Ultraslim arm sling", "dme"),
        # care at home
        ("Home health aide 4 hours per day, 5 days per week for 6 weeks", "home_health"),
        ("Daily nursing visits for 3 weeks", "home_health"),
        ("In-home attendant care 8 hours a day", "home_health"),
        ("Caregiver assistance 3 hours daily", "home_health"),
        # modalities given in a clinic, and rehabilitation stays
        ("Mechanical traction 3 times per week for 4 weeks", "rehabilitation"),
        ("Hot and cold packs applied by therapist, 6 sessions", "rehabilitation"),
        ("Therapeutic ultrasound to the right elbow 2 times a week for 3 weeks", "rehabilitation"),
        ("Inpatient rehabilitation stay for 2 weeks", "rehabilitation"),
        ("Neuromuscular re-education, 8 visits", "rehabilitation"),
        # psychiatric programs and therapies
        ("Psychiatric day treatment program, 5 days a week for 4 weeks", "mental_health"),
        ("Partial hospitalization program for depression", "mental_health"),
        ("Six sessions of cognitive behavioral therapy", "mental_health"),
        ("Group psychotherapy, weekly for 12 weeks", "mental_health"),
        # programs
        ("Functional restoration program, 160 hours", "programs"),
        ("Work hardening, 10 days", "programs"),
        ("Medically supervised weight loss program", "programs"),
        # drugs the lexicon does not know, by their dose or form
        ("Zorvolex 35mg #60", "pharmaceuticals"),
        ("Tizanidine 4mg, 90 tablets", "pharmaceuticals"),
        ("Compounded ketoprofen/lidocaine cream 240 grams", "pharmaceuticals"),
        ("Omega-3 capsules #120", "pharmaceuticals"),
        ("Two month supply of Theramine", "pharmaceuticals"),
        # injections, surgery, tests the lexicon does not list
        ("Genicular nerve block, left knee", "injections"),
        ("Stellate ganglion block under fluoroscopy", "injections"),
        ("Lumbar laminotomy at L4-5", "surgery"),
        ("Right shoulder capsulorrhaphy", "surgery"),
        ("Two day inpatient stay", "surgery"),
        ("Assistant surgeon", "surgery"),
        ("Lumbar discogram at L3-4, L4-5 and L5-S1", "diagnostic_testing"),
        ("Videonystagmography", "diagnostic_testing"),
        ("Audiometric testing", "diagnostic_testing"),
        ("Ultrasound of the right shoulder", "diagnostic_testing"),
        ("Comprehensive metabolic panel", "diagnostic_testing"),
        # other
        ("Round-trip taxi transportation to medical appointments", "other"),
        ("Gym membership for 6 months", "other"),
    ],
)
def test_category_from_the_items_structure(nlp, item, expected):
    got, basis = category(nlp, item)
    assert (got, basis in ("head", "lexicon")) == (expected, True)


def test_a_consultation_for_a_surgery_is_evaluation_and_management(nlp):
    got, basis = category(nlp, "Orthopedic consultation for right knee arthroscopy")
    assert (got, basis in ("head", "lexicon")) == ("evaluation_management", True)


def test_guideline_topics_decide_when_the_item_does_not(nlp):
    (decision,) = decisions(nlp, (
        "Zynex NexWave",
        NO_CITATION,
        "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Pain Chapter, "
        "Interferential Current Stimulation (ICS).",
        RATIONALE,
    ))
    assert (decision["category"], decision["category_basis"]) == ("dme", "guideline")


def test_rationale_decides_when_item_and_guidelines_do_not(nlp):
    (decision,) = decisions(nlp, (
        "Kinesiotape",
        NO_CITATION,
        "The Expert Reviewer found no guideline.",
        "The injured worker has completed physical therapy and has a home exercise program. "
        "The request is not medically necessary.",
    ))
    assert (decision["category"], decision["category_basis"]) == ("rehabilitation", "rationale")


def test_nothing_decides(nlp):
    assert category(nlp, "Item number 4") == ("other", "none")


@pytest.mark.parametrize(
    "item,expected",
    [
        # a device is named by its kind, not by the group the lexicon files it under
        ("Associated surgical service: Arm sling", ("sling", "dme", None)),
        ("Bilateral hearing aids", ("hearing aids", "dme", None)),
        ("Purchase of a bedside commode", ("commode", "dme", None)),
        # a service no lexicon lists: its head phrase as written, less counts and laterality
        ("2 knee pads", ("knee pads", "dme", None)),
        ("Gel seat cushion for purchase", ("gel seat cushion", "dme", None)),
        # a list intro is passed over; each test by its own name
        ("Pre-operative labs to include: ECG", ("electrocardiogram", "diagnostic_testing", None)),
        ("Labs to include: Chest X-ray", ("x-ray", "diagnostic_testing", None)),
        ("Associated surgical service: UA", ("laboratory tests", "diagnostic_testing", None)),
        # evaluation and management heads
        ("Orthopedic evaluation for the right knee", ("consultation", "evaluation_management", None)),
        ("Follow-up visit with pain management", ("office visit", "evaluation_management", None)),
        # drugs by their generic, fixed combinations whole, with their class
        ("Endocet 10/325mg #60", ("oxycodone/acetaminophen", "pharmaceuticals", "opioid analgesic")),
        ("Benadryl 25mg #30", ("diphenhydramine", "pharmaceuticals", "antihistamine")),
        ("Escitalopram 10mg #30", ("escitalopram", "pharmaceuticals", "antidepressant")),
        # two or more drugs with a topical marker are one compounded medication
        ("Ketoprofen 10%, Lidocaine 5% in Lipoderm base 120gm", ("compounded medication", "pharmaceuticals", None)),
    ],
)
def test_treatment_names_the_service_or_drug(nlp, item, expected):
    (decision,) = decisions(nlp, (item, NO_CITATION, "The Expert Reviewer found no guideline.", RATIONALE))
    assert (decision["treatment"], decision["category"], decision["drug_class"]) == expected
