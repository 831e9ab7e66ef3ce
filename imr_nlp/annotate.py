"""``annotate``: letters in; records, DocBins, review pages and errors out; every input accounted for.

Work is committed in parts of ``part_size`` letters under ``DIR/.work/``: a part's records, errors
and DocBins are written to temporary names and renamed, then its ``.done`` marker is written last.
A killed run therefore leaves only whole parts behind; ``--resume`` keeps them, skips the letters
they hold and annotates the rest. When every input is done the parts are merged, in input order,
into the final files (each written to a temporary name and renamed) and ``.work/`` is removed.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, DocBin

from .docbins import merge_docbins
from .errors import Errors
from .files import write_atomic
from .inputs import Failure, Letter, read_letters
from .records import build_record
from .review import index_page, letter_page

WORK = ".work"
OUTPUTS = ("records.jsonl", "errors.jsonl", "docs.spacy", "train.spacy", "dev.spacy", "review", WORK)


@dataclass
class Summary:
    read: int = 0
    annotated: int = 0
    failed: int = 0
    decisions: int = 0
    seconds: float = 0.0

    def add(self, other: dict) -> None:
        for key in ("read", "annotated", "failed", "decisions"):
            setattr(self, key, getattr(self, key) + other[key])

    def counts(self) -> dict:
        return {"read": self.read, "annotated": self.annotated, "failed": self.failed, "decisions": self.decisions}

    def line(self) -> str:
        rate = self.annotated / self.seconds if self.seconds else 0.0
        return (
            f"letters read: {self.read}, annotated: {self.annotated}, failed: {self.failed}, "
            f"decisions found: {self.decisions}, elapsed: {self.seconds:.1f}s, {rate:.1f} letters/s"
        )


def in_train(id_: str, split: float) -> bool:
    """Deterministic train/dev assignment by a hash of the id (independent of input order)."""
    digest = hashlib.sha1(id_.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 < split


def page_name(id_: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", id_)[:80]
    return f"{safe}-{hashlib.sha1(id_.encode('utf-8')).hexdigest()[:8]}.html"


def prepare_output(out: Path, *, force: bool, resume: bool) -> None:
    work = out / WORK
    if resume:
        if not work.is_dir():
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
    (work).mkdir(parents=True, exist_ok=True)
    (out / "review").mkdir(parents=True, exist_ok=True)


class Part:
    """The outputs of up to ``part_size`` letters, committed together."""

    def __init__(self, work: Path, number: int, split: float | None) -> None:
        self.prefix = work / f"{number:06d}"
        self.split = split
        self.records = self._open("records.jsonl")
        self.errors = self._open("errors.jsonl")
        self.docs = DocBin(store_user_data=True)
        self.splits = {True: DocBin(store_user_data=True), False: DocBin(store_user_data=True)}
        self.counts = Summary()

    def _open(self, name: str):
        return open(f"{self.prefix}.{name}.tmp", "w", encoding="utf-8")

    def add_record(self, record: dict, doc: Doc) -> None:
        self.records.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.docs.add(doc)
        if self.split is not None:
            self.splits[in_train(record["id"], self.split)].add(doc)
        self.counts.read += 1
        self.counts.annotated += 1
        self.counts.decisions += len(record["decisions"])

    def add_error(self, id_: str, source: str, error: str) -> None:
        self.errors.write(json.dumps({"id": id_, "path": source, "error": error}, ensure_ascii=False) + "\n")
        self.counts.read += 1
        self.counts.failed += 1

    def commit(self) -> None:
        for handle in (self.records, self.errors):
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
            Path(handle.name).replace(handle.name[: -len(".tmp")])
        write_atomic(Path(f"{self.prefix}.docs.spacy"), self.docs.to_bytes())
        if self.split is not None:
            write_atomic(Path(f"{self.prefix}.train.spacy"), self.splits[True].to_bytes())
            write_atomic(Path(f"{self.prefix}.dev.spacy"), self.splits[False].to_bytes())
        write_atomic(Path(f"{self.prefix}.done"), json.dumps(self.counts.counts()))


def done_parts(work: Path) -> list[Path]:
    """Prefixes of the committed parts, in order; anything else in ``work`` is a leftover."""
    return sorted(p.with_suffix("") for p in work.glob("*.done"))


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
    shard_size: int = 10_000,
) -> Summary:
    """Annotate every letter of ``inputs`` into ``out``; see the README for the files written."""
    if split is not None and not 0 < split < 1:
        raise ValueError(Errors.E008.format(value=split))
    prepare_output(out, force=force, resume=resume)
    work = out / WORK
    start = time.perf_counter()
    summary = Summary()
    done_ids: set[str] = set()
    parts = done_parts(work)
    for prefix in parts:
        summary.add(json.loads(Path(f"{prefix}.done").read_text()))
        for name in ("records.jsonl", "errors.jsonl"):
            with open(f"{prefix}.{name}", encoding="utf-8") as handle:
                done_ids.update(json.loads(line)["id"] for line in handle)
    part = Part(work, len(parts), split)
    for item in _annotated(nlp, inputs, done_ids, n_process, batch_size, nlp.max_length):
        if isinstance(item, Failure):
            part.add_error(item.id, item.source, item.error)
        else:
            letter, doc = item
            record = build_record(doc, id=letter.id, source=letter.source, text=letter.text, encoding=letter.encoding)
            part.add_record(record, doc)
            write_atomic(out / "review" / page_name(letter.id), letter_page(doc, record))
        if part.counts.read >= part_size:
            part.commit()
            summary.add(part.counts.counts())
            part = Part(work, len(done_parts(work)), split)
        if progress:
            _progress(summary.read + part.counts.read, time.perf_counter() - start)
    part.commit()
    summary.add(part.counts.counts())
    if progress:
        print(file=sys.stderr)
    _merge(nlp, out, split, shard_size)
    summary.seconds = time.perf_counter() - start
    return summary


def _progress(done: int, seconds: float) -> None:
    print(f"\r{done} letters, {done / seconds:.1f} letters/s", end="", file=sys.stderr)


def _annotated(
    nlp: Language,
    inputs: Iterable[str | Path],
    skip: set[str],
    n_process: int,
    batch_size: int,
    max_length: int,
) -> Iterator[Failure | tuple[Letter, Doc]]:
    """Failures and (letter, doc) pairs in input order, each input once.

    A letter whose annotation raises is dropped by the pipeline's error handler; it is reported
    here as a failure (with the exception's text when it happened in this process).
    """
    pending: deque[Letter | Failure] = deque()
    crashes: dict[str, str] = {}

    def on_error(name: str, component, docs: list[Doc], error: Exception) -> None:
        for doc in docs:
            crashes[str(getattr(doc, "_context", ""))] = f"{name}: {type(error).__name__}: {error}"

    def letters() -> Iterator[tuple[str, str]]:
        for item in read_letters(inputs, max_length=max_length):
            if item.id in skip:
                continue
            pending.append(item)
            if isinstance(item, Letter):
                yield item.text, item.id  # the id, not the letter, travels to worker processes

    def flush_until(id_: str | None) -> Iterator[Failure]:
        while pending and pending[0].id != id_:
            item = pending.popleft()
            if isinstance(item, Failure):
                yield item
            else:
                detail = crashes.pop(item.id, "the pipeline dropped the letter")
                yield Failure(item.id, item.source, Errors.E007.format(detail=detail))
    nlp.set_error_handler(on_error)
    for doc, id_ in nlp.pipe(letters(), as_tuples=True, n_process=n_process, batch_size=batch_size):
        yield from flush_until(id_)
        yield pending.popleft(), doc
    yield from flush_until(None)


def _merge(nlp: Language, out: Path, split: float | None, shard_size: int) -> None:
    """Concatenate the parts into the final outputs, then remove ``.work``."""
    work = out / WORK
    parts = done_parts(work)
    for name in ("records.jsonl", "errors.jsonl"):
        tmp = out / f"{name}.tmp"
        with tmp.open("wb") as target:
            for prefix in parts:
                with open(f"{prefix}.{name}", "rb") as source:
                    shutil.copyfileobj(source, target)
            target.flush()
            os.fsync(target.fileno())
        tmp.replace(out / name)
    for name in ("docs", "train", "dev") if split is not None else ("docs",):
        merge_docbins([Path(f"{p}.{name}.spacy") for p in parts], out / f"{name}.spacy", shard_size)
    entries = []
    for prefix in parts:
        with open(f"{prefix}.records.jsonl", encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                entries.append((record["id"], page_name(record["id"]), len(record["decisions"]), len(record["entities"])))
    write_atomic(out / "review" / "index.html", index_page(entries))
    shutil.rmtree(work)
