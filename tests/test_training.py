"""Training on annotate's export, end to end, for a few steps (fast enough for CI)."""
import pytest
import spacy
from typer.testing import CliRunner

from imr_nlp.cli import app
from conftest import ROOT, LETTERS, read

pytestmark = pytest.mark.slow
runner = CliRunner()


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    out = tmp_path_factory.mktemp("export")
    inputs = [str(ROOT / "corpus" / "letters"), str(ROOT / "corpus" / "synthetic")]
    assert runner.invoke(app, ["annotate", *inputs, "--out", str(out), "--split", "0.6", "--force"]).exit_code == 0
    return out


@pytest.mark.parametrize("config,key", [("ner.cfg", None), ("spancat.cfg", "imr_entities")])
def test_train_a_few_steps_and_load_the_model(export, tmp_path, config, key):
    result = runner.invoke(app, [
        "train", str(ROOT / "configs" / config), "--data", str(export), "--out", str(tmp_path / "model"),
        "--max-steps", "4", "--eval-frequency", "2",
    ])
    assert result.exit_code == 0, result.output
    assert "label" in result.output and "TREATMENT" in result.output
    nlp = spacy.load(tmp_path / "model" / "model-last")
    doc = nlp(read(LETTERS[0]))
    assert doc.text.startswith("HOW THE IMR")  # imr_nlp's tokenizer normalized the raw letter
    if key:
        assert key in doc.spans


def test_annotate_and_evaluate_with_a_trained_model(export, tmp_path):
    model = tmp_path / "model"
    assert runner.invoke(app, [
        "train", str(ROOT / "configs" / "ner.cfg"), "--data", str(export), "--out", str(model),
        "--max-steps", "4", "--eval-frequency", "2",
    ]).exit_code == 0
    out = tmp_path / "out"
    result = runner.invoke(app, ["annotate", str(LETTERS[0]), "--out", str(out), "--model", str(model / "model-last")])
    assert result.exit_code == 0, result.output
    import json

    (record,) = [json.loads(line) for line in (out / "records.jsonl").read_text().splitlines()]
    # the decision structure still comes from the rules, whatever the barely trained model says
    assert [(d["item"], d["outcome"]) for d in record["decisions"]] == [
        ("Physical therapy 2 times a week for 5 weeks for the lumbar spine", "upheld")
    ]
    assert [e["text"] for e in record["entities"] if e["label"] == "OUTCOME"] == ["Upheld"]
    result = runner.invoke(app, ["evaluate", str(ROOT / "corpus" / "gold"), "--model", str(model / "model-last"),
                                 "--output", str(tmp_path / "s.json")])
    assert result.exit_code == 0, result.output
    assert "model F1" in result.output
    scores = json.loads((tmp_path / "s.json").read_text())
    assert scores["rules"]["fields"]["decisions.item"]["accuracy"] == 1.0
    assert scores["model"]["fields"]["decisions.item"]["accuracy"] == 1.0
