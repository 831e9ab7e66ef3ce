"""The annotate command end to end, through typer's CliRunner."""
import json
from html.parser import HTMLParser

import jsonschema
import pytest
from spacy.tokens import DocBin
from typer.testing import CliRunner

from imr_nlp.cli import app
from imr_nlp.records import schema
from conftest import LETTERS, ROOT, SYNTHETIC

runner = CliRunner()


class Page(HTMLParser):
    """Collects the text of the cells of class "entity" and checks tags are balanced."""

    VOID = {"meta", "br", "img", "hr", "input", "link"}

    def __init__(self):
        super().__init__()
        self.stack, self.entities, self.in_entity = [], [], False

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)
        self.in_entity = ("class", "entity") in attrs

    def handle_endtag(self, tag):
        assert self.stack and self.stack.pop() == tag, f"unbalanced </{tag}>"
        self.in_entity = False

    def handle_data(self, data):
        if self.in_entity:
            self.entities.append(data)


@pytest.fixture(scope="module")
def annotated(tmp_path_factory):
    out = tmp_path_factory.mktemp("run") / "out"
    result = runner.invoke(app, ["annotate", str(ROOT / "corpus" / "letters"), str(ROOT / "corpus" / "synthetic"), "--out", str(out), "--split", "0.8"])
    assert result.exit_code == 0, result.output
    return out, result.output


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_summary_line(annotated):
    _, output = annotated
    assert "letters read: 7, annotated: 7, failed: 0, decisions found: 14" in output


def test_records_validate_and_cover_every_letter(annotated):
    out, _ = annotated
    records = read_jsonl(out / "records.jsonl")
    assert [r["id"] for r in records] == [p.stem for p in LETTERS + SYNTHETIC]
    for record in records:
        jsonschema.validate(record, schema())
    assert read_jsonl(out / "errors.jsonl") == []


def test_docbins_and_deterministic_split(annotated, nlp):
    out, _ = annotated
    assert (out / "docs.spacy").is_file()
    docs = list(DocBin().from_disk(out / "docs.spacy").get_docs(nlp.vocab))
    train = list(DocBin().from_disk(out / "train.spacy").get_docs(nlp.vocab))
    dev = list(DocBin().from_disk(out / "dev.spacy").get_docs(nlp.vocab))
    assert len(docs) == 7 and len(train) + len(dev) == 7
    assert all(d.ents and d.spans["imr_entities"] and d.spans["imr_decisions"] for d in docs)
    from imr_nlp.splits import in_train

    assert len(train) == sum(in_train(p.stem, 0.8) for p in LETTERS + SYNTHETIC)


def test_review_pages_parse_and_show_every_entity(annotated):
    out, _ = annotated
    records = {r["id"]: r for r in read_jsonl(out / "records.jsonl")}
    index = (out / "review" / "index.html").read_text(encoding="utf-8")
    Page().feed(index)
    for id_, record in records.items():
        from imr_nlp.splits import page_name

        assert page_name(id_) in index
        page = Page()
        page.feed((out / "review" / page_name(id_)).read_text(encoding="utf-8"))
        assert page.entities == [e["text"] for e in record["entities"]]


def test_docbin_shards_when_the_run_has_several_parts(tmp_path, nlp):
    from imr_nlp.docbins import read_docs

    out = tmp_path / "out"
    result = runner.invoke(app, ["annotate", str(ROOT / "corpus" / "letters"), "--out", str(out), "--part-size", "2", "--n-process", "2"])
    assert result.exit_code == 0, result.output
    # five files for two workers: parts of one, smaller than --part-size, so both have work
    assert sorted(p.name for p in (out / "docs.spacy").iterdir()) == [f"{n:05d}.spacy" for n in range(5)]
    docs = list(read_docs(out / "docs.spacy", nlp.vocab))
    assert len(docs) == 5 and all(d.spans["imr_decisions"] for d in docs)


def test_refuses_to_overwrite_without_force(annotated):
    out, _ = annotated
    result = runner.invoke(app, ["annotate", str(LETTERS[0]), "--out", str(out)])
    assert result.exit_code == 2
    assert "--force" in result.output


def test_bad_inputs_are_reported_and_the_run_goes_on(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    batch = tmp_path / "batch.jsonl"
    batch.write_text(json.dumps({"id": "a", "text": LETTERS[0].read_text()}) + "\nnot json\n")
    out = tmp_path / "out"
    result = runner.invoke(app, ["annotate", str(empty), str(batch), str(tmp_path / "missing.txt"), "--out", str(out)])
    assert result.exit_code == 1
    errors = read_jsonl(out / "errors.jsonl")
    assert [(e["id"], e["path"]) for e in errors] == [
        ("empty", str(empty)), ("batch:2", f"{batch}:2"), ("missing", str(tmp_path / "missing.txt"))
    ]
    assert [r["id"] for r in read_jsonl(out / "records.jsonl")] == ["a"]
    assert "letters read: 4, annotated: 1, failed: 3" in result.output
