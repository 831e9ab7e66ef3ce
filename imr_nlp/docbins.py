"""DocBin outputs: put in place from the parts of a run, and read back.

A run of one part (up to ``--part-size`` files) gets a single ``.spacy`` file. A larger one gets a
folder of the same name holding one ``.spacy`` shard per part, the layout spaCy's corpus reader
(``spacy train``, ``spacy evaluate``) accepts wherever it takes a ``.spacy`` file; ``read_docs``
reads either.
"""
from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab
from srsly.msgpack import msgpack_decoders, msgpack_encoders


@contextmanager
def packing_without_rescans() -> Iterator[None]:
    """srsly looks its msgpack encoders and decoders up again at every pack and unpack (catalogue
    reads the entry points and scans its whole registry: about 0.3 ms), and ``DocBin.add`` packs
    each span group of a Doc on its own: several ms a letter. Inside this block each registry
    answers with what it held on entry (the same codecs, in the same order)."""
    registries = [r for r in (msgpack_encoders, msgpack_decoders) if "get_all" not in vars(r)]  # not already inside
    for registry in registries:
        registry.get_all = lambda codecs=registry.get_all(): codecs  # an instance attribute over the method
    try:
        yield
    finally:
        for registry in registries:
            del registry.get_all


def read_docs(path: str | Path, vocab: Vocab) -> Iterator[Doc]:
    """The docs of a ``.spacy`` file or of a folder of ``.spacy`` shards, in order."""
    path = Path(path)
    files = sorted(path.glob("*.spacy")) if path.is_dir() else [path]
    for file in files:
        with packing_without_rescans():
            docs = DocBin().from_disk(file).get_docs(vocab)
            yield from docs


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
