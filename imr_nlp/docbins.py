"""DocBin outputs: put in place from the parts of a run, and read back.

A run of one part (up to ``--part-size`` files) gets a single ``.spacy`` file. A larger one gets a
folder of the same name holding one ``.spacy`` shard per part, the layout spaCy's corpus reader
(``spacy train``, ``spacy evaluate``) accepts wherever it takes a ``.spacy`` file; ``read_docs``
reads either.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterator

from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab


def read_docs(path: str | Path, vocab: Vocab) -> Iterator[Doc]:
    """The docs of a ``.spacy`` file or of a folder of ``.spacy`` shards, in order."""
    path = Path(path)
    files = sorted(path.glob("*.spacy")) if path.is_dir() else [path]
    for file in files:
        yield from DocBin().from_disk(file).get_docs(vocab)


def merge_docbins(files: list[Path], target: Path) -> None:
    """Move part DocBins into place without loading them: the one part becomes ``target``; more
    become the numbered shards of a ``target`` folder. Memory stays that of nothing at all."""
    if target.is_dir():
        shutil.rmtree(target)
    if len(files) == 1:
        files[0].replace(target)
        return
    tmp = target.with_name(target.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    for number, file in enumerate(files):
        file.replace(tmp / f"{number:05d}.spacy")
    tmp.replace(target)
