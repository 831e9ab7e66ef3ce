"""Record contents on real letters: offsets, schema, normalized decision fields."""
import jsonschema
import pytest

from imr_nlp.records import build_record, schema
from conftest import DWC_LETTERS, LETTERS, SYNTHETIC, read


def record_of(nlp, path):
    text = read(path)
    return text, build_record(nlp(text), id=path.stem, source=str(path), text=text)


@pytest.mark.parametrize("path", LETTERS + SYNTHETIC, ids=lambda p: p.stem)
def test_offsets_slice_the_input_and_records_validate(nlp, path):
    text, record = record_of(nlp, path)
    jsonschema.validate(record, schema())
    assert record["entities"]
    for entity in record["entities"]:
        assert text[entity["start"] : entity["end"]] == entity["text"]
    for decision in record["decisions"]:
        block = " ".join(text[decision["start"] : decision["end"]].split())
        assert block.startswith(decision["item"]) or decision["item"] in block


def test_entities_across_line_breaks_keep_the_input_text(nlp):
    _, first = record_of(nlp, LETTERS[0])
    _, second = record_of(nlp, LETTERS[1])
    assert ("FREQUENCY", "2 times a week for \n\n5 weeks") in [(e["label"], e["text"]) for e in first["entities"]]
    hyphenated = [e for e in second["entities"] if e["text"] == "anti- \n\nseizure medications"]
    assert [(e["label"], e["norm"]) for e in hyphenated] == [("TREATMENT", "anticonvulsants")]  # a class, no named drug


def test_decision_fields_first_letter(nlp):
    _, record = record_of(nlp, LETTERS[0])
    (decision,) = record["decisions"]
    assert decision["treatment"] == "physical therapy"
    assert decision["body_parts"] == ["lumbar spine"]
    assert decision["frequency"] == {"per_week": 2, "weeks": 5, "sessions": 10}
    ca = decision["guidelines"]["claims_administrator"]
    assert [(c["source"], c["topic"], c["pages"]) for c in ca] == [("MTUS", "Physical Medicine", [99])]
    assert [c["source"] for c in decision["guidelines"]["maximus"]] == ["ODG", "ODG"]


def test_entities_link_to_decision_roles(nlp):
    _, record = record_of(nlp, LETTERS[1])
    outcomes = [e for e in record["entities"] if e["label"] == "OUTCOME"]
    assert [(e["text"], e["decision"], e["role"]) for e in outcomes] == [
        ("Upheld", 0, "item"), ("Upheld", 1, "item"), ("Upheld", 2, "item")
    ]
    roles = {e["role"] for e in record["entities"] if e["decision"] == 1}
    assert {"item", "claims_administrator_guideline", "maximus_guideline", "rationale"} <= roles


def test_specialty_and_state_only_in_credentials(nlp):
    text = read(LETTERS[1]) + "\nThe patient moved to Texas and saw Internal Medicine.\n"
    record = build_record(nlp(text), id="x", source="x", text=text)
    assert record["reviewer"] == {"licensure": ["California"], "specialties": ["Physical Medicine & Rehabilitation"]}


@pytest.mark.skipif(not DWC_LETTERS, reason="shared/dwc-letters not available")
@pytest.mark.slow
def test_dwc_letters_decisions_and_header_dates(nlp):
    """On 154 unseen-style letters: one block per outcome line, dates equal the letter header's."""
    import re

    from imr_nlp.values import iso_date

    for path in DWC_LETTERS:
        text, record = record_of(nlp, path)
        expected = len(re.findall(r"(?:Upheld|Overturned)\s*$", text, re.M))
        assert len(record["decisions"]) == expected, path.name
        injury = re.search(r"Date of Injury:\s*(\S+)", text)[1]
        ur = re.search(r"UR Denial Date:\s*(\S+)", text)[1]
        header = text[: text.index("HOW THE IMR")]
        assigned = re.search(r"Date Assigned:\s*(\S+)", header)[1]
        decided = re.search(r"Decision Date:\s*(\S+)", header)[1]
        received = re.search(r"^\s*(\d\d/\d\d/\d{4})\s*$", header, re.M)[1]  # the stray date line
        assert record["dates"] == {
            "injury": iso_date(injury), "utilization_review": iso_date(ur), "assigned": iso_date(assigned),
            "decision": iso_date(decided), "application_received": iso_date(received),
        }, path.name
        assert (record["case_number"], record["priority"]) == (path.stem, "standard"), path.name
        assert record["patient"]["sex"] in ("male", "female"), path.name
        assert record["reviewer"]["licensure"] and record["reviewer"]["specialties"], path.name
        for entity in record["entities"]:
            assert text[entity["start"] : entity["end"]] == entity["text"]


def with_header(text, header):
    """Letter 000 with its one decision header replaced."""
    return text.replace("Physical therapy 2 times a week for 5 weeks for the lumbar spine: Upheld", header)


@pytest.mark.parametrize(
    "header,item,frequency",
    [
        (
            "Physical therapy 2 times a week for 5 weeks for the lumbar spine was the original request.\n\n"
            "Physical therapy 2 times a week for 3 weeks was authorized by the Claims Administrator. The\n\n"
            "remaining IMR eligible portion of the original request, Physical therapy 2 times a week for 2\n\n"
            "weeks for the lumbar spine is: Upheld",
            "Physical therapy 2 times a week for 2 weeks for the lumbar spine",
            {"per_week": 2, "weeks": 2, "sessions": 4},
        ),
        (
            "Four sessions of physical therapy two times a week times 2 weeks: Overturned",
            "Four sessions of physical therapy two times a week times 2 weeks",
            {"sessions": 4, "per_week": 2, "weeks": 2},
        ),
        ("Physical therapy additional 3 visits per week for 2 weeks: Upheld", "Physical therapy additional 3 visits per week for 2 weeks",
         {"per_week": 3, "weeks": 2, "sessions": 6}),
        ("Eight physical therapy sessions for the neck:\n\nUpheld", "Eight physical therapy sessions for the neck", {"sessions": 8}),
    ],
    ids=["partial-authorization", "pieces-merged", "visits-per-week", "outcome-next-line"],
)
def test_item_frequency_comes_from_the_item_itself(nlp, header, item, frequency):
    text = with_header(read(LETTERS[0]), header)
    record = build_record(nlp(text), id="x", source="", text=text)
    (decision,) = record["decisions"]
    assert (decision["item"], decision["frequency"], decision["treatment"]) == (item, frequency, "physical therapy")
    assert decision["outcome"] == header.rsplit(None, 1)[-1].lower()


def test_case_summary_requests_link_to_their_block(nlp):
    """001: "the current request for additional physical therapy ... for the lumbar spine,
    additional physical therapy ... for the cervical spine and compounded medication: ..."."""
    _, record = record_of(nlp, LETTERS[1])
    linked = [(e["label"], " ".join(e["text"].split()), e["decision"]) for e in record["entities"] if e["role"] == "case_summary"]
    assert linked[:8] == [
        ("TREATMENT", "physical therapy", 0), ("FREQUENCY", "2 times a week for 4 weeks", 0), ("BODY_PART", "lumbar spine", 0),
        ("TREATMENT", "physical therapy", 1), ("FREQUENCY", "2 times a week for 4 weeks", 1), ("BODY_PART", "cervical spine", 1),
        ("TREATMENT", "compounded medication", 2), ("MEDICATION", "Ketoprofen 10%", 2),
    ]
    unlinked = [e for e in record["entities"] if " ".join(e["text"].split()) == "urine drug screening"]
    assert [(e["decision"], e["role"]) for e in unlinked] == [(None, None)]


@pytest.mark.parametrize(
    "snippet,medication",
    [
        ("Current medications are listed as Hydrocodone 10/325mg, Duloxetine", "Hydrocodone 10/325mg"),
        ("Norco 10/325mg #120: Upheld", "Norco 10/325mg #120"),
        ("Sodium Hyaluronate 0.2% 300g with 3 refills", "Sodium Hyaluronate 0.2% 300g with 3 refills"),
        ("Tramadol ER 150mg #30 was requested", "Tramadol ER 150mg #30"),
        ("Lidoderm 5% patch #30", "Lidoderm 5% patch #30"),
        ("He took gabapentin in the past", "gabapentin"),
    ],
)
def test_medication_spans_carry_strength_form_quantity_refills(nlp, snippet, medication):
    text = read(LETTERS[0]).replace("Current \n\ndiagnoses include", snippet + ". Current \n\ndiagnoses include")
    record = build_record(nlp(text), id="x", source="", text=text)
    assert [e["text"] for e in record["entities"] if e["label"] == "MEDICATION"][0] == medication


@pytest.mark.parametrize("index,expected", [(3, "female"), (0, "male"), (4, None)])
def test_sex_from_pronouns_when_not_stated(nlp, index, expected):
    """Without "female"/"male": 003 says "she" and "her", 000 "His pain limits his activities";
    004's case summary has a single "his", too little to decide."""
    text = read(LETTERS[index])
    for word in ("year-old female", "year old male", "year-old male"):
        text = text.replace(word, word.rsplit(" ", 1)[0] + " claimant")
    record = build_record(nlp(text), id="x", source="", text=text)
    assert record["patient"]["sex"] == expected
    assert not [e for e in record["entities"] if e["label"] == "SEX"]


def test_a_record_line_reads_back_equal_with_its_text_as_written(nlp):
    """records.jsonl lines (``json_line``): the record reads back equal, UTF-8 text and slashes
    stay as written, one line each."""
    import json

    from imr_nlp.json_lines import json_line

    text = read(LETTERS[0]).replace("lumbar", "lumbar – “L4/L5” café", 1)
    record = build_record(nlp(text), id="x", source="a/b.txt", text=text)
    line = json_line(record)
    assert "\n" not in line and json.loads(line) == record
    assert "“L4/L5” café" in line and '"source":"a/b.txt"' in line
