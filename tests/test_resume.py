"""A real run killed with SIGKILL and resumed: no letter missing, duplicated or half-written."""
import json
import os
import signal
import subprocess
import sys
import time

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from imr_nlp.cli import app
from imr_nlp.docbins import read_docs
from conftest import LETTERS, read

pytestmark = pytest.mark.slow


def corpus(folder, n):
    folder.mkdir()
    texts = [read(p) for p in LETTERS]
    names = [f"letter_{i:04d}" for i in range(n)]
    for i, name in enumerate(names):
        (folder / f"{name}.txt").write_text(texts[i % len(texts)], encoding="utf-8")
    (folder / "zz_empty.txt").write_text("")
    return names


def test_killed_run_resumes_without_loss_or_duplicates(tmp_path, nlp):
    names = corpus(tmp_path / "letters", 150)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "imr_nlp", "annotate", str(tmp_path / "letters"), "--out", str(out), "--part-size", "5"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 120
    while not list((out / ".work").glob("*.done")) if (out / ".work").exists() else True:
        assert process.poll() is None, process.stderr.read().decode()
        assert time.time() < deadline
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert not (out / "records.jsonl").exists()
    done = sorted((out / ".work").glob("*.done"))
    assert 0 < len(done) < 31

    result = CliRunner().invoke(app, ["annotate", str(tmp_path / "letters"), "--out", str(out), "--resume"])
    assert result.exit_code == 1, result.output  # the empty file fails, as it should
    records = [json.loads(line) for line in (out / "records.jsonl").read_text().splitlines()]
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert [r["id"] for r in records] == names
    assert [e["id"] for e in errors] == ["zz_empty"]
    assert "letters read: 151, annotated: 150, failed: 1" in result.output
    assert len(list(read_docs(out / "docs.spacy", nlp.vocab))) == 150
    assert pq.read_table(out / "tables" / "letters.parquet").column("id").to_pylist() == names
    assert not (out / ".work").exists()
    assert len(list((out / "review").glob("*.html"))) == 151  # 150 letters and the index


def test_small_corpus_with_two_workers_is_split_into_parts_and_resumes(tmp_path, nlp):
    """41 inputs and --n-process 2, default --part-size 500: parts of 6 (four a worker, none idle);
    the whole process group killed after the first part, then resumed."""
    names = corpus(tmp_path / "letters", 40)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "imr_nlp", "annotate", str(tmp_path / "letters"), "--out", str(out), "--n-process", "2"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.time() + 120
    while not list((out / ".work").glob("*.done")) if (out / ".work").exists() else True:
        assert process.poll() is None, process.stderr.read().decode()
        assert time.time() < deadline
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)  # the workers too, as a killed job's group
    process.wait()
    assert 0 < len(list((out / ".work").glob("*.done"))) < 7

    result = CliRunner().invoke(app, ["annotate", str(tmp_path / "letters"), "--out", str(out), "--resume", "--n-process", "2"])
    assert result.exit_code == 1, result.output
    assert [json.loads(line)["id"] for line in (out / "records.jsonl").read_text().splitlines()] == names
    assert [json.loads(line)["id"] for line in (out / "errors.jsonl").read_text().splitlines()] == ["zz_empty"]
    assert len(list((out / "docs.spacy").glob("*.spacy"))) == 7  # one shard a part
    assert len(list(read_docs(out / "docs.spacy", nlp.vocab))) == 40
    assert not (out / ".work").exists()


def test_resume_needs_an_interrupted_run(tmp_path):
    result = CliRunner().invoke(app, ["annotate", str(LETTERS[0]), "--out", str(tmp_path), "--resume"])
    assert result.exit_code == 2 and "Nothing to resume" in result.output


def test_the_index_is_merged_from_each_parts_entries(tmp_path, corpus_run):
    """The parent merges the small index entries each task wrote, not every record again; a part
    left by a version that wrote none gets them from its records."""
    from imr_nlp.annotate import _index_entries
    from imr_nlp.review import index_entry

    records = [json.loads(line) for line in (corpus_run / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    entries = [index_entry(r) for r in records]
    old, new = tmp_path / "000000", tmp_path / "000001"
    for prefix in (old, new):
        (tmp_path / f"{prefix.name}.records.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    (tmp_path / "000001.index.jsonl").write_text(json.dumps(entries[0]) + "\n", encoding="utf-8")
    assert list(_index_entries(old)) == entries
    assert list(_index_entries(new)) == [json.loads(json.dumps(entries[0]))]
    page = (corpus_run / "review" / "index.html").read_text(encoding="utf-8")
    assert all(f">{r['id']}<" in page for r in records) and len(records) >= 6
