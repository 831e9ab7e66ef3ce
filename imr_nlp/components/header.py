"""The letter's header facts: case number, priority and the dates of the review.

The published letters open with a two-column header that PDF extraction interleaves::

    Case Number:  CM16-0213037
    Date Assigned:  11/09/2016  Date of Injury:   10/13/2016
    Decision Date:  12/09/2016  UR Denial Date:   11/03/2016
    11/03/2016
    Priority:   Standard  Application
    Received:

Rules (``patterns/header.jsonl``) find the field labels (``id`` = field, ``label`` = the kind of
value) and the values (``id`` = "value"). A label takes the first free value of its kind after it
on its own line; values left over then go, in order, to the labels of their kind still empty (the
stray "11/03/2016" line is the Application Received date, whichever line it lands on).
"""

from bisect import bisect_right

from spacy.language import Language
from spacy.tokens import Doc

from ..values import iso_date
from .matching import Cue, RuleComponent, section_regions

VALUE = "value"


@Language.factory("imr_header", default_config={"patterns": "header.jsonl", "section": "HEADER"})
class Header(RuleComponent):
    """Set ``doc._.header``: ``{field: value}`` for the fields the header states (dates ISO,
    priority lower case); empty when the letter has no header."""

    def __init__(self, nlp: Language, name: str, *, patterns: str, section: str) -> None:
        super().__init__(nlp, name, patterns=patterns, spans_key="")
        self.section = section

    def __call__(self, doc: Doc) -> Doc:
        regions = section_regions(doc, [self.section]) or []
        cues = self.match(doc, regions[:1])
        labels = [c for c in cues if c.id != VALUE]
        values = [c for c in cues if c.id == VALUE and not any(_inside(c, lab) for lab in labels)]
        line_starts = doc._.line_starts or [0]
        line = lambda cue: bisect_right(line_starts, doc[cue.start].idx)  # noqa: E731
        taken: dict[str, Cue] = {}
        free = list(values)
        for index, label in enumerate(labels):
            if label.id in taken:
                continue
            next_start = labels[index + 1].start if index + 1 < len(labels) else len(doc)
            value = next(
                (v for v in free if v.label == label.label and label.end <= v.start < next_start and line(v) == line(label)),
                None,
            )
            if value is not None:
                taken[label.id] = value
                free.remove(value)
        for label in labels:
            if label.id not in taken and (value := next((v for v in free if v.label == label.label), None)):
                taken[label.id] = value
                free.remove(value)
        doc._.header = {field: _value(doc, cue) for field, cue in taken.items() if _value(doc, cue)}
        return doc


def _inside(value: Cue, label: Cue) -> bool:
    return label.start <= value.start < label.end


def _value(doc: Doc, cue: Cue) -> str | None:
    text = doc[cue.start : cue.end].text
    if cue.label == "date":
        return iso_date(text)
    if cue.label == "priority":
        return text.lower()
    return "".join(text.split())
