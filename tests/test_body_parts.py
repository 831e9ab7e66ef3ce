"""Body parts of a decision in the shapes unseen letters write them: plurals that mean both sides,
region adjectives, sides shared along a coordination, sub-structures of a part already named,
and body-part words that name a specialist."""
import pytest

from imr_nlp.records import build_record
from letters import fdl_letter, summary_entities

NO_CITATION = "The Claims Administrator did not cite any medical evidence for its decision."


def body_parts(nlp, item: str) -> list[str]:
    text = fdl_letter((item, NO_CITATION, "The Expert Reviewer found no guideline.", "Not necessary."))
    (decision,) = build_record(nlp(text), id="t", source="t", text=text)["decisions"]
    return decision["body_parts"]


@pytest.mark.parametrize(
    "item,expected",
    [
        ("Nerve conduction studies of the upper extremities", ["bilateral upper extremities"]),
        ("EMG of the bilateral lower extremity", ["bilateral lower extremities"]),
        ("Knee braces for both knees", ["bilateral knees"]),
        ("CT scan of the pelvis", ["pelvis"]),
        ("Compression stockings for the legs", ["bilateral legs"]),
        ("Lumbar support", ["lumbar spine"]),
        ("Cervical traction unit for home use", ["cervical spine"]),
        ("Physical therapy for the right elbow and wrist", ["right elbow", "right wrist"]),
        ("Acupuncture for the left shoulder and lumbar spine", ["left shoulder", "lumbar spine"]),
        ("Right shoulder arthroscopy with labrum repair", ["right shoulder"]),
        ("Consultation with a hand surgeon", []),
        ("Spinal cord stimulator trial", []),
    ],
)
def test_item_body_parts(nlp, item, expected):
    assert body_parts(nlp, item) == expected


def test_region_adjectives_are_no_body_part_entities(nlp):
    doc = nlp("The injured worker has lumbar radiculopathy and pain of the lumbar spine after spinal surgery.")
    assert [s.text for s in doc.spans["imr_entities"] if s.label_ == "BODY_PART"] == ["lumbar spine"]
    assert [(s.text, s._.norm) for s in doc.spans["imr_body_regions"]] == [("lumbar", "lumbar spine")]



@pytest.mark.parametrize(
    "sentence,expected",
    [
        ("There was tenderness of the left mid foot.", ["left mid foot"]),
        ("MRI showed a tear of the supraspinatus tendon and proximal biceps.", ["supraspinatus tendon", "proximal biceps"]),
        ("Spasm of the neck muscles was noted.", ["neck muscles"]),
        ("There is stenosis at left L4-5.", ["L4-5"]),
    ],
    ids=["position_words", "structure_nouns", "muscles_of_a_part", "level_without_side"],
)
def test_body_part_spans_widen_over_position_and_structure(nlp, sentence, expected):
    assert [s.text for s in summary_entities(nlp, sentence, "BODY_PART")] == expected
