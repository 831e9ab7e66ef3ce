"""Make a synthetic load corpus for benchmarks by recombining and varying the shipped letters.

    python scripts/make_corpus.py --n 20000 --out /tmp/imr_load_corpus [--seed 0]

Each letter takes its opening and credentials from one shipped letter, its case summary from
another and one to three decision blocks from any, with the age, the dates and one outcome in ten
varied. The files are named ``synthetic_load_*.txt`` and start with a line saying they are
synthetic: for load only, never for gold or training.
"""
from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

import imr_nlp
from imr_nlp.records import build_record

ROOT = Path(__file__).resolve().parent.parent
MARK = "SYNTHETIC LOAD LETTER made by scripts/make_corpus.py from the shipped letters; not a real case.\n\n"


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    parts = pieces(imr_nlp.load())
    blocks = [block for p in parts for block in p["blocks"]]
    args.out.mkdir(parents=True, exist_ok=True)
    for i in range(args.n):
        a, b = rng.choice(parts), rng.choice(parts)
        chosen = rng.sample(blocks, rng.randint(1, 3))
        letter = MARK + a["opening"] + b["summary"] + b["issues"] + "\n\n".join(chosen)
        (args.out / f"synthetic_load_{i:06d}.txt").write_text(vary(letter, rng), encoding="utf-8")
    print(f"wrote {args.n} synthetic letters to {args.out}")


if __name__ == "__main__":
    main()
