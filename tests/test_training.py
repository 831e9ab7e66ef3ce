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
