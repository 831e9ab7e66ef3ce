"""Per-token values of a Doc read as arrays, once per Doc.

A ``Token`` object is made on every ``doc[i]`` or iteration step, so reading ``lower_`` token by
token costs about twice what one ``Doc.to_array`` call and a string lookup per token do. Several
components need the lower-case words; the last Doc's are kept (one Doc: no growth, and each
``n_process`` worker has its own).
"""
from spacy.attrs import LOWER, SPACY
from spacy.tokens import Doc

_last: tuple[Doc, list[str], list[bool]] | None = None


def words_and_spaces(doc: Doc) -> tuple[list[str], list[bool]]:
    """The lower-case text of every token, and whether whitespace follows it."""
    global _last
    if _last is None or _last[0] is not doc or len(_last[1]) != len(doc):
        values = doc.to_array([LOWER, SPACY])
        strings = doc.vocab.strings
        _last = (doc, [strings[h] for h in values[:, 0].tolist()], values[:, 1].astype(bool).tolist())
    return _last[1], _last[2]
