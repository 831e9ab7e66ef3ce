"""Real-world input: PDFs, encodings, bad files; every input ends up in records or errors once."""
import json
import os

import pytest
from typer.testing import CliRunner

from imr_nlp.cli import app
from imr_nlp.inputs import decode
from imr_nlp.pdf import pdf_text
from imr_nlp.records import build_record
from conftest import LETTERS, read
from letters import encrypted_pdf, image_only_pdf, letter_pdf

runner = CliRunner()
FIELDS = ("layout", "is_imr_letter", "complete", "patient", "dates", "reviewer", "diagnoses")


def run(args):
    return runner.invoke(app, ["annotate", *map(str, args)])


def jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def comparable(record):
    decisions = [{k: v for k, v in d.items() if k not in ("start", "end")} for d in record["decisions"]]
    entities = [(e["label"], " ".join(e["text"].split()), e["norm"]) for e in record["entities"]]
    return {k: record[k] for k in FIELDS}, decisions, entities


@pytest.mark.parametrize("path", LETTERS, ids=lambda p: p.stem)
def test_pdf_letter_annotates_like_its_text(nlp, path, tmp_path):
    text = read(path)
    pdf_path = letter_pdf(text, tmp_path / f"{path.stem}.pdf")
    extracted = pdf_text(pdf_path.read_bytes())
    from_pdf = build_record(nlp(extracted), id=path.stem, source=str(pdf_path), text=extracted)
    from_txt = build_record(nlp(text), id=path.stem, source=str(path), text=text)
    assert comparable(from_pdf) == comparable(from_txt)
    for entity in from_pdf["entities"]:
        assert extracted[entity["start"] : entity["end"]] == entity["text"]
        assert entity["page"] == 1 + extracted.count("\f", 0, entity["start"])


@pytest.mark.parametrize("path", LETTERS, ids=lambda p: p.stem)
def test_pdf_text_keeps_every_word_and_line_end_hyphens(path, tmp_path):
    """PDFium drops the line break after a line-end hyphen and marks the hyphen U+FFFE
    (001: "anti-" then "seizure"): both come back."""
    text = read(path)
    extracted = pdf_text(letter_pdf(text, tmp_path / "a.pdf").read_bytes())
    assert extracted.split() == text.split()
    assert "\ufffe" not in extracted and "\r" not in extracted


def test_pdf_with_an_owner_password_only_is_read(tmp_path):
    text = read(LETTERS[0])
    assert pdf_text(encrypted_pdf(text, tmp_path / "a.pdf", password="").read_bytes()).split() == text.split()


def test_pdf_page_numbers(nlp, tmp_path):
    text = read(LETTERS[1])  # 001: three pages when printed
    extracted = pdf_text(letter_pdf(text, tmp_path / "a.pdf").read_bytes())
    record = build_record(nlp(extracted), id="a", source="a.pdf", text=extracted)
    assert len(record["page_starts"]) == extracted.count("\f") + 1 >= 2
    assert {e["page"] for e in record["entities"]} == set(range(1, len(record["page_starts"]) + 1))


@pytest.mark.parametrize(
    "encode,encoding",
    [
        (lambda t: t.encode("utf-8"), "utf-8"),
        (lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"), "utf-8-sig"),
        (lambda t: t.encode("utf-16"), "utf-16"),
        (lambda t: t.encode("utf-16-le"), "utf-16-le"),
        (lambda t: t.replace("Upheld", "Upheld \u201c\u2019").encode("cp1252"), "cp1252"),
        (lambda t: t.replace("Upheld", "Upheld \x81").encode("latin-1"), "latin-1"),
    ],
    ids=["utf-8", "bom", "utf-16", "utf-16-le", "cp1252", "latin-1"],
)
def test_encodings_are_detected_and_recorded(nlp, tmp_path, encode, encoding):
    text = read(LETTERS[4])
    path = tmp_path / "letter.txt"
    path.write_bytes(encode(text))
    out = tmp_path / "out"
    assert run([path, "--out", out]).exit_code == 0
    (record,) = jsonl(out / "records.jsonl")
    assert record["encoding"] == encoding
    assert [d["outcome"] for d in record["decisions"]] == ["upheld", "upheld"]
    decoded, _ = decode(path.read_bytes())
    for entity in record["entities"]:
        assert decoded[entity["start"] : entity["end"]] == entity["text"]


def test_crlf_and_form_feeds(nlp):
    text = read(LETTERS[1])
    crlf = text.replace("\n", "\r\n").replace("IMR ISSUES", "\f IMR ISSUES")
    a = build_record(nlp(text), id="a", source="", text=text)
    b = build_record(nlp(crlf), id="a", source="", text=crlf)
    assert comparable(a)[:2] == comparable(b)[:2]
    assert len(b["page_starts"]) == 2
    assert all(crlf[e["start"] : e["end"]] == e["text"] for e in b["entities"])


def test_globs_and_manifest(tmp_path):
    listing = tmp_path / "files.txt"
    listing.write_text(f"# two letters by glob, one by path\n{LETTERS[0].parent}/00[12]_*.txt\n\n{LETTERS[4]}\n")
    out = tmp_path / "out"
    result = runner.invoke(app, ["annotate", "--from-list", str(listing), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in jsonl(out / "records.jsonl")] == [LETTERS[1].stem, LETTERS[2].stem, LETTERS[4].stem]


def test_every_bad_input_gets_its_own_error_and_the_run_goes_on(tmp_path):
    text = read(LETTERS[0])
    good = tmp_path / "in" / "a" / "letter.txt"
    good.parent.mkdir(parents=True)
    good.write_text(text)
    twin = tmp_path / "in" / "b" / "letter.txt"  # same stem, other folder
    twin.parent.mkdir(parents=True)
    twin.write_text(text)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("   \n")
    (bad / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    image_only_pdf(bad / "scan.pdf")
    encrypted_pdf(text, bad / "locked.pdf")
    (bad / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    (bad / "huge.txt").write_text(text * 40)
    os.symlink(tmp_path / "nowhere.txt", bad / "unreadable.txt")
    (bad / "batch.jsonl").write_text(json.dumps({"id": "j1", "text": text}) + "\n{broken\n" + json.dumps({"id": "j3"}) + "\n")
    (bad / "notes.docx").write_text("x")
    out = tmp_path / "out"
    result = run([tmp_path / "in", bad, bad / "notes.docx", tmp_path / "missing.txt", "--out", out, "--max-length", "100000"])
    assert result.exit_code == 1
    records, errors = jsonl(out / "records.jsonl"), jsonl(out / "errors.jsonl")
    assert [r["id"] for r in records] == ["letter", "letter~2", "j1"]
    reasons = {e["id"]: e["error"] for e in errors}
    assert set(reasons) == {"batch:2", "batch:3", "binary", "broken", "empty", "huge", "locked", "scan", "unreadable", "notes", "missing"}
    assert "Empty input" in reasons["empty"]
    assert "Binary data" in reasons["binary"]
    assert "without a text layer" in reasons["scan"]
    assert "Encrypted PDF" in reasons["locked"]
    assert "Not a readable PDF" in reasons["broken"]
    assert "too large" in reasons["huge"] and "--max-length" in reasons["huge"]
    assert "Could not read" in reasons["unreadable"]
    assert "Unsupported input type '.docx'" in reasons["notes"]
    assert "not found" in reasons["missing"]
    assert [e["path"] for e in errors if e["id"].startswith("batch")] == [f"{bad / 'batch.jsonl'}:2", f"{bad / 'batch.jsonl'}:3"]
    assert "letters read: 14, annotated: 3, failed: 11" in result.output


def test_truncated_letter_is_flagged_incomplete(nlp):
    text = read(LETTERS[1])
    cut = text[: text.index("Decision rationale: Time-limited") + 60]
    record = build_record(nlp(cut), id="cut", source="", text=cut)
    assert record["complete"] is False and record["is_imr_letter"] is True
    assert [d["outcome"] for d in record["decisions"]] == ["upheld", "upheld"]
    whole = build_record(nlp(text), id="whole", source="", text=text)
    assert whole["complete"] is True


def test_text_that_is_not_an_imr_letter_gets_no_invented_decisions(nlp):
    text = "Minutes of the board meeting.\n\nMotion to approve the budget: Upheld\n\nThe chair, a 53 year-old male, adjourned."
    record = build_record(nlp(text), id="x", source="", text=text)
    assert record["is_imr_letter"] is False and record["complete"] is False
    assert record["decisions"] == [] and record["layout"] is None
