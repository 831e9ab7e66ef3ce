"""Shared machinery for components that match rule patterns from ``patterns/``.

A rule is spaCy's ``{"label", "id", "pattern"}`` line. A token of the pattern may carry
``"CAPTURE": true``: the match then reports the tokens those pattern tokens matched (through the
Matcher's alignments), so a rule can match "53 year-old" and keep only "53".

The Matcher reads only the windows where a rule can match (``anchors``), so it keeps every match
and this module applies the rules' ``greedy="LONGEST"`` over each whole region itself, exactly as
the Matcher would (matches grouped by key in order of first appearance, longest first, then the
earliest, none overlapping a kept one).
"""

from pathlib import Path
from typing import Iterable, NamedTuple

import numpy
import srsly
from spacy.attrs import IDX
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from ..resources import read_patterns
from .. import groups
from ..extensions import doc_value
from .anchors import Anchors, match_windows


class Cue(NamedTuple):
    """A matched rule, in token offsets; ``cap_*`` are the captured tokens (or the whole match)."""

    label: str
    id: str
    start: int
    end: int
    cap_start: int
    cap_end: int


class RuleComponent:
    """Base of the rule components: a Matcher whose rules load in ``initialize`` and serialize."""

    def __init__(self, nlp: Language, name: str, *, patterns: str, spans_key: str) -> None:
        self.name = name
        self.vocab = nlp.vocab
        self.patterns = patterns
        self.spans_key = spans_key
        self._reset()

    def _reset(self) -> None:
        self.rules: list[dict] = []
        self.captures: dict[str, set[int]] = {}
        self.matcher = Matcher(self.vocab, validate=False)  # the tests validate the shipped rules
        self.anchors = Anchors(self.vocab)
        self.with_alignments = False  # only a rule that captures needs the Matcher's alignments

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        """Load the rules of ``patterns/<self.patterns>``."""
        self._reset()
        self.add_rules(read_patterns(self.patterns))

    def add_rules(self, rules: Iterable[dict]) -> None:
        for rule in rules:
            tokens = [{k: v for k, v in token.items() if k != "CAPTURE"} for token in rule["pattern"]]
            captured = {i for i, token in enumerate(rule["pattern"]) if token.get("CAPTURE")}
            for n, (variant, positions) in enumerate(_fast_variants(tokens, list(range(len(tokens))))):
                key = f"{rule['label']}|{rule.get('id', '')}|{len(self.rules)}.{n}"
                self.captures[key] = {i for i, original in enumerate(positions) if original in captured}
                self.matcher.add(key, [variant])
            self.anchors.add(tokens)
            self.with_alignments = self.with_alignments or bool(captured)
            self.rules.append(rule)

    def match(self, doc: Doc, regions: Iterable[tuple[int, int]] | None = None) -> list[Cue]:
        """Every rule match in ``regions`` (token ranges; default the whole doc), sorted by start
        then longest first. Matching only where a rule can apply is most of this class's speed."""
        cues = []
        regions = [(0, len(doc))] if regions is None else list(regions)
        for windows in self.anchors.windows(doc, regions):
            found: dict[int, list[tuple]] = {}
            for key_id, start, end, *alignment in match_windows(self.matcher, doc, windows, self.with_alignments):
                found.setdefault(key_id, []).append((start, end, alignment))
            for key_id, matches in found.items():
                key = self.vocab.strings[key_id]
                label, id_, _ = key.split("|")
                for start, end, alignment in _longest(matches):
                    captured = [start + i for i, a in enumerate(alignment[0]) if a in self.captures[key]] if alignment else []
                    cap_start, cap_end = (captured[0], captured[-1] + 1) if captured else (start, end)
                    cues.append(Cue(label, id_, start, end, cap_start, cap_end))
        return sorted(cues, key=lambda cue: (cue.start, -cue.end))

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_jsonl(path / "patterns.jsonl", self.rules)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "RuleComponent":
        self._reset()
        self.add_rules(srsly.read_jsonl(Path(path) / "patterns.jsonl"))
        return self


def _longest(matches: list[tuple]) -> list[tuple]:
    """spaCy's ``greedy="LONGEST"`` filter of one key's matches, in the Matcher's order: longest
    first, then earliest, skipping any that overlaps one kept."""
    kept: list[tuple] = []
    for match in sorted(matches, key=lambda m: (m[1] - m[0], -m[0]), reverse=True):
        if all(match[1] <= other[0] or other[1] <= match[0] for other in kept):
            kept.append(match)
    return kept


def _fast_variants(tokens: list[dict], positions: list[int]) -> list[tuple[list[dict], list[int]]]:
    """The same rule as patterns that start with a plain equality wherever possible.

    The Matcher tries every pattern's first token at every token of the doc: a set predicate
    (``{"IN": [...]}``) there runs in Python, an equality in C, and an optional first token makes
    the pattern start twice. So a leading optional token becomes two variants (with and without)
    and a leading set one variant per value; the matches are the same. ``positions`` maps each
    variant token to the rule's token, so captures stay right.
    """
    first = tokens[0]
    if first.get("OP") == "?" and len(tokens) > 1:
        required = {k: v for k, v in first.items() if k != "OP"}
        return _fast_variants(tokens[1:], positions[1:]) + _fast_variants([required, *tokens[1:]], positions)
    if "OP" in first or len(first) != 1:
        return [(tokens, positions)]
    (attr, value), = first.items()
    if not isinstance(value, dict) or list(value) != ["IN"]:
        return [(tokens, positions)]
    return [([{attr: option}, *tokens[1:]], positions) for option in value["IN"]]


def section_regions(doc: Doc, labels: Iterable[str], key: str = "imr_sections") -> list[tuple[int, int]] | None:
    """Token ranges of the sections with these labels (adjacent ones merged); None for "all"."""
    wanted = set(labels)
    if not wanted:
        return None
    regions: list[tuple[int, int]] = []
    for section in groups.spans(doc, key):
        if section.label_ in wanted:
            if regions and regions[-1][1] == section.start:
                regions[-1] = (regions[-1][0], section.end)
            else:
                regions.append((section.start, section.end))
    return regions


def line_start_tokens(doc: Doc) -> list[int]:
    """Token indices where an input line began (the token starting at each line's offset, found
    by bisection: the token offsets are sorted)."""
    starts = numpy.unique(numpy.array(doc_value(doc, "line_starts") or [0], dtype=numpy.int64))
    offsets = doc.to_array(IDX).astype(numpy.int64)
    found = numpy.searchsorted(offsets, starts)
    found = found[found < len(offsets)]
    return found[offsets[found] == starts[: len(found)]].tolist()
