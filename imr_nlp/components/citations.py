"""GUIDELINE entities: each citation in a decision's guideline parts, parsed into ``_.citation``."""


import copy
import json

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..citations import parse_citation
from ..lexicons import read_lexicon
from .. import groups
from .state import JsonState
from .matching import Cue, RuleComponent

PARSED_KEPT = 10_000

GUIDELINE_PARTS = {"CLAIMS_ADMINISTRATOR_GUIDELINE", "MAXIMUS_GUIDELINE"}
TRIM = {".", ",", ";", ":"}


@Language.factory(
    "imr_citations",
    default_config={
        "patterns": "citations.jsonl",
        "guidelines": "guidelines.json",
        "spans_key": "imr_entities",
        "parts_key": "imr_decision_parts",
    },
)
class Citations(JsonState, RuleComponent):
    """Split each guideline part at "Decision based on" (and numbered "(2)") cues and where a second
    source is named; every piece that names a guideline becomes a GUIDELINE span. A numbered
    piece inherits its parent's source."""

    state_file = "guidelines.json"

    def __init__(
        self, nlp: Language, name: str, *, patterns: str, guidelines: str, spans_key: str, parts_key: str
    ) -> None:
        super().__init__(nlp, name, patterns=patterns, spans_key=spans_key)
        self.guidelines_file = guidelines
        self.guidelines: dict = {}
        self.parts_key = parts_key
        # Letters cite the same guidelines in the same words (a third of the citations of the
        # development letters are distinct): each parse is kept, up to PARSED_KEPT of them.
        self._parsed: dict[tuple, dict | None] = {}

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        super().initialize(get_examples, nlp=nlp)
        self.guidelines = read_lexicon(self.guidelines_file)
        self._parsed.clear()

    def __call__(self, doc: Doc) -> Doc:
        parts = [p for p in groups.spans(doc, self.parts_key) if p.label_ in GUIDELINE_PARTS]
        if not parts:
            return doc
        found = []
        cues = self.match(doc, [(part.start, part.end) for part in parts])  # one pass: the parts do not overlap
        for part in parts:
            found.extend(self._citations(doc, part, [c for c in cues if part.start <= c.start < part.end]))
        groups.add(doc, self.spans_key, found)
        return doc

    def _citations(self, doc: Doc, part: Span, cues: list[Cue]) -> list[Span]:
        out = []
        # "Decision based on" is dropped; "and Other Medical Treatment Guidelines ..." or a second
        # web address starts a citation of its own source (the "and" or comma dropped)
        # ("and Opioid Treatment 2016, ..." names an MTUS guideline: the rule's "source").
        majors = [c for c in cues if c.label in ("CITATION", "SOURCE_START")]
        starts = [part.start] + [c.end if c.label == "CITATION" else c.cap_start for c in majors]
        ends = [c.start for c in majors] + [part.end]
        implied = {r["id"]: r["source"] for r in self.rules if "source" in r}
        sources = [None] + [implied.get(c.id) for c in majors]
        for start, end, source in zip(starts, ends, sources):
            subs = [c for c in cues if c.label == "SUBCITATION" and start <= c.start < end]
            head_end = subs[0].start if subs else end
            parent = self._span(doc, start, head_end, None, source)
            inherited = parent._.citation if parent is not None else None
            if subs and inherited is not None:
                sub_ends = [c.start for c in subs[1:]] + [end]
                children = [self._span(doc, c.end, e, inherited) for c, e in zip(subs, sub_ends)]
                children = [c for c in children if c is not None]
                if children:
                    out.extend(children)
                    continue
            if parent is not None:
                out.append(parent)
        return out

    def _span(self, doc: Doc, start: int, end: int, inherited: dict | None, source: str | None = None) -> Span | None:
        while end > start and (doc[end - 1].is_space or doc[end - 1].text in TRIM):
            end -= 1
        if end <= start:
            return None
        span = Span(doc, start, end, label="GUIDELINE")
        citation = self._parse(span.text, inherited, source)
        if citation is None:
            return None
        span._.citation = citation
        return span

    def _parse(self, text: str, inherited: dict | None, source: str | None) -> dict | None:
        """``parse_citation``, remembered; each span gets its own copy."""
        key = (text, json.dumps(inherited, sort_keys=True), source)
        if key not in self._parsed:
            if len(self._parsed) >= PARSED_KEPT:
                self._parsed.clear()
            self._parsed[key] = parse_citation(text, self.guidelines, inherited, source)
        return copy.deepcopy(self._parsed[key])

    def get_state(self):
        return self.guidelines

    def set_state(self, state) -> None:
        self.guidelines = state
        self._parsed.clear()
