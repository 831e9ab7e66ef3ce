"""PhraseMatcher patterns from phrase texts, the phrases tokenized together.

``PhraseMatcher.add`` takes a Doc per phrase, or the phrase's token attribute values (its own
pickling passes those). A Doc costs about 20 µs, so the rules' thousands of phrases took a tenth
of a second of every ``load()``; the imr_nlp tokenizer's ``phrase_keys`` tokenizes them as one text
and gives the values, the same as each phrase's own Doc would (tests compare every shipped phrase).
"""
from itertools import islice
from typing import Iterable, Sequence, Union

from spacy.attrs import IDS, LOWER, NORM, ORTH, SHAPE
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

LEXICAL = {ORTH, LOWER, NORM, SHAPE}  # attributes the tokenizer alone sets (a tagger or parser sets others)


def attr_id(attr: Union[int, str, None]) -> int:
    """The attribute ID a PhraseMatcher made with ``attr`` compares (``None`` is ORTH)."""
    return attr if isinstance(attr, int) else IDS[(attr or "ORTH").upper()]


def phrase_patterns(nlp: Language, phrases: Sequence[str], attr: Union[int, str, None] = "LOWER") -> list[Union[Doc, tuple[int, ...]]]:
    """One PhraseMatcher pattern per phrase: its token values of ``attr`` when the tokenizer can
    give them for all phrases at once, else its Doc."""
    phrase_keys = getattr(nlp.tokenizer, "phrase_keys", None)
    if phrase_keys is not None and attr_id(attr) in LEXICAL:
        return phrase_keys(phrases, attr_id(attr))
    return [nlp.make_doc(phrase) for phrase in phrases]


def add_phrases(nlp: Language, matcher: PhraseMatcher, attr: Union[int, str, None], rules: Iterable[tuple[str, Sequence[str]]]) -> None:
    """Add each rule's phrases under its key to ``matcher`` (made with ``attr``), every phrase of
    every rule tokenized at once."""
    rules = list(rules)
    patterns = iter(phrase_patterns(nlp, [phrase for _, phrases in rules for phrase in phrases], attr))
    by_key: dict[str, list] = {}
    for key, phrases in rules:
        by_key.setdefault(key, []).extend(islice(patterns, len(phrases)))
    for key, key_patterns in by_key.items():
        matcher.add(key, key_patterns)
