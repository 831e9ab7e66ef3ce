"""DocBin files: merged from parts in bounded memory, and read back.

A run whose docs fit in one shard gets a single ``.spacy`` file. A larger one gets a folder of the
same name holding numbered ``.spacy`` shards, the layout spaCy's corpus reader (``spacy train``,
``spacy evaluate``) accepts wherever it takes a ``.spacy`` file; ``read_docs`` reads either.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterator

from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

from .files import write_atomic


def read_docs(path: str | Path, vocab: Vocab) -> Iterator[Doc]:
    """The docs of a ``.spacy`` file or of a folder of ``.spacy`` shards, in order."""
    path = Path(path)
    files = sorted(path.glob("*.spacy")) if path.is_dir() else [path]
    for file in files:
        yield from DocBin().from_disk(file).get_docs(vocab)


def merge_docbins(files: list[Path], target: Path, shard_size: int) -> None:
    """Merge part DocBins into ``target``: one file, or a folder of shards of at most
    ``shard_size`` docs (parts are not split) when the docs are more."""
    tmp = target.with_name(target.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    shards: list[Path] = []
    current = DocBin(store_user_data=True)
    for file in files:
        part = DocBin(store_user_data=True).from_disk(file)
        if len(current) and len(current) + len(part) > shard_size:
            shards.append(_flush(current, tmp, len(shards)))
            current = DocBin(store_user_data=True)
        current.merge(part)
    shards.append(_flush(current, tmp, len(shards)))
    if target.is_dir():
        shutil.rmtree(target)
    if len(shards) == 1:
        shards[0].replace(target)
        tmp.rmdir()
    else:
        tmp.replace(target)


def _flush(docbin: DocBin, folder: Path, number: int) -> Path:
    path = folder / f"{number:05d}.spacy"
    write_atomic(path, docbin.to_bytes())
    return path
