"""One unit of annotate work: a few input files in, one committed part out.

A task reads its files, runs the pipeline, writes its records, errors, review index entries, tables
and DocBins under ``.work/`` (temporary names, then renames) and the review pages, then its
``.done`` marker last, so
a killed run leaves only whole tasks behind. The same function runs in the main process, in a
worker process, or on a Dask worker: it returns only counts.
"""
from __future__ import annotations

import json
import os
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from spacy.language import Language
from spacy.tokens import Doc

from .docbins import LetterDocBin, packing_without_rescans
from .errors import Errors
from .files import write_atomic
from .inputs import Failure, Letter, Source, read_source
from .json_lines import json_line
from .records import build_record
from .review import index_entry, letter_page
from .splits import in_train, page_name
from .tables import TableParts


@dataclass(frozen=True)
class Options:
    split: float | None
    batch_size: int
    max_length: int
    review: bool = True
    model: str | None = None  # a trained pipeline whose entities replace the rules' (Dask workers load it)


@dataclass(frozen=True)
class Task:
    index: int
    items: tuple[Source | Failure, ...]


def task_prefix(work: Path, index: int) -> Path:
    return work / f"{index:06d}"


def is_done(work: Path, index: int) -> bool:
    return Path(f"{task_prefix(work, index)}.done").exists()


def run_task(nlp: Language, task: Task, out: Path, options: Options) -> dict:
    """Annotate the task's letters into its part of ``out/.work``; return its counts."""
    prefix = task_prefix(out / ".work", task.index)
    counts = {"read": 0, "annotated": 0, "failed": 0, "decisions": 0}
    docbins = {name: LetterDocBin(store_user_data=True) for name in ("docs", "train", "dev")}
    tables = TableParts()
    with open(f"{prefix}.records.jsonl.tmp", "w", encoding="utf-8") as records, open(
        f"{prefix}.errors.jsonl.tmp", "w", encoding="utf-8"
    ) as errors, open(f"{prefix}.index.jsonl.tmp", "w", encoding="utf-8") as index, packing_without_rescans():
        for item in _annotated(nlp, task, options):
            counts["read"] += 1
            if isinstance(item, Failure):
                counts["failed"] += 1
                errors.write(json_line({"id": item.id, "path": item.source, "error": item.error}) + "\n")
                continue
            letter, doc = item
            record = build_record(doc, id=letter.id, source=letter.source, text=letter.text, encoding=letter.encoding)
            records.write(json_line(record) + "\n")
            tables.add(record)
            packed = LetterDocBin(store_user_data=True)  # packed once, merged into each DocBin that takes it
            packed.add(doc)
            docbins["docs"].merge(packed)
            if options.split is not None:
                docbins["train" if in_train(letter.id, options.split) else "dev"].merge(packed)
            index.write(json_line(index_entry(record)) + "\n")
            if options.review:
                write_atomic(out / "review" / page_name(letter.id), letter_page(doc, record, letter.text), durable=False)
            counts["annotated"] += 1
            counts["decisions"] += len(record["decisions"])
        for handle in (records, errors, index):
            handle.flush()
            os.fsync(handle.fileno())
    for name in ("records.jsonl", "errors.jsonl", "index.jsonl"):
        Path(f"{prefix}.{name}.tmp").replace(f"{prefix}.{name}")
    with packing_without_rescans():
        for name, docbin in docbins.items():
            if name == "docs" or options.split is not None:
                write_atomic(Path(f"{prefix}.{name}.spacy"), docbin.to_bytes())
    tables.write(prefix)
    write_atomic(Path(f"{prefix}.done"), json.dumps(counts))
    return counts


def _annotated(nlp: Language, task: Task, options: Options) -> Iterator[Failure | tuple[Letter, Doc]]:
    """Failures and (letter, doc) pairs in input order, each input once.

    A letter whose annotation raises is dropped by the pipeline's error handler, which notes why;
    it is reported here as a failure.
    """
    pending: deque[Letter | Failure] = deque()
    crashes: dict[str, str] = {}

    def on_error(name: str, component, docs: list[Doc], error: Exception) -> None:
        for doc in docs:
            crashes[str(getattr(doc, "_context", ""))] = f"{name}: {type(error).__name__}: {error}"

    def letters() -> Iterator[tuple[str, str]]:
        for item in task.items:
            for result in [item] if isinstance(item, Failure) else read_source(item, options.max_length):
                pending.append(result)
                if isinstance(result, Letter):
                    yield result.text, result.id

    def flush_until(id_: str | None) -> Iterator[Failure]:
        while pending and pending[0].id != id_:
            item = pending.popleft()
            if isinstance(item, Failure):
                yield item
            else:
                detail = crashes.pop(item.id, "the pipeline dropped the letter")
                yield Failure(item.id, item.source, Errors.E007.format(detail=detail))

    nlp.set_error_handler(on_error)
    for doc, id_ in nlp.pipe(letters(), as_tuples=True, batch_size=options.batch_size):
        yield from flush_until(id_)
        yield pending.popleft(), doc
    yield from flush_until(None)
