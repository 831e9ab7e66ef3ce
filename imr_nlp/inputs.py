"""Walk the inputs of ``annotate``: .txt letters and .jsonl batches, in files or folders.

Yields one ``Letter`` per letter read and one ``Failure`` per input that could not be read, so the
caller can account for every input.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .errors import Errors

SUFFIXES = {".txt", ".jsonl"}


@dataclass(frozen=True)
class Letter:
    id: str
    source: str
    text: str


@dataclass(frozen=True)
class Failure:
    id: str
    source: str
    error: str


def expand(paths: Iterable[Path]) -> Iterator[Path | Failure]:
    """Files in the order given; folders expand to their .txt/.jsonl files, sorted."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        elif path.is_file():
            yield path
        else:
            yield Failure(path.stem, str(path), Errors.E001.format(path=path))


def read_letters(paths: Iterable[Path]) -> Iterator[Letter | Failure]:
    """Every letter of the inputs, with ids made unique (a repeated id gets "~2", "~3", ...)."""
    seen: dict[str, int] = {}
    for item in expand(paths):
        items = [item] if isinstance(item, Failure) else _read_file(item)
        for result in items:
            count = seen.get(result.id, 0) + 1
            seen[result.id] = count
            if count > 1:
                new_id = f"{result.id}~{count}"
                result = Letter(new_id, result.source, result.text) if isinstance(result, Letter) else Failure(
                    new_id, result.source, result.error
                )
            yield result


def _read_file(path: Path) -> Iterator[Letter | Failure]:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        yield Failure(path.stem, str(path), Errors.E006.format(suffix=suffix))
        return
    try:
        data = path.read_bytes()
    except OSError as err:
        yield Failure(path.stem, str(path), Errors.E009.format(detail=err))
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        yield Failure(path.stem, str(path), Errors.E003.format(detail=err))
        return
    if suffix == ".jsonl":
        yield from _read_jsonl(path, text)
    elif not text.strip():
        yield Failure(path.stem, str(path), Errors.E002)
    else:
        yield Letter(path.stem, str(path), text)


def _read_jsonl(path: Path, text: str) -> Iterator[Letter | Failure]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        source = f"{path}:{number}"
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                raise ValueError("no string \"text\" field")
        except ValueError as err:
            yield Failure(f"{path.stem}:{number}", source, Errors.E004.format(line=number, detail=err))
            continue
        id_ = str(obj.get("id") or f"{path.stem}:{number}")
        if not obj["text"].strip():
            yield Failure(id_, source, Errors.E002)
        else:
            yield Letter(id_, source, obj["text"])
