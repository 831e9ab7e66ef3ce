"""Start-up, throughput and memory of imr_nlp against baselines, side by side, with ratios.

    python scripts/benchmark.py [--letters 300] [--runs 3] [--medspacy-letters 20]
                                [--annotate-letters 1000] [--no-pdf] [--rss 1000 20000]
                                [--report-letters 100000]

Start-up rows: whole commands in fresh interpreters, wall and CPU seconds, median of --runs.
Pipeline rows (one process, the shipped letters repeated to --letters, and the development letters
of ../shared/dwc-letters each once through fresh pipelines, when present): (1) spaCy's blank English
tokenizer alone, the floor no spaCy pipeline can beat; (2) medspaCy's default pipeline; (3) the
imr_nlp pipeline. Each is the median of --runs runs; (1) and (3) take turns every 20 letters within
a run, and the ratio of (3) is the median of the runs' ratios (the machine's speed drifts up to
twofold within minutes: a whole run of one beside a whole run of the other met different machines).
Annotate rows (the whole command, start-up and every output included, on a synthetic load corpus
made by scripts/make_corpus.py, and on PDFs made from the same letters by tests/letters.py's
letter_pdf, which needs the test extra): ratios are to the pipeline alone (nlp.pipe, one process)
on the same letters; runs interleaved, median of --runs. Peak RSS of a single-process annotate
run at each size of --rss. With --report-letters N: the time and peak RSS of ``report`` over the
tables of N letters (``make_corpus.py --tables``; making them takes about 1.5 s a thousand letters,
not timed).
"""
from __future__ import annotations

import argparse
import os
import resource
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


DEVELOPMENT = ROOT.parent / "shared" / "dwc-letters"
# Letters timed at a stretch: the stock tokenizer and the pipeline take turns this often.
CHUNK = 20


def letters(n: int) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "letters").glob("*.txt"))]
    return [texts[i % len(texts)] for i in range(n)]


def cold_pass_rates(runs: int) -> tuple[float, float, float, int] | None:
    """Letters/s of a fresh stock tokenizer and a fresh imr_nlp pipeline over the development
    letters, each letter once (new words, drugs and diagnoses: the caches start cold, as on a
    real corpus, where repeating the shipped letters keeps them warm); medians of ``runs``, the
    median paired ratio, and the number of letters."""
    import spacy

    import imr_nlp

    texts = [p.read_text(encoding="utf-8") for p in sorted(DEVELOPMENT.glob("*.txt"))]
    if not texts:
        return None
    imr_nlp.load()  # once before: what a load builds (the ICD-10-CM index) is start-up, not letters
    return (*paired_rates(lambda: (spacy.blank("en").pipe, imr_nlp.load().pipe), texts, runs), len(texts))


def _paired_ratio(floor_seconds: list[float], seconds: list[float]) -> float:
    """The median of each run's ratio to the floor run beside it: the machine's speed drifts
    between runs (twofold here), and a ratio of medians taken apart would carry the drift."""
    return statistics.median(f / s for f, s in zip(floor_seconds, seconds))


def interleaved_seconds(floor: Callable[[list[str]], Iterable], other: Callable[[list[str]], Iterable], texts: list[str]) -> tuple[float, float]:
    """Seconds of ``floor`` and of ``other`` over ``texts``, taking turns every ``CHUNK`` letters
    (both see each letter in order once), so that the machine's drift touches both alike."""
    floor_seconds = seconds = 0.0
    for i in range(0, len(texts), CHUNK):
        chunk = texts[i : i + CHUNK]
        floor_seconds += median_seconds(lambda: floor(chunk), 1)
        seconds += median_seconds(lambda: other(chunk), 1)
    return floor_seconds, seconds


def paired_rates(make: Callable[[], tuple[Callable[[list[str]], Iterable], Callable[[list[str]], Iterable]]],
                 texts: list[str], runs: int) -> tuple[float, float, float]:
    """Letters/s of the floor and the other of each pair ``make`` gives (one pair per run, fresh
    if it makes them so) over ``texts``, taking turns (``interleaved_seconds``), ``runs`` times
    (medians), and the median of the runs' ratios other/floor."""
    floor_seconds, seconds = [], []
    for _ in range(runs):
        f, o = interleaved_seconds(*make(), texts)
        floor_seconds.append(f)
        seconds.append(o)
    return len(texts) / statistics.median(floor_seconds), len(texts) / statistics.median(seconds), _paired_ratio(floor_seconds, seconds)


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
    head = f"| {'what':<40} | {'letters/s':>9} |" + (f" {'words/s':>9} |" if unit_words else "") + f" {'ratio':>7} |"
    print(head)
    print("|" + "|".join("-" * (len(c) + 0) for c in head.split("|")[1:-1]) + "|")
    for name, rate, ratio in rows:
        words = f" {rate * unit_words:>9.0f} |" if unit_words else ""
        print(f"| {name:<40} | {rate:>9.1f} |{words} {ratio:>6.2f}x |")


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


def pdf_corpus(folder: Path, target: Path) -> Path:
    """PDFs of the letters of ``folder``, one text line per PDF line."""
    sys.path.insert(0, str(ROOT / "tests"))
    from letters import letter_pdf

    target.mkdir()
    for path in sorted(folder.glob("*.txt")):
        letter_pdf(path.read_text(encoding="utf-8"), target / f"{path.stem}.pdf")
    return target


def annotate_seconds(folder: Path, *options: str) -> float:
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "imr_nlp", "annotate", str(folder), "--out", out, "--force", *options], check=True, capture_output=True)
        return time.perf_counter() - start


def interleaved_runs(commands: dict[str, Callable[[], float]], runs: int) -> dict[str, list[float]]:
    """Each command's seconds in each round, the commands run in turn (A B C A B C ...) so that
    the machine's drift during the benchmark touches them all alike."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(command())
    return times


def annotate_tables(nlp, folder: Path, n: int, pdfs: Path | None, runs: int) -> None:
    """annotate end to end against the pipeline alone on the same letters, .txt and .pdf inputs,
    one and two processes, and Dask."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    commands: dict[str, Callable[[], float]] = {"pipeline alone (nlp.pipe, one process)": lambda: median_seconds(lambda: nlp.pipe(texts), 1)}
    for kind, inputs in ((".txt", folder), (".pdf", pdfs)):
        if inputs is not None:
            commands[f"annotate {kind}, --n-process 1"] = lambda inputs=inputs: annotate_seconds(inputs)
            commands[f"annotate {kind}, --n-process 2"] = lambda inputs=inputs: annotate_seconds(inputs, "--n-process", "2")
    commands["annotate .txt, --engine dask, 2 workers"] = lambda: annotate_seconds(folder, "--engine", "dask", "--n-process", "2")
    before = load_note()
    times = interleaved_runs(commands, runs)
    rates = {name: n / statistics.median(seconds) for name, seconds in times.items()}
    alone = times["pipeline alone (nlp.pipe, one process)"]
    table(
        f"annotate command, {n} synthetic letters, all outputs (records, DocBin, review pages), start-up included, "
        f"median of {runs}; ratio = x the pipeline alone (the median of each round's); {before} before, {load_note()} after",
        [(name, rates[name], _paired_ratio(alone, seconds)) for name, seconds in times.items()],
        None,
    )
    if pdfs is not None:
        print(f"\nPDF input beside text, same {n} letters")
        print(f"| {'processes':<9} | {'.txt letters/s':>14} | {'.pdf letters/s':>14} | {'.pdf / .txt':>11} |")
        print(f"|{'-' * 11}|{'-' * 16}|{'-' * 16}|{'-' * 13}|")
        for processes in (1, 2):
            txt, pdf = rates[f"annotate .txt, --n-process {processes}"], rates[f"annotate .pdf, --n-process {processes}"]
            print(f"| {processes:<9} | {txt:>14.1f} | {pdf:>14.1f} | {pdf / txt:>10.2f}x |")


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


STARTUP = {
    "python -m imr_nlp --help": ["-m", "imr_nlp", "--help"],
    "import imr_nlp; imr_nlp.load()": ["-c", "import imr_nlp; imr_nlp.load()"],
    "import spacy (for scale)": ["-c", "import spacy"],
}


def load_note() -> str:
    """The machine's load: on a shared machine the parallel rows mean little when it nears the
    number of cores before the runs."""
    return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"


def startup_table(runs: int) -> None:
    """Whole commands in fresh interpreters, as a user pays them: wall and CPU seconds (CPU moves
    less when other work shares the machine), median of ``runs``, run in turn."""
    wall: dict[str, list[float]] = {name: [] for name in STARTUP}
    cpu: dict[str, list[float]] = {name: [] for name in STARTUP}
    for _ in range(runs):
        for name, args in STARTUP.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run([sys.executable, *args], check=True, capture_output=True)
            wall[name].append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[name].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    print(f"Start-up, fresh interpreter, median of {runs}")
    print(f"| {'command':<34} | {'wall s':>6} | {'cpu s':>6} |")
    print(f"|{'-' * 36}|{'-' * 8}|{'-' * 8}|")
    for name in STARTUP:
        print(f"| {name:<34} | {statistics.median(wall[name]):>6.2f} | {statistics.median(cpu[name]):>6.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--letters", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--medspacy-letters", type=int, default=20, help="0 skips medspaCy (slow)")
    parser.add_argument("--annotate-letters", type=int, default=1000, help="0 skips the annotate rows")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF rows (they need the test extra)")
    parser.add_argument("--rss", type=int, nargs="*", default=[], help="corpus sizes for peak RSS, e.g. 1000 20000")
    parser.add_argument("--report-letters", type=int, default=0, help="time report over the tables of this many letters (0 skips)")
    args = parser.parse_args()

    startup_table(args.runs)
    import spacy

    import imr_nlp

    nlp = imr_nlp.load()
    texts = letters(args.letters)
    words = sum(len(t.split()) for t in texts) / len(texts)
    blank = spacy.blank("en")
    floor, rate, ratio = paired_rates(lambda: (blank.pipe, nlp.pipe), texts, args.runs)
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
    rows.append(("(3) imr_nlp pipeline", rate, ratio))
    table(f"Pipeline, one process, {args.letters} letters (~{words:.0f} words each), taking turns with (1) every "
          f"{CHUNK} letters, medians of {args.runs}, ratio the median of the runs'", rows, words)
    cold = cold_pass_rates(args.runs)
    if cold is not None:
        stock, ours, ratio, n = cold
        table(f"Pipeline, one process, the {n} development letters each once, fresh pipelines, taking turns every "
              f"{CHUNK} letters, medians of {args.runs}, ratio the median of the runs'",
              [("(1) spacy.blank('en') tokenizer", stock, 1.0), ("(3) imr_nlp pipeline", ours, ratio)], None)
    component_table(nlp, texts, args.letters / floor)

    with tempfile.TemporaryDirectory() as tmp:
        if args.annotate_letters:
            folder = corpus(args.annotate_letters, Path(tmp) / "load")
            pdfs = None if args.no_pdf else pdf_corpus(folder, Path(tmp) / "load_pdf")
            annotate_tables(nlp, folder, args.annotate_letters, pdfs, args.runs)
        if args.rss:
            print("\nPeak RSS of annotate (one process)")
            for n in args.rss:
                print(f"| {n:>6} letters | {annotate_rss_mb(corpus(n, Path(tmp) / f'rss{n}')):>7.0f} MB |")
        if args.report_letters:
            seconds, rss = report_figures(args.report_letters, Path(tmp) / "report")
            print(f"\nreport over the tables of {args.report_letters} letters: {seconds:.1f}s, peak RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
