"""``annotate``: letters in, records/DocBin/review pages/errors out, every input accounted for."""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from .docbins import ShardedDocBin
from .errors import Errors
from .inputs import Failure, Letter, read_letters
from .records import build_record
from .review import index_page, letter_page

OUTPUTS = ("records.jsonl", "errors.jsonl", "docs.spacy", "train.spacy", "dev.spacy", "review")


@dataclass
class Summary:
    read: int = 0
    annotated: int = 0
    failed: int = 0
    decisions: int = 0
    seconds: float = 0.0
    errors: list[dict] = field(default_factory=list)

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


def prepare_output(out: Path, force: bool) -> None:
    if out.exists() and any(out.iterdir()):
        if not force:
            raise ValueError(Errors.E005.format(path=out))
        for name in OUTPUTS:
            target = out / name
            for stale in (target, target.with_name(target.name + ".parts")):
                if stale.is_dir():
                    shutil.rmtree(stale)
                elif stale.exists():
                    stale.unlink()
    (out / "review").mkdir(parents=True, exist_ok=True)


def annotate(
    nlp: Language,
    inputs: Iterable[Path],
    out: Path,
    *,
    split: float | None = None,
    n_process: int = 1,
    batch_size: int = 32,
    force: bool = False,
    progress: bool = False,
    shard_size: int = 10_000,
) -> Summary:
    """Annotate every letter of ``inputs`` into ``out``; see the README for the files written."""
    if split is not None and not 0 < split < 1:
        raise ValueError(Errors.E008.format(value=split))
    prepare_output(out, force)
    summary = Summary()
    start = time.perf_counter()
    all_docs = ShardedDocBin(out / "docs.spacy", shard_size)
    parts = {}
    if split is not None:
        parts = {True: ShardedDocBin(out / "train.spacy", shard_size), False: ShardedDocBin(out / "dev.spacy", shard_size)}
    index: list[tuple[str, str, int, int]] = []
    records_tmp = out / "records.jsonl.tmp"
    errors_tmp = out / "errors.jsonl.tmp"
    with records_tmp.open("w", encoding="utf-8") as records, errors_tmp.open("w", encoding="utf-8") as errors:

        def fail(id_: str, source: str, error: str) -> None:
            summary.failed += 1
            entry = {"id": id_, "path": source, "error": error}
            summary.errors.append(entry)
            errors.write(json.dumps(entry, ensure_ascii=False) + "\n")

        for letter, doc in _annotated(nlp, inputs, n_process, batch_size, fail, summary):
            record = build_record(doc, id=letter.id, source=letter.source, text=letter.text)
            records.write(json.dumps(record, ensure_ascii=False) + "\n")
            all_docs.add(doc)
            if split is not None:
                parts[in_train(letter.id, split)].add(doc)
            page = page_name(letter.id)
            (out / "review" / page).write_text(letter_page(doc, record), encoding="utf-8")
            index.append((letter.id, page, len(record["decisions"]), len(record["entities"])))
            summary.annotated += 1
            summary.decisions += len(record["decisions"])
            if progress:
                rate = summary.annotated / (time.perf_counter() - start)
                print(f"\r{summary.annotated} letters, {rate:.1f} letters/s", end="", file=sys.stderr)
    if progress:
        print(file=sys.stderr)
    for docbin in [all_docs, *parts.values()]:
        docbin.close()
    (out / "review" / "index.html").write_text(index_page(index), encoding="utf-8")
    records_tmp.replace(out / "records.jsonl")
    errors_tmp.replace(out / "errors.jsonl")
    summary.seconds = time.perf_counter() - start
    return summary


def _annotated(
    nlp: Language, inputs: Iterable[Path], n_process: int, batch_size: int, fail, summary: Summary
) -> Iterator[tuple[Letter, Doc]]:
    """(letter, doc) for every letter that annotates; failures go to ``fail``."""

    def letters() -> Iterator[tuple[str, Letter]]:
        for item in read_letters(inputs):
            summary.read += 1
            if isinstance(item, Failure):
                fail(item.id, item.source, item.error)
            else:
                yield item.text, item

    stream = nlp.pipe(letters(), as_tuples=True, n_process=n_process, batch_size=batch_size)
    for doc, letter in stream:
        yield letter, doc
