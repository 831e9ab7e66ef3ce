"""The evaluate command: field accuracy, per-label entity scores, linking."""
import json

from typer.testing import CliRunner

from imr_nlp.cli import app
from imr_nlp.evaluate import evaluate
from conftest import GOLD

runner = CliRunner()


def test_evaluate_the_shipped_gold(tmp_path):
    result = runner.invoke(app, ["evaluate", str(GOLD), "--output", str(tmp_path / "scores.json")])
    assert result.exit_code == 0, result.output
    scores = json.loads((tmp_path / "scores.json").read_text())
    assert scores["letters"] == 7 and scores["missing"] == []
    assert {name: s["accuracy"] for name, s in scores["fields"].items()} == {
        name: 1.0 for name in scores["fields"]
    }
    assert scores["fields"]["decisions.item"]["total"] == 14
    assert "decisions.outcome" in result.output


def test_evaluate_scores_a_wrong_record(tmp_path):
    gold = [json.loads(p.read_text()) for p in sorted(GOLD.glob("0*.json"))]
    records = tmp_path / "records.jsonl"
    out = tmp_path / "out"
    assert runner.invoke(app, ["annotate", *[str(GOLD.parent.parent / g["source"]) for g in gold], "--out", str(out)]).exit_code == 0
    lines = [json.loads(line) for line in (out / "records.jsonl").read_text().splitlines()]
    lines[0]["decisions"][0]["outcome"] = "overturned"
    lines[1]["patient"]["age"] = 99
    records.write_text("\n".join(json.dumps(r) for r in lines[:-1]) + "\n")
    result = runner.invoke(app, ["evaluate", str(GOLD), "--pred", str(records), "--output", str(tmp_path / "s.json")])
    assert result.exit_code == 0, result.output
    scores = json.loads((tmp_path / "s.json").read_text())
    assert scores["missing"] == ["004_cd25302fe478ef5d", "notice_2013_numbered_synthetic", "notice_2013_synthetic"]
    # 14 gold decisions: 7 in letters without a record, 1 changed
    assert scores["fields"]["decisions.outcome"] == {"correct": 6, "total": 14, "accuracy": 6 / 14}
    assert scores["fields"]["patient.age"]["correct"] == 3


def test_entity_scores_exact_overlap_and_linking():
    gold = [{"id": "a", "entities": [
        {"label": "AGE", "start": 0, "end": 2, "decision": None, "role": None},
        {"label": "TREATMENT", "start": 10, "end": 26, "decision": 0, "role": "item"},
        {"label": "TREATMENT", "start": 40, "end": 50, "decision": 0, "role": "rationale"},
    ]}]
    pred = {"a": {"decisions": [], "entities": [
        {"label": "AGE", "start": 0, "end": 2, "decision": None, "role": None},
        {"label": "TREATMENT", "start": 10, "end": 26, "decision": 0, "role": "rationale"},
        {"label": "TREATMENT", "start": 42, "end": 50, "decision": 0, "role": "rationale"},
        {"label": "DATE", "start": 60, "end": 68, "decision": None, "role": None},
    ]}}
    scores = evaluate(gold, pred)["entities"]
    assert scores["exact"]["TREATMENT"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "gold": 2, "predicted": 2}
    assert scores["overlap"]["TREATMENT"]["f1"] == 1.0
    assert scores["exact"]["AGE"]["f1"] == 1.0
    assert scores["exact"]["DATE"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "gold": 0, "predicted": 1}
    assert scores["linking"] == {"correct": 1, "total": 3 - 1, "accuracy": 0.5}


def test_entity_f1_on_the_gold_letters_with_spans(tmp_path):
    """Every label at least 0.95 F1 on exact spans, and linking, where gold spans exist."""
    result = runner.invoke(app, ["evaluate", str(GOLD), "--output", str(tmp_path / "s.json")])
    assert result.exit_code == 0, result.output
    entities = json.loads((tmp_path / "s.json").read_text())["entities"]
    low = {label: s["f1"] for label, s in entities["exact"].items() if s["gold"] and s["f1"] < 0.95}
    assert low == {}
    # one of 423: "physical therapy for stretching and pain modalities" links "pain modalities"
    # to no decision (the clause after "and" shares no word with the item)
    assert entities["linking"]["accuracy"] >= 0.995 and entities["linking"]["total"] >= 400
