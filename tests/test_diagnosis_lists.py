"""Stated diagnosis lists cut into diagnoses as written, in the shapes the published letters use:
ICD-10-CM wordings with commas inside, semicolon lists, sites shared by coordination, cues
without the word "diagnosis", and clauses that end a list."""
import pytest

from imr_nlp.records import build_record
from letters import fdl_letter

ITEM = ("Physical therapy 6 sessions", "MTUS", "MTUS", "Not supported.")


def diagnoses(nlp, summary: str) -> list[str]:
    text = fdl_letter(ITEM, summary=summary)
    return build_record(nlp(text), id="t", source="t", text=text)["diagnoses"]


@pytest.mark.parametrize(
    "summary,expected",
    [
        ("The diagnoses include neck pain; other cervical disc displacement, mid-cervical region; and sprain of "
         "unspecified side of left wrist, subsequent encounter. He works as a clerk.",
         ["neck pain", "other cervical disc displacement, mid-cervical region",
          "sprain of unspecified side of left wrist"]),
        ("Diagnoses include contusion of left knee-initial, laceration of scalp, sequela, and insomnia.",
         ["contusion of left knee", "laceration of scalp", "insomnia"]),
        ("She was diagnosed with a knee strain, patellar tendinitis, left ankle and left foot sprain and plantar "
         "fasciitis.",
         ["knee strain", "patellar tendinitis", "left ankle and left foot sprain", "plantar fasciitis"]),
        ("The worker is undergoing treatment for cervical, thoracic and lumbar musculoligamentous strain. An MRI "
         "was done.",
         ["cervical, thoracic and lumbar musculoligamentous strain"]),
        ("The current diagnoses are documented as subluxation, elbow, and chronic pain syndrome.",
         ["subluxation, elbow", "chronic pain syndrome"]),
        ("The injured worker was diagnosed with a lumbar compression fracture on 10/12/2015 and was treated with "
         "a brace.",
         ["lumbar compression fracture"]),
        ("Her diagnoses were anxiety disorder and insomnia, which were treated with medication.",
         ["anxiety disorder", "insomnia"]),
        ("The injured worker is being treated for the diagnoses of contusion of the right hip and sprain of "
         "joints and ligaments of the pelvis.",
         ["contusion of the right hip", "sprain of joints and ligaments of the pelvis"]),
    ],
    ids=["semicolons_icd_wording", "encounter_words_dropped", "shared_site_by_and", "coordinated_adjectives", "site_after_comma",
         "date_ends_list", "clause_ends_list", "and_inside_a_diagnosis"],
)
def test_stated_list_is_cut_into_diagnoses(nlp, summary, expected):
    assert diagnoses(nlp, "The injured worker is a 48 year-old female who was injured on 03/14/2015. " + summary) == expected


def test_without_a_list_the_unnegated_diagnoses_count(nlp):
    summary = ("The injured worker is a 48 year-old female who was injured on 03/14/2015. She denied tinnitus. "
               "She reported low back pain.")
    assert diagnoses(nlp, summary) == ["low back pain"]


def test_list_items_are_diagnosis_spans(nlp):
    text = fdl_letter(ITEM, summary="Diagnoses include other intervertebral disc displacement, lumbar region and "
                      "radiculopathy.")
    doc = nlp(text)
    found = [s.text for s in doc.spans["imr_entities"] if s.label_ == "DIAGNOSIS"]
    assert found[:2] == ["other intervertebral disc displacement, lumbar region", "radiculopathy"]
    assert [s.label_ for s in doc.spans["imr_diagnosis_lists"]] == ["DIAGNOSIS_LIST"]


def test_status_post_procedure_is_no_diagnosis_and_levels_stay_together(nlp):
    summary = ("The diagnosis is status post L5-S1 fusion and herniated nucleus pulposus C5-C6 and C6-C7 with left "
               "cervical radiculopathy.")
    assert diagnoses(nlp, summary) == ["herniated nucleus pulposus C5-C6 and C6-C7 with left cervical radiculopathy"]


def test_rule_out_is_left_to_context(nlp):
    text = fdl_letter(ITEM, summary="She was diagnosed with knee sprain and rule out meniscal tear.")
    rec = build_record(nlp(text), id="t", source="t", text=text)
    assert rec["diagnoses"] == ["knee sprain", "meniscal tear"]
    (tear,) = [e for e in rec["entities"] if e["text"] == "meniscal tear"]
    assert tear["context"]["uncertain"] is True
