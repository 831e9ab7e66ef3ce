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
