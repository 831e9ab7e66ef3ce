"""DocBin outputs: put in place from the parts of a run, and read back.

A run of one part (up to ``--part-size`` files) gets a single ``.spacy`` file. A larger one gets a
folder of the same name holding one ``.spacy`` shard per part, the layout spaCy's corpus reader
(``spacy train``, ``spacy evaluate``) accepts wherever it takes a ``.spacy`` file; ``read_docs``
reads either.
"""
from __future__ import annotations

import shutil
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import numpy
import srsly
from spacy.attrs import DEP, ENT_ID, ENT_KB_ID, ENT_TYPE, LEMMA, MORPH, NORM, ORTH, SPACY, TAG
from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab
from srsly.msgpack import msgpack_decoders, msgpack_encoders

from . import groups

# zlib's level for DocBin bytes: spaCy's default (6) took most of ``to_bytes`` (1.2 ms a letter,
# paid once more for --split's train or dev file); 3 takes 0.5 ms for 10% more bytes.
COMPRESSION = 3
# The token strings DocBin.add keeps (text, tag_, lemma_, norm_, dep_, ent_type_, ent_kb_id_,
# ent_id_; and the morphology), as hashes.
TOKEN_STRINGS = [ORTH, TAG, LEMMA, NORM, DEP, ENT_TYPE, ENT_KB_ID, ENT_ID]


class LetterDocBin(DocBin):
    """spaCy's DocBin whose ``add`` finds the token strings from one ``doc.to_array`` (each distinct
    hash looked up once) instead of reading nine attributes of every Token, the span strings from
    the spans the components read (``groups``) instead of a new Span per span, and whose ``to_bytes``
    compresses at ``COMPRESSION``: the same content (``tests/test_docbins.py``), in a fraction of
    the time on a letter."""

    def add(self, doc: Doc) -> None:
        array = doc.to_array(self.attrs)
        if len(array.shape) == 1:
            array = array.reshape((array.shape[0], 1))
        self.tokens.append(array)
        spaces = doc.to_array(SPACY)
        self.spaces.append(numpy.asarray(spaces.reshape((spaces.shape[0], 1)), dtype=bool))
        self.flags.append({"has_unknown_spaces": doc.has_unknown_spaces})
        strings = doc.vocab.strings
        if len(doc):
            self.strings.update(strings[h] for h in numpy.unique(doc.to_array(TOKEN_STRINGS)).tolist())
            if doc.to_array(MORPH).any():  # morphology's strings are its own: read them as DocBin does
                self.strings.update(str(token.morph) for token in doc)
            else:
                self.strings.add("")  # str() of an empty analysis
        self.cats.append(doc.cats)
        if self.store_user_data:
            self.user_data.append(srsly.msgpack_dumps(doc.user_data))
        self.span_groups.append(doc.spans.to_bytes())
        for key in doc.spans:  # the spans as the pipeline's components last read them (groups), not made again
            self.strings.update(groups.labels(doc, key))
            for span in groups.spans(doc, key):
                if span.kb_id in strings:
                    self.strings.add(span.kb_id_)
                if span.id in strings:
                    self.strings.add(span.id_)

    def to_bytes(self) -> bytes:
        """``DocBin.to_bytes`` (spaCy 3.7's message, read by ``DocBin.from_bytes``) at ``COMPRESSION``."""
        lengths = [len(tokens) for tokens in self.tokens]
        msg = {
            "version": self.version,
            "attrs": self.attrs,
            "tokens": (numpy.vstack(self.tokens) if self.tokens else numpy.asarray([])).tobytes("C"),
            "spaces": (numpy.vstack(self.spaces) if self.spaces else numpy.asarray([])).tobytes("C"),
            "lengths": numpy.asarray(lengths, dtype="int32").tobytes("C"),
            "strings": sorted(self.strings),
            "cats": self.cats,
            "flags": self.flags,
            "span_groups": self.span_groups,
        }
        if self.store_user_data:
            msg["user_data"] = self.user_data
        return zlib.compress(srsly.msgpack_dumps(msg), COMPRESSION)


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
