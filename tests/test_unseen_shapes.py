"""Record fields on sentences written in the shapes that failed on letters nobody here had read:
partial authorizations, outcome words without their spaces, injury sentences without "injury",
daily schedules, 2013 guideline wordings, section numbers and several sources in one citation."""
import pytest

from imr_nlp.citations import parse_citation
from imr_nlp.lexicons import read_lexicon
from imr_nlp.records import build_record
from imr_nlp.values import frequency
from letters import fdl_letter, summary_entities

NO_CITATION = "The Claims Administrator did not cite any medical evidence for its decision."


def record(nlp, text: str) -> dict:
    return build_record(nlp(text), id="t", source="t", text=text)


@pytest.mark.parametrize(
    "header,item,original,authorized",
    [
        ("Aquatic therapy 12 sessions for the right knee was the original request. Aquatic therapy 4 sessions was "
         "authorized by the Claims Administrator. The remaining IMR eligible portion of the original request, "
         "Aquatic therapy 8 sessions", "Aquatic therapy 8 sessions", "Aquatic therapy 12 sessions for the right knee",
         "Aquatic therapy 4 sessions"),
        ("Gabapentin 600mg #90 with 3 refills was the original request. The Claims Administrator certified "
         "Gabapentin 600mg #90 with 1 refill, leaving the original request IMR eligible. The original request, "
         "Gabapentin 600mg #90 with 3 refills", "Gabapentin 600mg #90 with 3 refills", "Gabapentin 600mg #90 with 3 refills",
         "Gabapentin 600mg #90 with 1 refill"),
    ],
)
def test_partial_authorization(nlp, header, item, original, authorized):
    (decision,) = record(nlp, fdl_letter((header, NO_CITATION, "Decision based on MTUS.", "Not necessary.")))["decisions"]
    assert (decision["item"], decision["original_request"], decision["authorized"]) == (item, original, authorized)


NOTICE = (
    "Independent Medical Review Final Determination Letter\n\nMAXIMUS Federal Services, Inc. has completed the "
    "Independent Medical Review (IMR) of the above workers' compensation case.\n\n"
    "Expert Reviewer's Decision and Rationale:\n\n"
    "1. MAXIMUS Federal Services, Inc. has determined the request for {first} {verdict} necessary and appropriate.\n"
    "Medical Treatment Guideline(s) Relied Upon by the Claims Administrator: MTUS Chronic Pain Medical Treatment "
    "Guidelines, Opioids, pages 74-96.\n"
    "Medical Treatment Guideline(s) Relied Upon by the Expert Reviewer: Cited guideline(s): MTUS Chronic Pain "
    "Medical Treatment Guidelines, Opioids, pages 78-80.\n"
    "The Expert Reviewer's decision rationale: There is no documentation of functional improvement.\n\n"
    "2. MAXIMUS Federal Services, Inc. has determined the request for bilateral knee braces is medically necessary "
    "and appropriate.\n"
    "The Expert Reviewer based his/her decision on the ODG Knee and Leg Chapter, Knee brace.\n"
    "The Expert Reviewer's decision rationale: The brace is supported.\n"
)


@pytest.mark.parametrize("verdict", ["isnot medically", "is notmedically", "isnotmedically"])
def test_notice_outcome_without_spaces(nlp, verdict):
    text = NOTICE.format(first="Oxycodone 10mg #60", verdict=verdict)
    decisions = record(nlp, text)["decisions"]
    assert [(d["item"], d["outcome"]) for d in decisions] == [
        ("Oxycodone 10mg #60", "upheld"), ("bilateral knee braces", "overturned")]
    assert decisions[0]["guidelines"]["claims_administrator"][0]["pages"] == list(range(74, 97))
    assert decisions[0]["guidelines"]["maximus"][0]["pages"] == [78, 79, 80]
    assert [c["source"] for c in decisions[1]["guidelines"]["maximus"]] == ["ODG"]


def test_an_item_never_swallows_the_next_outcome(nlp):
    """With its verdict lost, a request is no item: the next one does not run into it."""
    text = NOTICE.format(first="Oxycodone 10mg #60", verdict="is under review and its rationale follows. It is")
    items = [d["item"] for d in record(nlp, text)["decisions"]]
    assert items == ["bilateral knee braces"]


def test_fdl_outcome_glued_to_the_next_word(nlp):
    text = fdl_letter(("Hinged knee brace", NO_CITATION, "Decision based on ODG Knee.", "Not necessary."))
    text = text.replace("Upheld\n\nClaims", "UpheldClaims")
    (decision,) = record(nlp, text)["decisions"]
    assert (decision["item"], decision["outcome"]) == ("Hinged knee brace", "upheld")


@pytest.mark.parametrize(
    "sentence,iso",
    [
        ("She twisted her left ankle while stepping off a forklift on June 7, 2014.", "2014-06-07"),
        ("He fell from a scaffold on 11/2/11 and landed on his back.", "2011-11-02"),
        ("The worker slipped on a wet floor in the kitchen on 04-19-2016.", "2016-04-19"),
        ("The claimant was struck by a falling box on 8/30/2015.", "2015-08-30"),
        ("He slipped on ice on Jan. 5, 2015.", "2015-01-05"),
    ],
)
def test_injury_date_from_the_mechanism(nlp, sentence, iso):
    summary = f"The injured worker is a 40 year-old male. {sentence} He was seen on 12/01/2016 for follow up."
    text = fdl_letter(("Lumbar MRI", NO_CITATION, "Decision based on ODG.", "Not necessary."), summary=summary)
    assert record(nlp, text)["dates"]["injury"] == iso


@pytest.mark.parametrize(
    "sentence",
    [
        "The injured worker was evaluated on 10-19-16 for ongoing pain.",
        "The injured employee underwent ORIF of the left foot on 10-20-2016.",
    ],
)
def test_the_injured_worker_is_not_a_mechanism(nlp, sentence):
    """'injured' naming the person is no injury: the date after it is an ordinary DATE."""
    labels = [(ent.text, ent.label_) for ent in nlp(sentence).ents if ent.label_.endswith("DATE")]
    assert labels == [(sentence.split(" on ")[1].split(" ")[0].rstrip("."), "DATE")]


def test_injured_in_a_mechanism_keeps_its_date(nlp):
    doc = nlp("She injured her right wrist at work on 03/02/2015.")
    assert [(ent.text, ent.label_) for ent in doc.ents if ent.label_.endswith("DATE")] == [("03/02/2015", "INJURY_DATE")]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Daily home nursing visits for 3 weeks", {"per_week": 7, "weeks": 3, "sessions": 21}),
        ("every day for 2 weeks", {"per_week": 7, "weeks": 2, "sessions": 14}),
        ("7 days a week for 4 weeks", {"days_per_week": 7, "per_week": 7, "weeks": 4, "sessions": 28}),
        ("daily for 10 days", {"per_week": 7, "sessions": 10}),
        ("every other day for 2 weeks", {"weeks": 2}),
    ],
)
def test_daily_schedules(text, expected):
    assert frequency(text) == expected


def test_daily_item_frequency(nlp):
    (decision,) = record(nlp, fdl_letter(("Home health aide daily for 4 weeks", NO_CITATION, "Decision based on ODG.", "No.")))["decisions"]
    assert decision["frequency"] == {"per_week": 7, "weeks": 4, "sessions": 28}


GUIDELINES = read_lexicon("guidelines.json")


@pytest.mark.parametrize(
    "text,sections,pages,topic",
    [
        ("MTUS Opioid Treatment 2016, Section(s): 2.1 Opioids for Acute Pain: Tapering", ["2.1"], [], "Opioids for Acute Pain: Tapering"),
        ("MTUS Opioid Treatment 2016, Section(s): 4.2.1 Dosing, 4.3 Monitoring", ["4.2.1", "4.3"], [], "Dosing; Monitoring"),
        ("MTUS Chronic Pain Medical Treatment Guidelines, Opioids, Page(s): 78-80", [], [78, 79, 80], "Opioids"),
    ],
)
def test_section_numbers_are_not_pages(text, sections, pages, topic):
    citation = parse_citation(text, GUIDELINES)
    assert (citation["sections"], citation["pages"], citation["topic"]) == (sections, pages, topic)


def test_one_citation_per_named_source(nlp):
    maximus = ("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Shoulder Chapter, "
               "Arthroscopy and Other Medical Treatment Guidelines www.example-guidelines.org.")
    (decision,) = record(nlp, fdl_letter(("Right shoulder arthroscopy", NO_CITATION, maximus, "Not necessary.")))["decisions"]
    assert [(c["source"], c["topic"]) for c in decision["guidelines"]["maximus"]] == [
        ("ODG", "Shoulder Chapter, Arthroscopy"), ("OTHER", None)]


def test_second_mtus_guideline_after_and_keeps_its_sections(nlp):
    claims = ("Decision based on MTUS Knee Complaints 2004, Section(s): Summary, and Opioid Treatment 2016, "
              "Section(s): 3.3.6 Opioids for Chronic Pain and Chronic Opioid Treatment: Use of Urine Drug Testing "
              "(UDT), 3.3.8 Opioids for Chronic Pain and Chronic Opioid Treatment: Opioid Titration.")
    (decision,) = record(nlp, fdl_letter(("Norco 10/325mg #90", claims, "MTUS", "Not necessary.")))["decisions"]
    cited = decision["guidelines"]["claims_administrator"]
    assert [(c["source"], c["title"], c["sections"]) for c in cited] == [
        ("MTUS", "Knee Complaints", []), ("MTUS", "Opioids Treatment Guidelines", ["3.3.6", "3.3.8"])]
    assert cited[1]["topic"] == ("Opioids for Chronic Pain and Chronic Opioid Treatment: Use of Urine Drug Testing "
                                 "(UDT); Opioids for Chronic Pain and Chronic Opioid Treatment: Opioid Titration")


def test_acoem_book_cited_after_an_odg_topic(nlp):
    claims = ("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Neck and Upper Back - "
              "Traction Glass LS. Occupational medicine practice guidelines, 2nd edition (2004) p 173.")
    (decision,) = record(nlp, fdl_letter(("Cervical traction unit", claims, "MTUS", "Not necessary.")))["decisions"]
    assert [(c["source"], c["topic"], c["pages"], c["year"]) for c in decision["guidelines"]["claims_administrator"]] == [
        ("ODG", "Neck and Upper Back - Traction", [], None), ("ACOEM", None, [173], 2004)]


@pytest.mark.parametrize(
    "text,topic,year",
    [
        ("Non-MTUS Citation American Academy of Neurology. Carpal tunnel syndrome. St. Paul (MN): AAN; 2009 Mar. 2.",
         "Carpal tunnel syndrome", 2009),
        ("Non-MTUS Citation Smith AB, Jones C. Opioid tapering in chronic pain. J Pain Res. 2015;8:101-9.",
         "Opioid tapering in chronic pain", 2015),
        ("Non-MTUS Citation UpToDate, Zolpidem: Drug information", "UpToDate, Zolpidem: Drug information", None),
    ],
)
def test_other_reference_topic_is_its_title(text, topic, year):
    citation = parse_citation(text, GUIDELINES)
    assert (citation["source"], citation["topic"], citation["year"]) == ("OTHER", topic, year)


@pytest.mark.parametrize(
    "item,frequency",
    [
        ("Associated surgical service: Cold therapy unit for 14 days", None),
        ("TENS unit rental for one month", None),
        ("Hot and cold packs, 6 sessions", {"sessions": 6}),
    ],
)
def test_equipment_use_length_is_no_schedule(nlp, item, frequency):
    (decision,) = record(nlp, fdl_letter((item, NO_CITATION, "MTUS", "Not necessary.")))["decisions"]
    assert decision["frequency"] == frequency


@pytest.mark.parametrize(
    "text,expected",
    [
        ("bid", {"per_day": 2}),
        ("t.i.d.", {"per_day": 3}),
        ("three times a day", {"per_day": 3}),
        ("twice daily", {"per_day": 2}),
        ("every 4-6 hours", {"per_day": 6}),
        ("5-14 days", {"days": 14}),
        ("two to four months", {"months": 4}),
        ("one-week", {"weeks": 1}),
        ("up to 10 days", {"days": 10}),
    ],
)
def test_dosing_and_duration_values(text, expected):
    assert frequency(text) == expected


@pytest.mark.parametrize(
    "summary,spans",
    [
        # the length of a service named before it, in its clause
        ("The patient was admitted to a skilled nursing facility for 10 days. She was given Mobic 7.5 mg "
         "twice a day and tramadol every 8 hours.", ["10 days", "twice a day", "every 8 hours"]),
        # ... or after it, or beside a noun of use
        ("Guidelines support a two-week home-based TENS trial and a trial of at least 6 weeks of acupuncture; "
         "a cryotherapy unit, fourteen day rental, was requested.", ["two-week", "6 weeks", "fourteen day"]),
        # times that are no service's length
        ("He has had neck pain for 8 months. He was seen two weeks after the fall and had limited activity "
         "for more than 3 months. Activities of daily living are impaired.", []),
    ],
)
def test_service_lengths_and_dosing_are_frequencies(nlp, summary, spans):
    assert [s.text for s in summary_entities(nlp, summary, "FREQUENCY")] == spans


@pytest.mark.parametrize(
    "text,drugs",
    [
        # a compound's drugs joined by slashes right after their strengths
        ("Ketoprofen 10%/Gabapentin 6%/Lidocaine 2%, 240g", ["Ketoprofen 10%", "Gabapentin 6%", "Lidocaine 2%, 240g"]),
        ("Baclofen 2%/Cyclobenzaprine 2% cream", ["Baclofen 2%", "Cyclobenzaprine 2% cream"]),  # the form is the drug's
    ],
)
def test_compound_drugs_joined_by_slashes(nlp, text, drugs):
    doc = nlp(text)
    assert [s.text for s in doc.spans["imr_entities"] if s.label_ == "MEDICATION"] == drugs
