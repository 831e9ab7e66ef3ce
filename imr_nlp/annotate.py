"""``annotate``: letters in; records, tables, DocBins, review pages and errors out; every input accounted for.

The inputs are planned into tasks of ``part_size`` files (``tasks``); an engine runs the tasks that
are not done yet (``engines``); each task commits its own part under ``DIR/.work/``. A killed run
leaves only whole parts behind, so ``--resume`` runs just the missing tasks. When all are done the
parts are merged, in input order, into the final files (each written atomically) and ``.work/``
is removed.
"""
from __future__ import annotations

import hashlib
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
from .inputs import Failure, Source, plan_sources
from .review import index_entry, index_page
from .tables import merge_tables
from .tasks import Options, Task, is_done, task_prefix

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


def plan(items: Iterable[Source | Failure], part_size: int) -> list[Task]:
    """Tasks of up to ``part_size`` files, in input order; a .jsonl batch is a task of its own."""
    tasks: list[Task] = []
    batch: list[Source | Failure] = []

    def close() -> None:
        if batch:
            tasks.append(Task(len(tasks), tuple(batch)))
            batch.clear()

    for item in items:
        if isinstance(item, Source) and item.path.lower().endswith(".jsonl"):
            close()
            batch.append(item)
            close()
            continue
        batch.append(item)
        if len(batch) >= part_size:
            close()
    close()
    return tasks


def _settled_plan(work: Path, items: list[Source | Failure], part_size: int, resume: bool) -> list[Task]:
    """The tasks; a resumed run must have the same inputs and keeps the first run's part size."""
    fingerprint = hashlib.sha1(repr(items).encode("utf-8")).hexdigest()
    path = work / "plan.json"
    if resume and path.exists():
        saved = json.loads(path.read_text())
        if saved["inputs"] != fingerprint:
            raise ValueError(Errors.E016.format(path=work.parent))
        part_size = saved["part_size"]
    write_atomic(path, json.dumps({"inputs": fingerprint, "part_size": part_size}))
    return plan(items, part_size)


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
    tasks = _settled_plan(work, list(plan_sources(inputs)), part_size, resume)
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
        entries = (index_entry(record) for record in _jsonl(out / "records.jsonl"))
        write_atomic(out / "review" / "index.html", index_page(entries, _jsonl(out / "errors.jsonl"), out / "review"))
    shutil.rmtree(out / WORK)


def _jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as handle:
        yield from map(json.loads, handle)
