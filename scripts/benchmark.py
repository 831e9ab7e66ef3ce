"""Throughput of the imr_nlp pipeline against baselines, side by side in one process.

    python scripts/benchmark.py [--letters 300] [--runs 3] [--medspacy-letters 20]

Baselines: (1) spaCy's blank English tokenizer alone, the floor no spaCy pipeline can beat, and
(2) medspaCy's default pipeline. Each figure is the median of --runs runs over the shipped letters
repeated to --letters letters; ratios are to (1).
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path
from typing import Callable, Iterable

ROOT = Path(__file__).resolve().parent.parent


def letters(n: int) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "letters").glob("*.txt"))]
    return [texts[i % len(texts)] for i in range(n)]


def measure(run: Callable[[list[str]], Iterable], texts: list[str], runs: int) -> float:
    """Median seconds to process ``texts``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for _ in run(texts):
            pass
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--letters", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--medspacy-letters", type=int, default=20, help="0 skips medspaCy (slow)")
    args = parser.parse_args()

    import spacy

    import imr_nlp

    texts = letters(args.letters)
    words = sum(len(t.split()) for t in texts) / len(texts)
    blank = spacy.blank("en")
    start = time.perf_counter()
    nlp = imr_nlp.load()
    load_seconds = time.perf_counter() - start
    rows = [
        ("spacy.blank('en') tokenizer", texts, lambda ts: blank.pipe(ts)),
        ("imr_nlp pipeline", texts, lambda ts: nlp.pipe(ts)),
    ]
    if args.medspacy_letters:
        import medspacy

        med = medspacy.load()
        rows.append(("medspacy.load() default", texts[: args.medspacy_letters], lambda ts: med.pipe(ts)))
    results = []
    for name, batch, run in rows:
        seconds = measure(run, batch, args.runs)
        results.append((name, len(batch) / seconds))
    floor = results[0][1]
    print(f"{len(texts)} letters (~{words:.0f} words each), median of {args.runs} runs; imr_nlp.load(): {load_seconds:.2f}s")
    print(f"| {'what':<30} | {'letters/s':>10} | {'words/s':>10} | {'ratio to (1)':>12} |")
    print(f"|{'-' * 32}|{'-' * 12}|{'-' * 12}|{'-' * 14}|")
    for name, rate in results:
        print(f"| {name:<30} | {rate:>10.1f} | {rate * words:>10.0f} | {rate / floor:>11.2f}x |")


if __name__ == "__main__":
    main()
