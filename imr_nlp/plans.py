"""Plan annotate's inputs into tasks: parts of the input list, each committed on its own.

The plan is a pure function of the inputs and the part size, and the part size of a first run is
saved in ``.work/plan.json``: a resumed run rebuilds exactly the same tasks, so the parts already
committed are the parts it skips.

Parts are sized for the workers: never larger than ``--part-size`` (what a killed run can lose),
and with several workers small enough that each gets ``PARTS_PER_WORKER`` of them. One part of
500 files for 194 PDFs kept the second worker idle; with four parts a worker, the last part to
finish keeps the others waiting for a part's time at most: an eighth of the run with two workers.
"""
from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path
from typing import Iterable

from .errors import Errors
from .files import write_atomic
from .inputs import Failure, Source
from .tasks import Task

PARTS_PER_WORKER = 4


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


def part_size_for(files: int, part_size: int, workers: int) -> int:
    """Files a part: at most ``part_size``, and with several workers about ``PARTS_PER_WORKER``
    parts each."""
    if workers <= 1:
        return part_size
    return max(1, min(part_size, math.ceil(files / (PARTS_PER_WORKER * workers))))


def settled_plan(work: Path, items: list[Source | Failure], part_size: int, workers: int, resume: bool) -> list[Task]:
    """The tasks for ``workers`` workers; a resumed run must have the same inputs and keeps the
    first run's part size, whatever its number of workers."""
    part_size = part_size_for(len(items), part_size, workers)
    fingerprint = hashlib.sha1(repr(items).encode("utf-8")).hexdigest()
    path = work / "plan.json"
    if resume and path.exists():
        saved = json.loads(path.read_text())
        if saved["inputs"] != fingerprint:
            raise ValueError(Errors.E016.format(path=work.parent))
        part_size = saved["part_size"]
    write_atomic(path, json.dumps({"inputs": fingerprint, "part_size": part_size}))
    return plan(items, part_size)
