"""Where a rule can match: token windows found with numpy, so that spaCy's Matcher reads only those.

The Matcher costs about the same for every token it reads, matching or not (it starts every pattern
at every token), so a component that runs it over a whole section pays for hundreds of tokens where
no rule can start. Each rule has a token it cannot do without (its first required one, best one that
names a word); its value tests (``LOWER``, ``ORTH``, ``IN``, ``NOT_IN``, ``LIKE_NUM``, ``ENT_IOB`` ...)
are checked on ``doc.to_array`` columns at once, with those of the tokens just before and after it;
then, for each token that passes, in Python: the tests of the single tokens a few places from it
(across optional tokens: "May .? 5") at each place they can be; the window, from the optional
tokens before it on to the longest match the rule could make there (fixed lengths add up, a
``*``/``+`` token stretches to the first token that fails its own tests, the edge of the region
when they cannot be read from the columns); and a token the rule requires past a ``*`` run
("<date> ... date of injury") somewhere in that window. A test this module cannot read
(``REGEX``, extensions, ``OP: "!"``) is simply not used, so a window can only be too wide, never too
narrow: every match lies inside one merged window, and the Matcher finds the same matches in the
windows as in the whole region. spaCy has no such prefilter, hence this module.
"""
from __future__ import annotations

from typing import Iterable

import numpy
from spacy.matcher import Matcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from ..doc_cache import store

# Token attributes whose value the Matcher reads as ``doc.to_array`` gives it (both use
# ``get_token_attr``); the lexical flags are 0/1.
COLUMNS = (
    "ORTH", "LOWER", "NORM", "SHAPE", "ENT_TYPE", "ENT_IOB",
    "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_PUNCT", "IS_SPACE", "IS_TITLE", "IS_UPPER",
    "LIKE_URL", "LIKE_NUM", "LIKE_EMAIL", "IS_STOP", "IS_BRACKET", "IS_QUOTE",
    "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT", "IS_CURRENCY",
)
# Columns of string hashes: their tested values are looked up once a doc (numpy's searchsorted).
HASHED = ("ORTH", "LOWER", "NORM", "SHAPE", "ENT_TYPE")
# Columns the pipeline changes as it runs (doc.ents): never kept from one read to the next.
ENTITY_COLUMNS = ("ENT_TYPE", "ENT_IOB")
# Regions this small are read whole: finding windows costs more than it saves (doc.to_array
# reads the whole doc).
FEW_TOKENS = 100
# A token's test is checked at no more than this many possible offsets from the anchor.
PLACES = 4
# The places whose checks are read for the whole doc at once (with numpy) before the anchors are
# checked one by one: the anchor token's other tests and its neighbours'.
NEXT = {(-1,), (0,), (1,)}
# Two windows closer than this are read in one Matcher call: a call costs about as much as a few
# tokens.
MERGE_GAP = 4

# A test on one column: (column, "==" | "in" | "not_in", value or sorted tuple of values).
Test = tuple[str, str, object]
# How far a pattern token can reach: ("fixed", n tokens at most) or ("run", tests of its tokens).
Step = tuple[str, object]


class Anchors:
    """The windows of a set of rules; ``add`` each rule's token pattern (as the Matcher gets it).

    A doc costs, once for every Anchors (``_DocColumns``), one ``to_array`` and one
    ``searchsorted`` among the values any rule tests (``_Coding``) per column; then per Anchors
    one lookup of the rules each token can anchor (a bit per rule) and of its neighbours'
    checks; the few anchors found are then checked, and their windows measured, in Python,
    each rule's tests compiled with their passing values in place.
    """

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        # (anchor test, [(offset from the anchor, test)] of the tokens at fixed offsets, tokens
        # before the anchor at most, steps from the anchor on, tests some token of the window passes)
        self.rules: list[tuple[Test, tuple, int, list[Step], tuple[Test, ...]]] = []
        self.everywhere = False  # a rule without a readable required token: read whole regions
        self._compiled: dict | None = None

    def add(self, pattern: list[dict]) -> None:
        ranges = [_repeats(token.get("OP")) for token in pattern]
        tests = [_tests(token, self.vocab) for token in pattern]
        anchor = _anchor(ranges, tests, self.vocab)
        if anchor is None:
            self.everywhere = True
            return
        _CODING.register(t for token_tests in tests for t in token_tests)  # before any rule set compiles
        before = sum(high for _, high in ranges[:anchor])
        steps: list[Step] = []
        for (_, high), token_tests in zip(ranges[anchor:], tests[anchor:]):
            if high is not None:
                if steps and steps[-1][0] == "fixed":
                    steps[-1] = ("fixed", steps[-1][1] + high)
                else:
                    steps.append(("fixed", high))
            else:
                steps.append(("run", token_tests))
        primary = _best(tests[anchor])
        placed = _placed(ranges, anchor)
        checks = tuple(sorted((offsets, t) for k, offsets in placed for t in tests[k] if (offsets, t) != ((0,), primary)))
        # a required token at no fixed place (past a ``*`` run): the window must hold one
        elsewhere = {k for k, _ in placed}
        positive = [tuple(t for t in tests[k] if t[1] != "not_in") for k in range(len(tests))]
        held = tuple(sorted({_best(positive[k]) for k, (low, _) in enumerate(ranges) if low >= 1 and positive[k] and k not in elsewhere}))
        self.rules.append((primary, checks, before, steps, held))
        self._compiled = None

    def _compile(self) -> dict:
        """The columns read; the coding's version the codes below belong to; per column, by coded
        value, the bits of the rules whose anchor test the value passes; the neighbour filters;
        and each rule's other tests with their passing codes in place."""
        tests = {t for primary, checks, _, steps, held in self.rules for t in [primary, *(c for _, c in checks), *held, *(
            t for kind, value in steps if kind == "run" for t in value)]}
        columns = sorted({t[0] for t in tests})
        _CODING.register(tests)  # there since ``add``, unless this Anchors came pickled to a new process
        version = _CODING.version
        known = {c: _CODING.known(c) for c in columns if c in HASHED}
        passing = {t: _passing(t, known.get(t[0])) for t in tests}
        tables: dict[str, list[int]] = {}
        for r, (primary, *_) in enumerate(self.rules):
            column = primary[0]
            table = tables.setdefault(column, [0] * (len(known[column]) + 1 if column in known else 4))
            for value in passing[primary]:
                if value < len(table):  # a flag is 0 or 1, ENT_IOB 0 to 3: a larger value never passes
                    table[value] |= 1 << r
        dtype = numpy.uint64 if len(self.rules) <= 64 else object
        bits = {column: numpy.array(table, dtype=dtype) for column, table in tables.items()}
        # per (column, offset) of the checks at one place next to the anchor: by value there, the
        # rules that pass (or check nothing there), and the rules that check nothing there (for
        # places past the doc); farther places cost more to read for the whole doc than they save
        everyone = (1 << len(self.rules)) - 1
        filters: dict[tuple[str, int], list[int]] = {}
        checked: dict[tuple[str, int], int] = {}  # the rules checking there
        for r, (_, checks, *_) in enumerate(self.rules):
            for offsets, test in checks:
                if offsets in NEXT:
                    column, place = test[0], (test[0], offsets[0])
                    table = filters.setdefault(place, [everyone] * (len(known[column]) + 1 if column in known else 4))
                    checked[place] = checked.get(place, 0) | 1 << r
                    ok = passing[test]
                    for value in range(len(table)):
                        if value not in ok:
                            table[value] &= everyone ^ (1 << r)
        filters_compiled = {key: (numpy.array(table, dtype=dtype), everyone ^ checked[key]) for key, table in filters.items()}
        # each rule's checks and steps with their passing sets in place: no test tuple is hashed per anchor
        rules = [
            (tuple((offsets[0], test[0], passing[test]) for offsets, test in checks if len(offsets) == 1),
             tuple((offsets, test[0], passing[test]) for offsets, test in checks if len(offsets) > 1), before,
             tuple((kind, value if kind == "fixed" else tuple((t[0], passing[t]) for t in value)) for kind, value in steps),
             tuple((t[0], passing[t]) for t in held))
            for _, checks, before, steps, held in self.rules
        ]
        return {"columns": columns, "version": version, "bits": bits, "filters": filters_compiled, "rules": rules}

    def windows(self, doc: Doc, regions: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
        """For each region, disjoint token ranges inside it that hold every match of the rules."""
        if self.everywhere or not self.rules or sum(b - a for a, b in regions) < FEW_TOKENS:
            return [[(a, b)] if b > a else [] for a, b in regions]
        if self._compiled is None or self._compiled["version"] != _CODING.version:
            self._compiled = self._compile()  # another rule set added values to the coding
        compiled = self._compiled
        columns = _columns_of(doc)
        coded = {name: columns.coded(name) for name in compiled["columns"]}
        bits = None
        for name, lookup in compiled["bits"].items():
            found = lookup[coded[name]]
            bits = found if bits is None else bits | found
        length = len(doc)
        for (name, offset), (lookup, unchecked) in compiled["filters"].items():
            found = lookup[coded[name]]
            if offset:  # the value ``offset`` tokens on; rules checking there fail past the doc
                shifted = numpy.full(length, unchecked, dtype=found.dtype)
                if abs(offset) < length:
                    if offset > 0:
                        shifted[: length - offset] = found[offset:]
                    else:
                        shifted[-offset:] = found[: length + offset]
                found = shifted
            bits &= found
        lists = _Lists(columns, coded)
        out = []
        for region_start, region_end in regions:
            windows = []
            if region_end > region_start:
                found = numpy.flatnonzero(bits[region_start:region_end]) + region_start
                for p, rules in zip(found.tolist(), bits[found].tolist()):
                    while rules:
                        r = (rules & -rules).bit_length() - 1
                        rules &= rules - 1
                        window = self._window(r, p, region_start, region_end, lists)
                        if window is not None:
                            windows.append(window)
            out.append(_merge(windows))
        return out

    def _window(self, r: int, p: int, region_start: int, region_end: int, lists: "_Lists") -> tuple[int, int] | None:
        checks, near, before, steps, held = self._compiled["rules"][r]
        for offset, column, passing in checks:
            q = p + offset
            if not region_start <= q < region_end or lists[column][q] not in passing:
                return None
        for offsets, column, passing in near:
            values = lists[column]
            for offset in offsets:
                q = p + offset
                if region_start <= q < region_end and values[q] in passing:
                    break
            else:
                return None
        end = p
        for kind, value in steps:
            if kind == "fixed":
                end += value
            elif not value:
                end = region_end
                break
            elif len(value) == 1:
                (column, passing), = value
                values = lists[column]
                while end < region_end and values[end] in passing:
                    end += 1
            else:
                while end < region_end and all(lists[column][end] in passing for column, passing in value):
                    end += 1
        start, end = max(p - before, region_start), min(end, region_end)
        for column, passing in held:
            if not lists.holds(column, passing, start, end):
                return None
        return start, end


class _Coding:
    """The values the rules of every Anchors test, per word column: a Doc's word column is coded
    once (each token as its index among them) for all rule sets. String hashes are the same in
    every Vocab, so one coding serves every pipeline of the process; adding values makes a new
    version, and the Anchors compiled for an older one compile again."""

    def __init__(self) -> None:
        self._values: dict[str, set[int]] = {}
        self._known: dict[str, numpy.ndarray] = {}
        self.version = 0

    def register(self, tests: Iterable[Test]) -> None:
        """Add the values the tests of word columns test."""
        for test in tests:
            if test[0] in HASHED:
                have = self._values.setdefault(test[0], set())
                new = set(_values(test)) - have
                if new:
                    have |= new
                    self._known.pop(test[0], None)
                    self.version += 1

    def known(self, column: str) -> numpy.ndarray:
        """The column's tested values, sorted (a code is an index into them)."""
        if column not in self._known:
            self._known[column] = numpy.array(sorted(self._values.get(column, ())), dtype=numpy.uint64)
        return self._known[column]


_CODING = _Coding()


class _DocColumns:
    """The token columns of one Doc, read and coded once for every Anchors that reads them (a
    word column as each token's index among the tested words, a flag as itself). The entity
    columns change as the pipeline runs and are read afresh."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._values: dict[str, numpy.ndarray] = {}
        self._coded: dict[tuple[str, int], numpy.ndarray] = {}
        self._lists: dict[tuple[str, int], list[int]] = {}

    def values(self, name: str) -> numpy.ndarray:
        if name in ENTITY_COLUMNS:
            return self.doc.to_array(name)
        if name not in self._values:
            self._values[name] = self.doc.to_array(name)
        return self._values[name]

    def coded(self, name: str) -> numpy.ndarray:
        if name not in HASHED:
            return self.values(name)
        if name in ENTITY_COLUMNS:
            return _coded(_CODING.known(name), self.values(name))
        key = (name, _CODING.version)
        if key not in self._coded:
            self._coded[key] = _coded(_CODING.known(name), self.values(name))
        return self._coded[key]

    def coded_list(self, name: str) -> list[int]:
        """``coded(name)`` as a list (not for the entity columns)."""
        key = (name, _CODING.version)
        if key not in self._lists:
            self._lists[key] = self.coded(name).tolist()
        return self._lists[key]


def _columns_of(doc: Doc) -> _DocColumns:
    kept = store(doc)
    if "anchor_columns" not in kept:
        kept["anchor_columns"] = _DocColumns(doc)
    return kept["anchor_columns"]


def match_windows(matcher: Matcher, doc: Doc, windows: list[tuple[int, int]], with_alignments: bool = False) -> Iterable[tuple]:
    """``matcher``'s matches in each window, in doc offsets: (key, start, end[, alignment])."""
    for window_start, window_end in windows:
        for key, start, end, *alignment in matcher(doc[window_start:window_end], with_alignments=with_alignments):
            yield (key, start + window_start, end + window_start, *alignment)


def _coded(known: numpy.ndarray, values: numpy.ndarray) -> numpy.ndarray:
    """Each value's index in the sorted ``known``, ``len(known)`` for a value not there."""
    index = numpy.searchsorted(known, values)
    return numpy.where(known[numpy.minimum(index, len(known) - 1)] == values, index, len(known))


class _Lists(dict):
    """The coded columns as Python lists (an item of a list reads faster than one of an array),
    each made when first read: the word and flag columns once a Doc, the entity columns from this
    reading."""

    def __init__(self, columns: _DocColumns, coded: dict[str, numpy.ndarray]) -> None:
        super().__init__()
        self.columns = columns
        self.coded = coded

    def __missing__(self, name: str) -> list[int]:
        self[name] = self.coded[name].tolist() if name in ENTITY_COLUMNS else self.columns.coded_list(name)
        return self[name]

    def holds(self, column: str, passing: frozenset[int], start: int, end: int) -> bool:
        """Whether a token in [start, end) has a value in ``passing``."""
        return not passing.isdisjoint(self[column][start:end])


def _passing(test: Test, known: numpy.ndarray | None) -> frozenset[int]:
    """The coded values that pass ``test``: indices into ``known`` (its length for an untested
    word) for a column of words, the value itself for a flag or ``ENT_IOB``."""
    column, op, value = test
    if known is None:
        return frozenset([value])
    inside = {int(i) for i in numpy.flatnonzero(numpy.isin(known, numpy.array(_values(test), dtype=numpy.uint64)))}
    if op == "not_in":
        return frozenset(set(range(len(known) + 1)) - inside)
    return frozenset(inside)


def _merge(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(windows):
        if merged and start <= merged[-1][1] + MERGE_GAP:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _repeats(op: str | None) -> tuple[int, int | None]:
    """(fewest, most) tokens a pattern token takes; most None for no limit."""
    if op in (None, "!", "1"):
        return 1, 1
    if op == "?":
        return 0, 1
    if op == "*":
        return 0, None
    if op == "+":
        return 1, None
    low, _, high = op.strip("{}").partition(",")
    if "," not in op:
        return int(low), int(low)
    return int(low or 0), int(high) if high else None


def _tests(token: dict, vocab: Vocab) -> tuple[Test, ...]:
    """The tests of a pattern token that the columns can check (all must hold)."""
    if token.get("OP") == "!":
        return ()
    tests = []
    for key, value in token.items():
        column = "ORTH" if key == "TEXT" else key
        if column not in COLUMNS:
            continue
        if isinstance(value, dict):
            if column not in HASHED or len(value) != 1 or next(iter(value)) not in ("IN", "NOT_IN"):
                continue
            (op, values), = value.items()
            if not all(isinstance(v, str) for v in values):
                continue
            codes = tuple(sorted({_code(column, v, vocab) for v in values}))
            tests.append((column, op.lower(), codes))
        elif isinstance(value, (str, bool, int)):
            tests.append((column, "==", _code(column, value, vocab)))
    return tuple(sorted(tests, key=repr))


def _code(column: str, value: str | bool | int, vocab: Vocab) -> int:
    """The value as the Matcher stores it (``_get_attr_values``) and ``to_array`` returns it."""
    if isinstance(value, str):
        if column == "ENT_IOB" and value in Token.iob_strings():
            return Token.iob_strings().index(value)
        return vocab.strings.add(value)
    return int(value)


def _anchor(ranges: list[tuple[int, int | None]], tests: list[tuple[Test, ...]], vocab: Vocab) -> int | None:
    """The pattern token that every match holds, after tokens of bounded length only: the first
    that tests words other than stop words ("the" is everywhere), else the first that tests
    an entity, else the first with any readable test; None when there is none."""
    candidates = []
    for k, ((low, _), token_tests) in enumerate(zip(ranges, tests)):
        if any(high is None for _, high in ranges[:k]):
            break
        if low >= 1 and token_tests:
            candidates.append(k)

    def rank(k: int) -> int:
        words = [t for t in tests[k] if t[0] in HASHED and t[1] != "not_in" and t[0] != "ENT_TYPE"]
        if words and not any(vocab[vocab.strings[v]].is_stop for t in words for v in _values(t)):
            return 0
        return 1 if any(t[0] in ("ENT_IOB", "ENT_TYPE") for t in tests[k]) else 2 if not words else 3

    return min(candidates, key=lambda k: (rank(k), k)) if candidates else None


def _best(tests: tuple[Test, ...]) -> Test:
    """The test of a token that passes fewest tokens, by its kind: a word (or set of words) first."""
    return min(tests, key=lambda t: (t[0] not in HASHED or t[1] == "not_in", repr(t)))


def _values(test: Test) -> tuple:
    return test[2] if test[1] != "==" else (test[2],)


def _placed(ranges: list, anchor: int) -> list[tuple[int, tuple[int, ...]]]:
    """The single tokens whose offset from the anchor has few possible values, with those offsets:
    on each side, walking away from it over tokens of bounded length, every token of length
    exactly one with the offsets it can take (one when every token between takes one; "January
    ,? 12" puts the month 1 or 2 tokens before the day), up to ``PLACES`` of them."""
    placed = [(anchor, (0,))]
    sides = [range(anchor - 1, -1, -1)] + ([range(anchor + 1, len(ranges))] if ranges[anchor] == (1, 1) else [])
    for side in sides:
        fewest = most = 0  # tokens between the anchor and this one
        for k in side:
            low, high = ranges[k]
            if high is None or most - fewest >= PLACES:
                break
            if (low, high) == (1, 1):
                sign = -1 if k < anchor else 1
                placed.append((k, tuple(sign * (1 + n) for n in range(fewest, most + 1))))
            fewest, most = fewest + low, most + high
    return placed
