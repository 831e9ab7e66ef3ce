"""Entities found by their context: "53 year-old" is an AGE of "53", a DATE after "industrial
injury on" is the INJURY_DATE. Rules are token patterns whose ``"CAPTURE": true`` tokens become
the entity (see ``matching``); they may test ``ENT_TYPE``/``ENT_IOB`` of the dates found earlier.
"""

from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import groups
from .matching import RuleComponent, section_regions


@Language.factory(
    "imr_capture",
    default_config={
        "patterns": "captures.jsonl",
        "spans_key": "imr_entities",
        "sections": [],
        "after_labels": [],
        "window": 12,
    },
)
class Capture(RuleComponent):
    """Add the captured spans to ``doc.spans[spans_key]``, with the rule id as ``span.id_``.

    Where to match, for speed: ``sections`` (labels of ``imr_sections``; empty means everywhere)
    or, with ``after_labels``, only the ``window`` tokens after each entity of those labels in
    ``imr_entities`` (a medication's strength and quantity follow its name).
    """

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        patterns: str,
        spans_key: str,
        sections: list[str],
        after_labels: list[str],
        window: int,
    ) -> None:
        super().__init__(nlp, name, patterns=patterns, spans_key=spans_key)
        self.sections = sections
        self.after_labels = set(after_labels)
        self.window = window

    def _regions(self, doc: Doc) -> list[tuple[int, int]] | None:
        if not self.after_labels:
            return section_regions(doc, self.sections)
        anchors = [s for s, label in groups.labelled(doc, "imr_entities") if label in self.after_labels]
        return [(s.end, min(len(doc), s.end + self.window)) for s in anchors]

    def __call__(self, doc: Doc) -> Doc:
        found = [
            Span(doc, cue.cap_start, cue.cap_end, label=cue.label, span_id=cue.id)
            for cue in self.match(doc, self._regions(doc))
        ]
        groups.add(doc, self.spans_key, found)
        return doc
