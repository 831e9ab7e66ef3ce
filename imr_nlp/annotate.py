"""``annotate``: letters in; records, tables, DocBins, review pages and errors out; every input accounted for.

The inputs are planned into tasks of a few files (``plans``); an engine runs the tasks that
are not done yet (``engines``); each task commits its own part under ``DIR/.work/``. A killed run
leaves only whole parts behind, so ``--resume`` runs just the missing tasks. When all are done the
parts are merged, in input order, into the final files (each written atomically) and ``.work/``
is removed.
"""
from __future__ import annotations

import json
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from spacy.language import Language

from .docbins import merge_docbins
from .engines import run_dask, run_local, run_processes
from .errors import Errors
from .files import write_atomic
from .inputs import plan_sources
from .plans import settled_plan
from .review import index_entry, index_page
from .tables import merge_tables
from .tasks import Options, is_done, task_prefix

WORK = ".work"
OUTPUTS = ("records.jsonl", "errors.jsonl", "tables", "docs.spacy", "train.spacy", "dev.spacy", "review", WORK)
COUNTS = ("read", "annotated", "failed", "decisions")


@dataclass
class Summary:
    read: int = 0
    annotated: int = 0
    failed: int = 0
    decisions: int = 0
    seconds: float = 0.0

    def add(self, counts: dict) -> None:
        for key in COUNTS:
            setattr(self, key, getattr(self, key) + counts[key])

    def line(self) -> str:
        rate = self.annotated / self.seconds if self.seconds else 0.0
        return (
            f"letters read: {self.read}, annotated: {self.annotated}, failed: {self.failed}, "
            f"decisions found: {self.decisions}, elapsed: {self.seconds:.1f}s, {rate:.1f} letters/s"
        )


def prepare_output(out: Path, *, force: bool, resume: bool) -> None:
    if resume:
        if not (out / WORK).is_dir():
            raise ValueError(Errors.E014.format(path=out))
        return
    if out.exists() and any(out.iterdir()):
        if not force:
            raise ValueError(Errors.E005.format(path=out))
        for name in OUTPUTS:
            target = out / name
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
    (out / WORK).mkdir(parents=True, exist_ok=True)
    (out / "review").mkdir(parents=True, exist_ok=True)


def annotate(
    nlp: Language,
    inputs: Iterable[str | Path],
    out: Path,
    *,
    split: float | None = None,
    n_process: int = 1,
    batch_size: int = 32,
    force: bool = False,
    resume: bool = False,
    progress: bool = False,
    part_size: int = 500,
    engine: str = "local",
    scheduler: str | None = None,
    review: bool = True,
    model: str | None = None,
) -> Summary:
    """Annotate every letter of ``inputs`` into ``out``; see the README for the files written.
    ``nlp`` runs here and in forked workers; Dask workers load the pipeline (with ``model``)."""
    if split is not None and not 0 < split < 1:
        raise ValueError(Errors.E008.format(value=split))
    prepare_output(out, force=force, resume=resume)
    work = out / WORK
    start = time.perf_counter()
    tasks = settled_plan(work, list(plan_sources(inputs)), part_size, n_process, resume)
    summary = Summary()
    for task in tasks:
        if is_done(work, task.index):
            summary.add(json.loads(Path(f"{task_prefix(work, task.index)}.done").read_text()))
    todo = [task for task in tasks if not is_done(work, task.index)]

    def on_done(counts: dict) -> None:
        summary.add(counts)
        if progress:
            rate = summary.read / (time.perf_counter() - start)
            print(f"\r{summary.read} letters, {rate:.1f} letters/s", end="", file=sys.stderr)

    options = Options(split=split, batch_size=batch_size, max_length=nlp.max_length, review=review, model=model)
    if engine == "dask":
        run_dask(todo, out, options, on_done, scheduler, n_process)
    elif n_process > 1:
        run_processes(nlp, todo, out, options, on_done, n_process)
    else:
        run_local(nlp, todo, out, options, on_done)
    if progress:
        print(file=sys.stderr)
    _merge(out, [task_prefix(work, task.index) for task in tasks], split, review)
    summary.seconds = time.perf_counter() - start
    return summary


def _merge(out: Path, prefixes: list[Path], split: float | None, review: bool) -> None:
    """Concatenate the parts into the final outputs, then remove ``.work``."""
    for name in ("records.jsonl", "errors.jsonl"):
        tmp = out / f"{name}.tmp"
        with tmp.open("wb") as target:
            for prefix in prefixes:
                with open(f"{prefix}.{name}", "rb") as source:
                    shutil.copyfileobj(source, target)
        tmp.replace(out / name)
    merge_tables(prefixes, out / "tables")
    for name in ("docs", "train", "dev") if split is not None else ("docs",):
        merge_docbins([Path(f"{p}.{name}.spacy") for p in prefixes], out / f"{name}.spacy")
    if review:
        entries = (entry for prefix in prefixes for entry in _index_entries(prefix))
        write_atomic(out / "review" / "index.html", index_page(entries, _jsonl(out / "errors.jsonl"), out / "review"))
    shutil.rmtree(out / WORK)


def _index_entries(prefix: Path) -> Iterator[dict]:
    """A part's review index entries, written by its task (the parent reads these small lines, not
    every record again); from its records for a part an earlier version wrote without them."""
    path = Path(f"{prefix}.index.jsonl")
    if path.exists():
        return _jsonl(path)
    return (index_entry(record) for record in _jsonl(Path(f"{prefix}.records.jsonl")))


def _jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as handle:
        yield from map(json.loads, handle)
