"""ConText flags and abbreviations on real letter snippets."""
import pytest

from imr_nlp.records import build_record
from conftest import LETTERS, read


def record(nlp, text):
    return build_record(nlp(text), id="x", source="", text=text)


def flags(record, text):
    (entity,) = [e for e in record["entities"] if e["text"] == text]
    return {k for k, v in entity["context"].items() if v}


@pytest.mark.parametrize(
    "letter,entity,expected",
    [
        (1, "cervical disc injury", {"uncertain"}),  # "rule out cervical disc injury"
        (1, "lumbar decompression", {"historical"}),  # "status post left L4-5 lumbar decompression"
        (0, "microdiscectomy", {"historical"}),  # "Prior treatments included L4-5 microdiscectomy 2013"
    ],
)
def test_context_flags_in_letters(nlp, letter, entity, expected):
    assert flags(record(nlp, read(LETTERS[letter])), entity) == expected


@pytest.mark.parametrize(
    "sentence,entity,expected",
    [
        ("There is no evidence of radiculopathy on examination.", "radiculopathy", {"negated"}),
        ("Imaging showed findings negative for disc herniation.", "disc herniation", {"negated"}),
        ("The diagnosis is possible carpal tunnel syndrome.", "carpal tunnel syndrome", {"uncertain"}),
        ("She has a history of lumbar fusion.", "lumbar fusion", {"historical"}),
        ("The current request for acupuncture was denied.", "acupuncture", {"hypothetical"}),
        ("The patient reports radiculopathy but no myelopathy.", "radiculopathy", set()),
    ],
)
def test_context_rules(nlp, sentence, entity, expected):
    text = read(LETTERS[0]).replace("Current \n\ndiagnoses include", sentence + " Current \n\ndiagnoses include")
    assert flags(record(nlp, text), entity) == expected


def test_abbreviations_defined_and_lexicon(nlp):
    found = {(a["short"], a["long"], a["source"]) for a in record(nlp, read(LETTERS[3]))["abbreviations"]}
    assert ("FABER", "Flexion in Abduction and External Rotation", "defined") in found
    assert ("DTRs", "Deep Tendon Reflexes", "defined") in found  # three words: scispaCy alone misses it
    assert ("FRP", "Function Restoration Program", "defined") in found
    assert ("IMR", "independent medical review", "lexicon") in found
    first = {(a["short"], a["source"]) for a in record(nlp, read(LETTERS[1]))["abbreviations"]}
    assert ("NSAIDs", "defined") in first and ("MTUS", "lexicon") in first
