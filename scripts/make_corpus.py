"""Make a synthetic load corpus for benchmarks by recombining and varying the shipped letters.

    python scripts/make_corpus.py --n 20000 --out /tmp/imr_load_corpus [--seed 0] [--tables]

Each letter takes its opening and credentials from one shipped letter, its case summary from
another and one to three decision blocks from any, with the age, the dates and one outcome in ten
varied, under a header of a case number and review dates between 2014 and 2017 (the header of the
published letters). The files are named ``synthetic_load_*.txt`` and start with a line saying
they are synthetic: for load only, never for gold or training.

With ``--tables`` it writes annotate's analyst tables (``OUT/tables/``) of ``--n`` letters
instead, for report benchmarks: a few hundred such letters are annotated and their records
copied with new ids, header facts, ages, sexes and outcomes (annotating 100,000 letters would take
an hour).
"""
from __future__ import annotations

import argparse
import random
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Iterator

import imr_nlp
from imr_nlp.records import build_record
from imr_nlp.tables import write_tables

ROOT = Path(__file__).resolve().parent.parent
MARK = "SYNTHETIC LOAD LETTER made by scripts/make_corpus.py from the shipped letters; not a real case.\n\n"
BASE_LETTERS = 300  # annotated for --tables, then copied
HEADER = ("Case Number: {case_number}\nDate Assigned: {assigned}\nDate of Injury: {injury}\nDecision Date: {decision}\n"
          "UR Denial Date: {utilization_review}\nPriority: {priority}\nApplication Received: {application_received}\n\n")


def pieces(nlp) -> list[dict]:
    """Per shipped letter: its text before the case summary, the case summary, and its blocks."""
    out = []
    for path in sorted((ROOT / "corpus" / "letters").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        record = build_record(nlp(text), id=path.stem, source=str(path), text=text)
        summary = text.index("CLINICAL CASE SUMMARY")
        issues = text.index("IMR ISSUES")
        first = record["decisions"][0]["start"]
        out.append({
            "opening": text[:summary],
            "summary": text[summary:issues],
            "issues": text[issues:first],
            "blocks": [text[d["start"]:d["end"]] for d in record["decisions"]],
        })
    return out


def vary(text: str, rng: random.Random) -> str:
    text = re.sub(r"\b(\d{2})( |-)year", lambda m: f"{rng.randint(19, 70)}{m[2]}year", text)
    text = re.sub(
        r"\b(\d{1,2})([/-])(\d{1,2})\2(\d{2,4})\b",
        lambda m: f"{rng.randint(1, 12):02d}{m[2]}{rng.randint(1, 28):02d}{m[2]}{m[4]}",
        text,
    )
    if rng.random() < 0.1:
        text = text.replace(": Upheld", ": Overturned", 1)
    return text


def header_facts(rng: random.Random) -> dict[str, Any]:
    """A case number, a priority and review dates in their order: injury, UR denial, application
    received, assigned, decision (one to eight weeks after the application)."""
    decision = date(2014, 1, 1) + timedelta(rng.randrange(4 * 365))
    received = decision - timedelta(rng.randint(7, 56))
    return {
        "case_number": f"CM{decision.year % 100}-{rng.randrange(10**7):07d}",
        "priority": "expedited" if rng.random() < 0.02 else "standard",
        "dates": {
            "injury": (received - timedelta(rng.randint(90, 3650))).isoformat(),
            "utilization_review": (received - timedelta(rng.randint(3, 30))).isoformat(),
            "assigned": (received + timedelta(rng.randint(1, (decision - received).days))).isoformat(),
            "decision": decision.isoformat(),
            "application_received": received.isoformat(),
        },
    }


def header(facts: dict[str, Any]) -> str:
    us = {key: f"{iso[5:7]}/{iso[8:10]}/{iso[:4]}" for key, iso in facts["dates"].items()}
    return HEADER.format(case_number=facts["case_number"], priority=facts["priority"].title(), **us)


def letters(n: int, rng: random.Random, parts: list[dict]) -> Iterator[str]:
    blocks = [block for p in parts for block in p["blocks"]]
    for _ in range(n):
        a, b = rng.choice(parts), rng.choice(parts)
        chosen = rng.sample(blocks, rng.randint(1, 3))
        body = a["opening"] + b["summary"] + b["issues"] + "\n\n".join(chosen)
        yield MARK + header(header_facts(rng)) + vary(body, rng)


def copies(n: int, rng: random.Random, base: list[dict]) -> Iterator[dict]:
    """``n`` records from ``base``, each with its own id, header facts, patient and outcomes."""
    for i in range(n):
        record = base[i % len(base)]
        yield {
            **record, **header_facts(rng), "id": f"synthetic_load_{i:06d}",
            "patient": {"age": rng.randint(19, 70), "sex": rng.choice(("male", "female"))},
            "decisions": [{**d, "outcome": "overturned" if rng.random() < 0.1 else "upheld"} for d in record["decisions"]],
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tables", action="store_true", help="write OUT/tables/ of --n letters instead of the letters")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    nlp = imr_nlp.load()
    parts = pieces(nlp)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.tables:
        texts = list(letters(min(args.n, BASE_LETTERS), rng, parts))
        base = [build_record(doc, id="", source="", text=text) for doc, text in zip(nlp.pipe(texts), texts)]
        write_tables(copies(args.n, rng, base), args.out / "tables")
        print(f"wrote the tables of {args.n} synthetic letters to {args.out / 'tables'}")
        return
    for i, text in enumerate(letters(args.n, rng, parts)):
        (args.out / f"synthetic_load_{i:06d}.txt").write_text(text, encoding="utf-8")
    print(f"wrote {args.n} synthetic letters to {args.out}")


if __name__ == "__main__":
    main()
