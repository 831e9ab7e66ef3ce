"""Throughput and memory of imr_nlp against baselines, side by side, with ratios.

    python scripts/benchmark.py [--letters 300] [--runs 3] [--medspacy-letters 20]
                                [--annotate-letters 1000] [--rss 1000 20000] [--report-letters 100000]

Pipeline rows (one process, the shipped letters repeated to --letters): (1) spaCy's blank English
tokenizer alone, the floor no spaCy pipeline can beat; (2) medspaCy's default pipeline; (3) the
imr_nlp pipeline. Each is the median of --runs runs; ratios are to (1).
Annotate rows (the whole command, outputs included, on a synthetic load corpus made by
scripts/make_corpus.py): --n-process 1 and 2, and a two-worker Dask LocalCluster; ratios are to
--n-process 1. Peak RSS of a single-process annotate run at each size of --rss. With
--report-letters N: the time and peak RSS of ``report`` over the tables of N letters
(``make_corpus.py --tables``; making them takes about 1.5 s a thousand letters, not timed).
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Iterable

ROOT = Path(__file__).resolve().parent.parent
RSS_CHILD = (
    "import resource, runpy, sys\n"
    "sys.argv = ['imr_nlp'] + sys.argv[1:]\n"
    "try:\n    runpy.run_module('imr_nlp', run_name='__main__')\n"
    "finally:\n    print('MAXRSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
)


def letters(n: int) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "letters").glob("*.txt"))]
    return [texts[i % len(texts)] for i in range(n)]


def median_seconds(run: Callable[[], Iterable | None], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = run()
        if result is not None:
            for _ in result:
                pass
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def table(title: str, rows: list[tuple[str, float, float]], unit_words: float | None) -> None:
    print(f"\n{title}")
    head = f"| {'what':<34} | {'letters/s':>9} |" + (f" {'words/s':>9} |" if unit_words else "") + f" {'ratio':>7} |"
    print(head)
    print("|" + "|".join("-" * (len(c) + 0) for c in head.split("|")[1:-1]) + "|")
    for name, rate, ratio in rows:
        words = f" {rate * unit_words:>9.0f} |" if unit_words else ""
        print(f"| {name:<34} | {rate:>9.1f} |{words} {ratio:>6.2f}x |")


def component_table(nlp, texts: list[str], floor_seconds: float) -> None:
    """Time per letter of each pipeline step (the tokenizer first), and its share of the stock
    tokenizer's time on the same letters: where the time goes."""
    spent = {"tokenizer": 0.0} | {name: 0.0 for name in nlp.pipe_names}
    for text in texts:
        start = time.perf_counter()
        doc = nlp.make_doc(text)
        spent["tokenizer"] += time.perf_counter() - start
        for name, component in nlp.pipeline:
            start = time.perf_counter()
            doc = component(doc)
            spent[name] += time.perf_counter() - start
    total = sum(spent.values())
    print(f"\nPer component, {len(texts)} letters, one pass (share of stock tokenizer time = x of (1))")
    print(f"| {'component':<22} | {'ms/letter':>9} | {'share':>6} | {'x (1)':>6} |")
    print(f"|{'-' * 24}|{'-' * 11}|{'-' * 8}|{'-' * 8}|")
    for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"| {name:<22} | {1000 * seconds / len(texts):>9.2f} | {seconds / total:>6.1%} | {seconds / floor_seconds:>5.2f}x |")


def corpus(n: int, folder: Path) -> Path:
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_corpus.py"), "--n", str(n), "--out", str(folder)], check=True, capture_output=True)
    return folder


def annotate_rate(folder: Path, n: int, *options: str) -> float:
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "imr_nlp", "annotate", str(folder), "--out", out, "--force", *options], check=True, capture_output=True)
        return n / (time.perf_counter() - start)


def peak_rss_mb(*command: str) -> float:
    """Peak RSS of ``python -m imr_nlp COMMAND`` in a child process."""
    done = subprocess.run([sys.executable, "-c", RSS_CHILD, *command], capture_output=True, text=True)
    line = next(l for l in done.stderr.splitlines() if l.startswith("MAXRSS"))
    return int(line.split()[1]) / 1024


def annotate_rss_mb(folder: Path) -> float:
    with tempfile.TemporaryDirectory() as out:
        return peak_rss_mb("annotate", str(folder), "--out", out, "--force")


def report_figures(n: int, folder: Path) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of one ``report`` run over the tables of ``n`` letters."""
    script = ROOT / "scripts" / "make_corpus.py"
    subprocess.run([sys.executable, str(script), "--n", str(n), "--out", str(folder), "--tables"], check=True, capture_output=True)
    start = time.perf_counter()
    rss = peak_rss_mb("report", str(folder), "--out", str(folder / "report"))
    return time.perf_counter() - start, rss


def _load_seconds() -> float:
    """import imr_nlp + imr_nlp.load() in a fresh interpreter, as a user's run pays it."""
    code = "import time; t = time.perf_counter(); import imr_nlp; imr_nlp.load(); print(time.perf_counter() - t)"
    return float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--letters", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--medspacy-letters", type=int, default=20, help="0 skips medspaCy (slow)")
    parser.add_argument("--annotate-letters", type=int, default=1000, help="0 skips the annotate rows")
    parser.add_argument("--rss", type=int, nargs="*", default=[], help="corpus sizes for peak RSS, e.g. 1000 20000")
    parser.add_argument("--report-letters", type=int, default=0, help="time report over the tables of this many letters (0 skips)")
    args = parser.parse_args()

    load_seconds = statistics.median(_load_seconds() for _ in range(args.runs))
    import spacy

    import imr_nlp

    nlp = imr_nlp.load()
    texts = letters(args.letters)
    words = sum(len(t.split()) for t in texts) / len(texts)
    blank = spacy.blank("en")
    floor = args.letters / median_seconds(lambda: blank.pipe(texts), args.runs)
    rows = [("(1) spacy.blank('en') tokenizer", floor, 1.0)]
    if args.medspacy_letters:
        import medspacy
        from loguru import logger

        logger.remove()  # PyRuSH logs a DEBUG line per token, which would be timed too
        logger.add(sys.stderr, level="WARNING")

        med = medspacy.load()
        few = texts[: args.medspacy_letters]
        rate = len(few) / median_seconds(lambda: med.pipe(few), args.runs)
        rows.append(("(2) medspacy.load() default", rate, rate / floor))
    rate = args.letters / median_seconds(lambda: nlp.pipe(texts), args.runs)
    rows.append(("(3) imr_nlp pipeline", rate, rate / floor))
    print(f"import imr_nlp + imr_nlp.load() in a fresh interpreter: {load_seconds:.2f}s (median of {args.runs})")
    table(f"Pipeline, one process, {args.letters} letters (~{words:.0f} words each), median of {args.runs}", rows, words)
    component_table(nlp, texts, args.letters / floor)

    with tempfile.TemporaryDirectory() as tmp:
        if args.annotate_letters:
            folder = corpus(args.annotate_letters, Path(tmp) / "load")
            one = annotate_rate(folder, args.annotate_letters)
            two = annotate_rate(folder, args.annotate_letters, "--n-process", "2")
            dask = annotate_rate(folder, args.annotate_letters, "--engine", "dask", "--n-process", "2")
            table(
                f"annotate command, {args.annotate_letters} synthetic letters, all outputs (records, DocBin, review pages)",
                [("--n-process 1", one, 1.0), ("--n-process 2", two, two / one), ("--engine dask, 2-worker LocalCluster", dask, dask / one)],
                None,
            )
        if args.rss:
            print("\nPeak RSS of annotate (one process)")
            for n in args.rss:
                print(f"| {n:>6} letters | {annotate_rss_mb(corpus(n, Path(tmp) / f'rss{n}')):>7.0f} MB |")
        if args.report_letters:
            seconds, rss = report_figures(args.report_letters, Path(tmp) / "report")
            print(f"\nreport over the tables of {args.report_letters} letters: {seconds:.1f}s, peak RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
