"""Shared machinery for components that match rule patterns from ``patterns/``.

A rule is spaCy's ``{"label", "id", "pattern"}`` line. A token of the pattern may carry
``"CAPTURE": true``: the match then reports the tokens those pattern tokens matched (through the
Matcher's alignments), so a rule can match "53 year-old" and keep only "53".
"""

from pathlib import Path
from typing import Iterable, NamedTuple

import srsly
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from ..resources import read_patterns


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
        self.matcher = Matcher(self.vocab, validate=True)

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        """Load the rules of ``patterns/<self.patterns>``."""
        self._reset()
        self.add_rules(read_patterns(self.patterns))

    def add_rules(self, rules: Iterable[dict]) -> None:
        for rule in rules:
            key = f"{rule['label']}|{rule.get('id', '')}|{len(self.rules)}"
            tokens = [{k: v for k, v in token.items() if k != "CAPTURE"} for token in rule["pattern"]]
            captured = {i for i, token in enumerate(rule["pattern"]) if token.get("CAPTURE")}
            self.captures[key] = captured
            self.matcher.add(key, [tokens], greedy="LONGEST")
            self.rules.append(rule)

    def match(self, doc: Doc) -> list[Cue]:
        """Every rule match, sorted by start then longest first."""
        cues = []
        for key_id, start, end, alignment in self.matcher(doc, with_alignments=True):
            key = self.vocab.strings[key_id]
            label, id_, _ = key.split("|")
            captured = [start + i for i, a in enumerate(alignment) if a in self.captures[key]]
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
