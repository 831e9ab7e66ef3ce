"""Split a letter into its sections: header, reviewer credentials, case summary, decisions.

A small rule component rather than medspaCy's Sectionizer: measured here, the Sectionizer raises
under ``nlp.pipe(n_process=2)`` and keeps Section objects on the Doc that break DocBin, while
plain spans in ``doc.spans`` survive both.
"""

from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import groups
from .matching import RuleComponent

HEADER = "HEADER"


@Language.factory(
    "imr_sections",
    default_config={"patterns": "sections.jsonl", "spans_key": "imr_sections"},
)
class Sections(RuleComponent):
    """One span per section in ``doc.spans[spans_key]``, from its heading to the next heading.

    Text before the first heading is the ``HEADER`` section (case number, dates). A heading that
    repeats the label of the section it is in (two credential headings in a row) does not split it.
    """

    def __call__(self, doc: Doc) -> Doc:
        starts: list[tuple[int, str]] = [(0, HEADER)]
        last_end = 0
        for cue in self.match(doc):
            if cue.start < last_end or cue.label == starts[-1][1]:
                continue
            if cue.start == 0:
                starts.pop()
            starts.append((cue.start, cue.label))
            last_end = cue.end
        bounds = [start for start, _ in starts[1:]] + [len(doc)]
        groups.put(doc, self.spans_key, [Span(doc, start, end, label=label) for (start, label), end in zip(starts, bounds) if end > start])
        return doc
