"""ICD-10-CM codes for problems in the wordings letters use: lay and clinical synonyms, sites
implied by the problem word, nonessential modifiers, signs without a code of their own, and
words too vague to code."""
import pytest

from imr_nlp.icd10 import code_for
from imr_nlp.lexicons import read_lexicon
from imr_nlp.records import build_record
from letters import fdl_letter

TABLE = read_lexicon("icd10.json")


@pytest.mark.parametrize(
    "problem,code",
    [
        ("chronic low back pain", "M54.50"),
        ("left lumbar radiculopathy", "M54.16"),
        ("neck sprain", "S13.9"),
        ("sprain of ligaments of cervical spine", "S13.4"),
        ("lumbar strain", "S39.012"),
        ("pain in the left knee", "M25.562"),
        ("bilateral carpal tunnel syndrome", "G56.03"),
        ("lower back pain", "M54.50"),
        ("dizziness", "R42"),
        ("tingling", "R20.2"),
        ("tenderness to the lumbar paraspinal muscles", "R29.898"),
        ("post-concussion syndrome", "F07.81"),
        ("concussion without loss of consciousness", "S06.0X0"),
        ("essential hypertension", "I10"),
        ("acute renal failure", "N17.9"),
        ("hepatic failure", "K72.90"),
        ("cardiac arrhythmia", "I49.9"),
        ("opioid dependency", "F11.20"),
        # a title that heads more codes gives its plainest code: no complication, the most
        # unspecified, "without"/"not" ("Type 2 diabetes mellitus" E11 is no code to bill)
        ("type 2 diabetes mellitus", "E11.9"),
        ("migraine headaches", "G43.909"),
        ("rotator cuff tear", "M75.100"),
        ("radiculitis", "M54.10"),
        ("chronic pain", "G89.29"),
        ("ulnar neuropathy", "G56.20"),
        ("muscle spasms", "M62.838"),
        ("symptoms", None),
        ("red flags", None),
    ],
)
def test_code_for_problem(problem, code):
    assert code_for(problem, TABLE) == code


def test_record_lists_diagnoses_with_their_codes(nlp):
    text = fdl_letter(("Physical therapy 6 sessions", "MTUS", "MTUS", "Not necessary."),
                      summary="The diagnoses include neck pain, right carpal tunnel syndrome and gastric ulcers.")
    record = build_record(nlp(text), id="t", source="t", text=text)
    assert list(zip(record["diagnoses"], record["diagnosis_codes"])) == [
        ("neck pain", "M54.2"), ("right carpal tunnel syndrome", "G56.01"), ("gastric ulcers", "K25.9")]


def test_index_is_built_once_and_read_from_the_cache(tmp_path, monkeypatch):
    """The index is written to the cache directory and read back the same; a damaged cache file
    is rebuilt, not an error."""
    import gc

    from imr_nlp import icd10

    monkeypatch.setenv("IMR_NLP_CACHE", str(tmp_path))
    args = (frozenset(TABLE["stopwords"]), tuple(TABLE["skip_chapters"]))
    icd10.index.cache_clear()
    built = icd10.index(*args)
    (cached,) = tmp_path.glob("icd10-index-*.marshal")
    icd10.index.cache_clear()
    gc.disable()  # read with the collector paused, and left as it was found
    assert icd10.index(*args) == built and not gc.isenabled()
    gc.enable()
    icd10.index.cache_clear()
    assert icd10.index(*args) == built and gc.isenabled()
    cached.write_bytes(b"damaged")
    icd10.index.cache_clear()
    assert icd10.index(*args) == built and cached.read_bytes() != b"damaged"
    assert [code for code, _, _, _ in built["cervicalgia"]] == ["M54.2"]
    icd10.index.cache_clear()


def test_a_heading_code_gives_its_plainest_billable_code():
    """A category or subcategory with codes under it stands for its plainest one: no complication,
    the most "unspecified", "without"/"uncomplicated"/"not", else "Other ..."; it stays itself when
    that child states more than it."""
    import warnings

    from imr_nlp.icd10 import _default_leaf

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm as cm
    codes = ("E11", "G43.9", "M75.10", "F11.2", "M62.83", "M19", "K25", "S02.10", "I1A", "Z67.9", "M54.50", "S92.902")
    assert {code: _default_leaf(cm, code) for code in codes} == {
        "E11": "E11.9", "G43.9": "G43.909", "M75.10": "M75.100", "F11.2": "F11.20", "M62.83": "M62.838",
        "M19": "M19.90", "K25": "K25.9", "S02.10": "S02.109",
        "I1A": "I1A",  # its one child is "Resistant hypertension"
        "Z67.9": "Z67.9",  # "Unspecified blood type": its children add "Rh positive" or "Rh negative"
        "M54.50": "M54.50", "S92.902": "S92.902",  # leaves (an injury's 7th character left out)
    }


@pytest.mark.parametrize("problem", ["blood clot", "high blood pressure", "blood loss"])
def test_a_problem_naming_blood_is_no_blood_type(problem):
    """Blood type (Z67) is no problem: its title is "blood" alone once "type" is a stopword."""
    assert not (code_for(problem, TABLE) or "").startswith("Z67")
