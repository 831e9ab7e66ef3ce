"""DocBin output in bounded memory: shards of at most ``shard_size`` docs.

A run that fits in one shard writes a single ``.spacy`` file. A larger one writes a directory of the
same name holding numbered ``.spacy`` shards, the layout spaCy's corpus reader (``spacy train``,
``spacy evaluate``) accepts wherever it takes a ``.spacy`` file; ``read_docs`` reads either.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterator

from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab


class ShardedDocBin:
    def __init__(self, path: Path, shard_size: int) -> None:
        self.path = path
        self.shard_size = shard_size
        self.parts = path.with_name(path.name + ".parts")
        shutil.rmtree(self.parts, ignore_errors=True)
        self.parts.mkdir(parents=True)
        self.shards = 0
        self.current = DocBin(store_user_data=True)

    def add(self, doc: Doc) -> None:
        self.current.add(doc)
        if len(self.current) >= self.shard_size:
            self._flush()

    def _flush(self) -> None:
        if len(self.current) or not self.shards:
            self.current.to_disk(self.parts / f"{self.shards:05d}.spacy")
            self.shards += 1
            self.current = DocBin(store_user_data=True)

    def close(self) -> None:
        """Write the last shard and move the result into place."""
        self._flush()
        if self.shards == 1:
            (self.parts / "00000.spacy").replace(self.path)
            self.parts.rmdir()
        else:
            self.parts.replace(self.path)


def read_docs(path: str | Path, vocab: Vocab) -> Iterator[Doc]:
    """The docs of a ``.spacy`` file or of a directory of ``.spacy`` shards, in order."""
    path = Path(path)
    files = sorted(path.glob("*.spacy")) if path.is_dir() else [path]
    for file in files:
        yield from DocBin().from_disk(file).get_docs(vocab)
