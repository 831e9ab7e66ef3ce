"""Record fields on the development letters (../shared/dwc-letters/) against gold written by
reading them (corpus/gold/dev/); skipped when the letters are absent."""
import pytest

from imr_nlp.evaluate import evaluate, read_gold
from imr_nlp.records import build_record
from conftest import DWC, GOLD, read

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not DWC.is_dir(), reason="../shared/dwc-letters/ is absent")]

# Fields the rules already hold at 0.99 or better; the others (header facts, diagnoses, treatment
# names, body parts, frequency, guidelines) are below it and issue 9 stays open for them.
HELD = (
    "layout", "patient.age", "patient.sex", "dates.injury", "dates.utilization_review", "reviewer.licensure",
    "reviewer.specialties", "decisions.count", "decisions.item", "decisions.outcome", "decisions.original_request",
    "decisions.authorized",
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


@pytest.mark.parametrize("field", HELD)
def test_record_fields_held(scores, field):
    assert scores[field]["accuracy"] >= 0.99, scores[field]
