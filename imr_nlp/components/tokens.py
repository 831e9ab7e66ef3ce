"""Per-token values of a Doc read as arrays, once per Doc.

A ``Token`` object is made on every ``doc[i]`` or iteration step, so reading ``lower_`` token by
token costs about twice what one ``Doc.to_array`` call and a string lookup per token do. Several
components need the lower-case words: they are read once per Doc (``doc_cache``).
"""
from spacy.attrs import LOWER, SPACY
from spacy.tokens import Doc

from ..doc_cache import store


def words_and_spaces(doc: Doc) -> tuple[list[str], list[bool]]:
    """The lower-case text of every token, and whether whitespace follows it."""
    kept = store(doc)
    if "words_and_spaces" not in kept:
        values = doc.to_array([LOWER, SPACY])
        strings = doc.vocab.strings
        kept["words_and_spaces"] = ([strings[h] for h in values[:, 0].tolist()], values[:, 1].astype(bool).tolist())
    return kept["words_and_spaces"]
