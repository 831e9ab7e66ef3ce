"""What components read from a Doc, kept while that Doc is the one being read.

Reading a Doc from Python is dear (a ``Token`` or ``Span`` object made per item), and the
pipeline's components read the same things of the same Doc one after another: its words, its
token columns, its span groups. ``store(doc)`` is a dict for such reads, kept for the last Doc
only (no growth; each ``n_process`` worker has its own) and emptied when another Doc, or the same
Doc retokenized, is read. What changes as the pipeline runs (span groups, entities) is checked by
the reader itself.
"""
from spacy.tokens import Doc

_doc: Doc | None = None
_length = -1
_store: dict = {}


def store(doc: Doc) -> dict:
    """The reads kept for ``doc``."""
    global _doc, _length
    if doc is not _doc or len(doc) != _length:
        _doc, _length = doc, len(doc)
        _store.clear()
    return _store
