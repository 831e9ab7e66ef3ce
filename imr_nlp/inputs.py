"""Walk the inputs of ``annotate``: .txt and .pdf letters, .jsonl batches, folders, globs, lists.

``plan_sources`` lists the files to read (cheap: no file is opened) with unique ids: file stems,
a repeated stem getting "~2", "~3". ``read_source`` then yields one ``Letter`` per letter of a file
and one ``Failure`` per letter or file that could not be read, so every input is accounted for.
"""
from __future__ import annotations

import codecs
import glob
import json
import re
import sys
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator

from .errors import Errors
from .pdf import PdfError, pdf_text

SUFFIXES = {".txt", ".jsonl", ".pdf"}
GLOB_CHARS = set("*?[")
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f]")
MAX_PDF_BYTES = 200_000_000


@dataclass(frozen=True)
class Letter:
    id: str
    source: str
    text: str
    encoding: str | None = None


@dataclass(frozen=True)
class Failure:
    id: str
    source: str
    error: str


@dataclass(frozen=True)
class Source:
    """A file to read, with the id its letter gets (a .jsonl line's own "id" wins)."""

    path: str
    id: str


def read_list(path: Path) -> list[str]:
    """The inputs named in a manifest: one path or glob a line; blank lines and # comments skipped."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def expand(inputs: Iterable[str | Path]) -> Iterator[Path | Failure]:
    """Files in the order given; folders expand to their letter files, globs to their matches."""
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and not p.is_dir())
        elif path.exists() or path.is_symlink():
            yield path
        elif GLOB_CHARS & set(str(item)):
            matches = sorted(glob.glob(str(item), recursive=True))
            if not matches:
                yield Failure(path.stem, str(item), Errors.E015.format(pattern=str(item)))
            yield from expand(matches)
        else:
            yield Failure(path.stem, str(path), Errors.E001.format(path=path))


def plan_sources(inputs: Iterable[str | Path]) -> Iterator[Source | Failure]:
    """Every file of the inputs with a unique id, and a Failure for each input that names none."""
    seen: dict[str, int] = {}
    for item in expand(inputs):
        id_ = item.id if isinstance(item, Failure) else item.stem
        count = seen.get(id_, 0) + 1
        seen[id_] = count
        unique = f"{id_}~{count}" if count > 1 else id_
        yield replace(item, id=unique) if isinstance(item, Failure) else Source(str(item), unique)


def read_source(source: Source, max_length: int) -> Iterator[Letter | Failure]:
    """The letters of one file: one for .txt/.pdf, one per line for .jsonl (ids unique in the file)."""
    path = Path(source.path)
    if path.suffix.lower() != ".jsonl":
        yield from _read_file(path, source.id, max_length)
        return
    seen: dict[str, int] = {}
    for item in _read_jsonl(path, max_length):
        count = seen.get(item.id, 0) + 1
        seen[item.id] = count
        yield replace(item, id=f"{item.id}~{count}") if count > 1 else item


def read_letter(source: str) -> Letter:
    """The letter a record's ``source`` names, read as annotate read it: a file, or the line of a
    batch (``batch.jsonl:7``). Its ``source`` comes back absolute, to be found from anywhere."""
    batch = re.fullmatch(r"(.+\.jsonl):(\d+)", source, flags=re.IGNORECASE)
    if batch:
        path, number = Path(batch[1]).resolve(), int(batch[2])
        try:
            with path.open("rb") as handle:
                raw = next(islice(handle, number - 1, None), b"")
        except OSError as err:
            raise ValueError(Errors.E009.format(detail=err)) from err
        item = _jsonl_line(path, number, raw, sys.maxsize)
    else:
        path = Path(source).resolve()
        item = next(_read_file(path, path.stem, sys.maxsize))
    if isinstance(item, Failure):
        raise ValueError(f"{item.source}: {item.error}")
    return item


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding) by BOM, then UTF-16 shape, UTF-8, cp1252, latin-1; ValueError for binary."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding), encoding
    head = data[:400]
    if len(head) >= 4 and head[1::2].count(0) > 0.4 * len(head[1::2]) and 0 not in head[0::2][:20]:
        return data.decode("utf-16-le"), "utf-16-le"
    if len(head) >= 4 and head[0::2].count(0) > 0.4 * len(head[0::2]) and 0 not in head[1::2][:20]:
        return data.decode("utf-16-be"), "utf-16-be"
    if b"\x00" in data:
        raise ValueError(Errors.E003.format(detail="NUL bytes"))
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    controls = len(CONTROL_CHARS.findall(text, 0, 20000))
    if controls > 0.01 * min(len(text), 20000):
        raise ValueError(Errors.E003.format(detail=f"{controls} control characters"))
    return text, encoding


def _read_file(path: Path, id_: str, max_length: int) -> Iterator[Letter | Failure]:
    suffix = path.suffix.lower()
    fail = lambda error: Failure(id_, str(path), error)  # noqa: E731
    if suffix not in SUFFIXES:
        yield fail(Errors.E006.format(suffix=suffix))
        return
    try:
        size = path.stat().st_size
        limit = MAX_PDF_BYTES if suffix == ".pdf" else 4 * max_length
        if size > limit:
            yield fail(Errors.E013.format(size=f"{size:,} bytes", limit=f"{limit:,}"))
            return
        data = path.read_bytes()
    except OSError as err:
        yield fail(Errors.E009.format(detail=err))
        return
    try:
        text, encoding = (pdf_text(data), None) if suffix == ".pdf" else decode(data)
    except (PdfError, ValueError) as err:
        yield fail(str(err))
        return
    yield _checked(Letter(id_, str(path), text, encoding), max_length)


def _checked(letter: Letter, max_length: int) -> Letter | Failure:
    if not letter.text.strip():
        return Failure(letter.id, letter.source, Errors.E002)
    if len(letter.text) > max_length:
        return Failure(letter.id, letter.source, Errors.E013.format(size=f"{len(letter.text):,}", limit=f"{max_length:,}"))
    return letter


def _read_jsonl(path: Path, max_length: int) -> Iterator[Letter | Failure]:
    """One letter per line, streamed: a batch may be far larger than memory."""
    try:
        handle = path.open("rb")
    except OSError as err:
        yield Failure(path.stem, str(path), Errors.E009.format(detail=err))
        return
    with handle:
        for number, raw in enumerate(handle, start=1):
            if raw.strip():
                yield _jsonl_line(path, number, raw, max_length)


def _jsonl_line(path: Path, number: int, raw: bytes, max_length: int) -> Letter | Failure:
    source = f"{path}:{number}"
    try:
        obj = json.loads(raw.decode("utf-8-sig"))
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            raise ValueError("no string \"text\" field")
    except ValueError as err:  # includes UnicodeDecodeError
        return Failure(f"{path.stem}:{number}", source, Errors.E004.format(line=number, detail=err))
    return _checked(Letter(str(obj.get("id") or f"{path.stem}:{number}"), source, obj["text"], "utf-8"), max_length)
