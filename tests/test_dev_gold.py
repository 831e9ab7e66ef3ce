"""Record fields on the development letters (../shared/dwc-letters/) against gold written by
reading them (corpus/gold/dev/); skipped when the letters are absent."""
import pytest

from imr_nlp.evaluate import evaluate, read_gold
from imr_nlp.records import build_record
from conftest import DWC, GOLD, read

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not DWC.is_dir(), reason="../shared/dwc-letters/ is absent")]

FIELDS = (
    "case_number", "priority", "layout", "patient.age", "patient.sex", "dates.injury", "dates.utilization_review",
    "dates.assigned", "dates.decision", "dates.application_received", "reviewer.licensure", "reviewer.specialties",
    "diagnoses", "decisions.count", "decisions.item", "decisions.outcome", "decisions.original_request",
    "decisions.authorized", "decisions.treatment", "decisions.body_parts", "decisions.frequency",
    "decisions.guidelines",
)


# Issue 10's targets on the 15 development letters with span gold: exact-span F1 of DIAGNOSIS and
# TREATMENT 0.85 (overlap 0.92), BODY_PART and MEDICATION 0.90, every other label 0.95; where the
# rules reach more, the floor keeps it from slipping back.
ENTITY_FLOORS = {"DIAGNOSIS": 0.87, "TREATMENT": 0.88, "BODY_PART": 0.90, "MEDICATION": 0.99}
OVERLAP_FLOORS = {"DIAGNOSIS": 0.94, "TREATMENT": 0.94}
OTHER_LABELS_FLOOR = 0.95


@pytest.fixture(scope="module")
def evaluated(nlp):
    gold = read_gold(GOLD / "dev")
    predicted = {}
    for g in gold:
        text = read(DWC / f"{g['id']}.txt")
        predicted[g["id"]] = build_record(nlp(text), id=g["id"], source=g["source"], text=text)
    return evaluate(gold, predicted)


@pytest.fixture(scope="module")
def scores(evaluated):
    return evaluated["fields"]


def test_categories_on_every_development_decision(scores):
    assert scores["decisions.category"]["total"] == 339
    assert scores["decisions.category"]["accuracy"] >= 0.98


def test_every_gold_field_is_scored(scores):
    assert set(scores) == set(FIELDS) | {"decisions.category"}


@pytest.mark.parametrize("field", FIELDS)
def test_record_field_at_least_099(scores, field):
    assert scores[field]["accuracy"] >= 0.99, scores[field]


@pytest.mark.parametrize("label,floor", sorted(ENTITY_FLOORS.items()))
def test_entity_floor(evaluated, label, floor):
    assert evaluated["entities"]["exact"][label]["f1"] >= floor, evaluated["entities"]["exact"][label]


@pytest.mark.parametrize("label,floor", sorted(OVERLAP_FLOORS.items()))
def test_entity_overlap_floor(evaluated, label, floor):
    assert evaluated["entities"]["overlap"][label]["f1"] >= floor, evaluated["entities"]["overlap"][label]


def test_every_other_label_at_095(evaluated):
    exact = evaluated["entities"]["exact"]
    assert len(exact) >= 14
    low = {label: s["f1"] for label, s in exact.items() if label not in ENTITY_FLOORS and s["f1"] < OTHER_LABELS_FLOOR}
    assert low == {}


def test_icd10_codes_of_the_diagnoses(evaluated):
    """Issue 10's targets: at least 0.7 of the gold-coded diagnoses coded, 0.9 of those right at
    the 3-character category; and (a code taken down to a billable one) 0.78 right in full."""
    icd = evaluated["entities"]["icd10"]
    assert icd["spans"] >= 250
    assert icd["coded"] >= 0.8 and icd["right_category"] >= 0.9 and icd["right_code"] >= 0.78, icd
