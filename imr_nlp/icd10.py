"""ICD-10-CM codes for stated problems, from the code titles of ``simple-icd-10-cm``.

simple-icd-10-cm (MIT licence) ships the CMS tabular list offline; the package gives codes and
titles, not a matcher from free text to codes, so the matching is ours (``patterns/icd10.json``
says how): a code fits a problem when every required word of one of its titles is among the
problem's words; ranking prefers the title whose words the letter writes itself. The index is
built on first use (under a second) so loading the pipeline stays quick.
"""
from __future__ import annotations

import re
import warnings
from functools import lru_cache
from typing import NamedTuple

WORD = re.compile(r"[a-z0-9]+")
PARENTHESES = re.compile(r"\([^)]*\)")
PAIR = re.compile(r"^(\w+) and (\w+)$")


class Title(NamedTuple):
    code: str
    first: str  # the title's first required word: its condition ("Fracture of ...", "Pain in ...")
    required: frozenset[str]
    general: int  # +1 for an unspecified/NOS title, -1 for an "Other ..." one


def words(text: str, stopwords: frozenset[str]) -> list[str]:
    """The title words of ``text`` in order: lower case, plural -s dropped, stopwords and single
    letters out."""
    out = []
    for word in WORD.findall(text.lower()):
        if word in stopwords or len(word) < 2:
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
        out.append(word)
    return out


def _titles(code: str, text: str, stopwords: frozenset[str]) -> list[Title]:
    low = text.lower()
    general = 1 if ("unspecified" in low or " nos" in low) else -1 if low.startswith("other") else 0
    head = PARENTHESES.sub(" ", low).split(",")[0].strip()
    variants = [PARENTHESES.sub(" ", low)]
    if pair := PAIR.match(head):  # "Dizziness and giddiness": either word names the code
        variants += [pair[1], pair[2]]
    out = []
    for variant in variants:
        required = words(variant, stopwords)
        if required:
            out.append(Title(code, required[0], frozenset(required), general))
    return out


@lru_cache(maxsize=4)
def index(stopwords: frozenset[str], skip: tuple[str, ...]) -> dict[str, list[Title]]:
    """Word -> every title that requires it; 7th-character extensions left out (the letters
    rarely say the encounter)."""
    with warnings.catch_warnings():  # the package reads its data with a deprecated importlib call
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm as cm  # imported here: only coding needs it

    by_word: dict[str, list[Title]] = {}
    for code in cm.get_all_codes(True):
        if code.startswith(skip) or not cm.is_category_or_subcategory(code) or cm.is_extended_subcategory(code):
            continue
        for text in [cm.get_description(code), *cm.get_inclusion_term(code)]:
            for title in _titles(code, text, stopwords):
                for word in title.required:
                    by_word.setdefault(word, []).append(title)
    return by_word


def code_for(text: str, table: dict) -> str | None:
    """The ICD-10-CM code whose title the problem ``text`` states most fully, or None."""
    for phrase in sorted(table["direct"], key=len, reverse=True):
        if re.search(rf"\b{re.escape(phrase)}\b", text):
            return table["direct"][phrase]
    stopwords = frozenset(table["stopwords"])
    for phrase, icd_words in table["rewrites"].items():
        text = re.sub(rf"\b{re.escape(phrase)}\b", icd_words, text)
    written = frozenset(words(text, stopwords))
    stated = set(written)
    for word in written:
        stated.update(table["implies"].get(word, ()))
    share = table["partial"]["above_share"]
    best: tuple | None = None
    for word in stated:
        for title in index(stopwords, tuple(table["skip_chapters"])).get(word, ()):
            shared = len(title.required & stated)
            whole = shared == len(title.required)
            if not whole and not (title.first in stated and shared > share * len(title.required)):
                continue
            rank = (len(title.required & written), whole, shared, title.general, -len(title.code), title.code)
            if best is None or rank > best:
                best = rank
    return best[-1] if best else None
