"""Records match the gold written by reading each shipped (and synthetic) letter."""
import json

import pytest

from imr_nlp.records import build_record
from conftest import GOLD, LETTERS, SYNTHETIC, read

CASES = [(p, GOLD / f"{p.stem}.json") for p in LETTERS + SYNTHETIC]


def test_every_letter_has_gold():
    assert len(CASES) == 7 and all(g.exists() for _, g in CASES)


@pytest.mark.parametrize("path,gold_path", CASES, ids=[p.stem for p, _ in CASES])
def test_record_matches_gold(nlp, path, gold_path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = read(path)
    record = build_record(nlp(text), id=path.stem, source=str(path), text=text)
    assert record["layout"] == gold["layout"]
    assert record["patient"] == gold["patient"]
    assert record["dates"] == gold["dates"]
    assert record["reviewer"] == gold["reviewer"]
    if "diagnoses" in gold:
        assert record["diagnoses"] == gold["diagnoses"]
    got = [{k: d[k] for k in g} for d, g in zip(record["decisions"], gold["decisions"])]
    assert len(record["decisions"]) == len(gold["decisions"]) and got == gold["decisions"]


@pytest.mark.parametrize("heading", ["CLINICAL CASE SUMMARY", "IMR ISSUES, DECISIONS AND RATIONALES"])
def test_record_survives_a_lost_heading(nlp, heading):
    """The standard sentence after each heading marks the section too."""
    path = LETTERS[0]
    gold = json.loads((GOLD / f"{path.stem}.json").read_text(encoding="utf-8"))
    text = read(path).replace(heading, " " * len(heading))
    record = build_record(nlp(text), id=path.stem, source=str(path), text=text)
    assert (record["patient"], record["dates"], record["diagnoses"]) == (gold["patient"], gold["dates"], gold["diagnoses"])
    assert [(d["item"], d["outcome"]) for d in record["decisions"]] == [(d["item"], d["outcome"]) for d in gold["decisions"]]
