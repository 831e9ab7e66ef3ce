"""Worker processes and a Dask cluster produce exactly the single-process outputs."""
import pytest
from typer.testing import CliRunner

from imr_nlp.cli import app
from imr_nlp.docbins import read_docs
from conftest import LETTERS, ROOT, SYNTHETIC

pytestmark = pytest.mark.slow
runner = CliRunner()


def annotate(out, *options):
    inputs = [str(ROOT / "corpus" / "letters"), str(SYNTHETIC[1])]
    result = runner.invoke(app, ["annotate", *inputs, "--out", str(out), "--part-size", "2", "--split", "0.5", *options])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def single(tmp_path_factory):
    out = tmp_path_factory.mktemp("single")
    annotate(out)
    return out


def same_outputs(a, b, nlp):
    assert (a / "records.jsonl").read_bytes() == (b / "records.jsonl").read_bytes()
    assert (a / "errors.jsonl").read_bytes() == (b / "errors.jsonl").read_bytes()
    for name in ("docs.spacy", "train.spacy", "dev.spacy"):
        texts_a = [d.text for d in read_docs(a / name, nlp.vocab)]
        assert texts_a == [d.text for d in read_docs(b / name, nlp.vocab)]
    assert sorted(p.name for p in (a / "review").iterdir()) == sorted(p.name for p in (b / "review").iterdir())


def test_two_worker_processes(single, tmp_path, nlp):
    output = annotate(tmp_path, "--n-process", "2")
    assert "annotated: 6" in output
    same_outputs(single, tmp_path, nlp)


def test_dask_local_cluster_of_two_workers(single, tmp_path, nlp):
    output = annotate(tmp_path, "--engine", "dask", "--n-process", "2")
    assert "annotated: 6, failed: 0, decisions found: 12" in output
    same_outputs(single, tmp_path, nlp)
    assert len(LETTERS) == 5
