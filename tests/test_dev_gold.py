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


@pytest.fixture(scope="module")
def scores(nlp):
    gold = read_gold(GOLD / "dev")
    predicted = {}
    for g in gold:
        text = read(DWC / f"{g['id']}.txt")
        predicted[g["id"]] = build_record(nlp(text), id=g["id"], source=g["source"], text=text)
    return evaluate(gold, predicted)["fields"]


def test_categories_on_every_development_decision(scores):
    assert scores["decisions.category"]["total"] == 339
    assert scores["decisions.category"]["accuracy"] >= 0.98


def test_every_gold_field_is_scored(scores):
    assert set(scores) == set(FIELDS) | {"decisions.category"}


@pytest.mark.parametrize("field", FIELDS)
def test_record_field_at_least_099(scores, field):
    assert scores[field]["accuracy"] >= 0.99, scores[field]
