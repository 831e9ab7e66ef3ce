"""ICD-10-CM codes for stated problems, from the code titles of ``simple-icd-10-cm``.

simple-icd-10-cm (MIT licence) ships the CMS tabular list offline; the package gives codes and
titles, not a matcher from free text to codes, so the matching is ours (``patterns/icd10.json``
says how): a code fits a problem when every required word of one of its titles is among the
problem's words; ranking prefers the title whose words the letter writes itself. The index is
built on first use, once per machine (see ``index``), so loading the pipeline stays quick.
"""
from __future__ import annotations

import gc
import hashlib
import marshal
import os
import re
import sys
import tempfile
import warnings
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

CACHE_FORMAT = 7  # raise when the cached index's shape changes
WORD = re.compile(r"[a-z0-9]+")
PARENTHESES = re.compile(r"\([^)]*\)")
PAIR = re.compile(r"^(\w+) and (\w+)$")
OPEN_OR_ABSENT = re.compile(r"\b(?:unspecified|without|not)\b[^,]*")  # to the next comma
NOTHING_MORE = frozenset({"uncomplicated", "other", "site", "of", "and", "or", "the", "in", "at"})


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


# A title in the index: (code, its required words, general, the code a record gives for it), under
# its first word.
Entry = tuple[str, frozenset[str], int, str]


@lru_cache(maxsize=4)
def index(stopwords: frozenset[str], skip: tuple[str, ...]) -> dict[str, list[Entry]]:
    """Word -> the titles it leads (their first required word); 7th-character extensions left out
    (the letters rarely say the encounter). A title fits a problem only if its first word is stated
    (a whole title states all its words), so coding reads only these: "right" or "pain" is in
    thousands of titles but leads few. The index is built once per machine and kept in the
    user's cache directory as it is used (marshal keeps the dict, lists, tuples and frozensets):
    importing simple-icd-10-cm parses its XML (about 2.5 s) and building takes 2 s more, in every
    process that codes a diagnosis, where reading the cache takes 0.05 s with the garbage collector
    paused (the 300,000 objects read set off collections that walk all the pipeline's objects:
    0.12-0.2 s)."""
    path = _cache_path(stopwords, skip)
    try:
        led = _unmarshal(path.read_bytes())
        if not isinstance(led, dict):
            raise ValueError("not an index")
    except (OSError, ValueError, EOFError, TypeError):
        led = _build(stopwords, skip)
        _write(path, marshal.dumps(led))
    return led


def _unmarshal(data: bytes) -> object:
    """``marshal.loads`` with the garbage collector paused (nothing read can be garbage)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return marshal.loads(data)
    finally:
        if was_enabled:
            gc.enable()


def _build(stopwords: frozenset[str], skip: tuple[str, ...]) -> dict[str, list[Entry]]:
    """The index: each title once, under its first word."""
    with warnings.catch_warnings():  # the package reads its data with a deprecated importlib call
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm as cm  # imported here: only building the index needs it

    titles: dict[Title, None] = {}
    for code in cm.get_all_codes(True):
        if code.startswith(skip) or not cm.is_category_or_subcategory(code) or cm.is_extended_subcategory(code):
            continue
        for text in [cm.get_description(code), *cm.get_inclusion_term(code)]:
            titles.update(dict.fromkeys(_titles(code, text, stopwords)))
    led: dict[str, list[Entry]] = {}
    leaves: dict[str, str] = {}
    for title in titles:
        if title.code not in leaves:
            leaves[title.code] = _default_leaf(cm, title.code)
        led.setdefault(title.first, []).append((title.code, title.required, title.general, leaves[title.code]))
    return led


def _default_leaf(cm, code: str) -> str:
    """The code to give for a title that heads more codes: the child that says least beyond it,
    down to a code with no children but its 7th-character extensions (the encounter, left out:
    see ``index``). A problem that fits "Type 2 diabetes mellitus" (E11) is coded E11.9 "... without
    complications", "Migraine, unspecified" (G43.9) G43.909 "..., not intractable, without status
    migrainosus", "Rotator cuff tear" (M75.10) M75.100 "... of unspecified shoulder": a title
    that adds no complication ("with ..."; "Opioid dependence with unspecified opioid-induced
    disorder" is no plain dependence), then the most "unspecified" words, then "without",
    "uncomplicated" or ", not ...", then the shortest title (among "Muscle spasm of back",
    "... of calf" and "Other muscle spasm", the last). It stops where that child states more than
    its parent (``_says_no_more``)."""
    while True:
        children = [c for c in cm.get_children(code) if not cm.is_extended_subcategory(c)]
        if not children:
            return code
        best = max(children, key=lambda child: _least_said(cm.get_description(child).lower()))
        if not _says_no_more(cm.get_description(code).lower(), cm.get_description(best).lower()):
            return code  # every child states more ("Other hypertension" I1A: "Resistant hypertension")
        code = best


def _least_said(title: str) -> tuple[bool, int, int, int]:
    """How little a child code's (lower-case) title adds (see ``_default_leaf``); higher is less."""
    unspecified = title.count("unspecified") + title.count(" nos")
    plain = ("without" in title) + ("uncomplicated" in title) + (", not " in title)
    return " with " not in title, unspecified, plain, -len(title)


def _says_no_more(parent: str, child: str) -> bool:
    """Whether a child's title leaves its parent's problem as it was (lower-case titles): beyond the
    parent's words it says only what is left open or absent ("unspecified ...", "without ...",
    "not ...", each to the next comma), "uncomplicated", "other" or "site". "Unspecified blood type,
    Rh positive" states a fact "Unspecified blood type" does not."""
    said = set(WORD.findall(OPEN_OR_ABSENT.sub(",", child))) - set(WORD.findall(parent))
    return " with " not in child and said <= NOTHING_MORE


def _cache_path(stopwords: frozenset[str], skip: tuple[str, ...]) -> Path:
    """One file per simple-icd-10-cm release, matching rules and Python (marshal's format)."""
    key = repr((CACHE_FORMAT, metadata.version("simple-icd-10-cm"), sorted(stopwords), skip, sys.version_info[:2]))
    root = Path(os.environ.get("IMR_NLP_CACHE") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "imr_nlp")
    return root / f"icd10-index-{hashlib.sha256(key.encode()).hexdigest()[:16]}.marshal"


def _write(path: Path, data: bytes) -> None:
    """Write the cache whole or not at all (a temporary file of its own, then renamed: workers
    building it at the same time do not clash); an unwritable cache directory is no error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as handle:
            handle.write(data)
        os.replace(handle.name, path)
    except OSError:
        pass


def code_for(text: str, table: dict) -> str | None:
    """The ICD-10-CM code whose title the problem ``text`` states most fully, or None."""
    rules = _rules(table)
    for phrase, code in rules.direct:
        if phrase.search(text):
            return code
    for phrase, icd_words in rules.rewrites:
        text = phrase.sub(icd_words, text)
    written = frozenset(words(text, rules.stopwords))
    stated = set(written)
    for word in written:
        stated.update(table["implies"].get(word, ()))
    share = table["partial"]["above_share"]
    led_by = index(rules.stopwords, rules.skip)
    best: tuple | None = None
    for word in stated:  # a fitting title's first word is stated (see ``index``)
        for code, required, general, leaf in led_by.get(word, ()):
            shared = len(required & stated)
            whole = shared == len(required)
            if not whole and not shared > share * len(required):
                continue
            rank = (len(required & written), whole, shared, general, -len(code), code, leaf)
            if best is None or rank > best:
                best = rank
    return best[-1] if best else None


class _Rules(NamedTuple):
    direct: list[tuple[re.Pattern, str]]  # longest phrase first
    rewrites: list[tuple[re.Pattern, str]]
    stopwords: frozenset[str]
    skip: tuple[str, ...]


_compiled: tuple[dict, _Rules] | None = None  # the last table's (the pipeline has one)


def _rules(table: dict) -> _Rules:
    """The table's phrases compiled once."""
    global _compiled
    if _compiled is None or _compiled[0] is not table:
        direct = sorted(table["direct"], key=len, reverse=True)
        _compiled = (table, _Rules(
            [(re.compile(rf"\b{re.escape(p)}\b"), table["direct"][p]) for p in direct],
            [(re.compile(rf"\b{re.escape(p)}\b"), w) for p, w in table["rewrites"].items()],
            frozenset(table["stopwords"]),
            tuple(table["skip_chapters"]),
        ))
    return _compiled[1]
