"""Link every entity to the decision block it belongs to (``_.decision``) and its role there."""
import re
from bisect import bisect_right

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..extensions import set_span_values
from .. import groups
from .tokens import words_and_spaces

WORD = re.compile(r"[a-z0-9]+")
# Words that say nothing about which item a clause names.
STOP = {"the", "a", "an", "of", "for", "to", "and", "with", "in", "on", "at", "is", "was", "were", "be", "as",
        "by", "or", "current", "request", "requested", "requests", "additional", "another", "also", "include",
        "included", "includes", "plan", "treatment", "recommendations", "recommended", "noted", "consists"}
CLAUSE_BREAKS = {",", ";", "and"}


@Language.factory(
    "imr_linker",
    default_config={
        "spans_key": "imr_entities",
        "decisions_key": "imr_decisions",
        "parts_key": "imr_decision_parts",
        "sections_key": "imr_sections",
        "request_cues": ["request", "requests", "requested", "requesting", "rfa", "treatment plan", "recommended"],
        "summary_labels": ["TREATMENT", "MEDICATION", "FREQUENCY", "BODY_PART"],
        "min_item_overlap": 0.6,
    },
)
class Linker:
    """An entity inside a block part gets that part's role (item, claims_administrator_guideline,
    maximus_guideline, rationale), the outcome after the item the role ``item`` too; one before
    the item (a partial authorization's "X was the original request") gets the block, no role.

    In the case summary, a sentence with a request cue ("the current request for ...") is cut at
    commas, semicolons and "and"; a clause whose content words overlap a block's item words by at
    least ``min_item_overlap`` of the shorter of the two (and by two words, or by the whole item)
    links its entities of ``summary_labels`` to the best such block with the role ``case_summary``
    ("physical therapy ... for the lumbar spine" goes to the lumbar block, not the cervical one).
    """

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        spans_key: str,
        decisions_key: str,
        parts_key: str,
        sections_key: str,
        request_cues: list[str],
        summary_labels: list[str],
        min_item_overlap: float,
    ) -> None:
        self.spans_key = spans_key
        self.decisions_key = decisions_key
        self.parts_key = parts_key
        self.sections_key = sections_key
        self.request_cues = [cue.lower() for cue in request_cues]
        self.summary_labels = set(summary_labels)
        self.min_item_overlap = min_item_overlap

    def __call__(self, doc: Doc) -> Doc:
        blocks = groups.spans(doc, self.decisions_key)
        if not blocks:
            return doc
        self._link_blocks(doc, blocks)
        self._link_case_summary(doc, blocks)
        return doc

    def _link_blocks(self, doc: Doc, blocks: list[Span]) -> None:
        parts = sorted(groups.spans(doc, self.parts_key), key=lambda p: p.start)
        part_starts = [p.start for p in parts]
        block_starts = [b.start for b in blocks]
        part_decisions = [p._.decision for p in parts]
        item_starts = {d: p.start for p, d in zip(parts, part_decisions) if p.label_ == "ITEM"}
        for span in groups.spans(doc, self.spans_key):
            b = bisect_right(block_starts, span.start) - 1
            if b < 0 or span.end > blocks[b].end:
                continue
            p = bisect_right(part_starts, span.start) - 1
            if p >= 0 and span.end <= parts[p].end and part_decisions[p] == b:
                role = parts[p].label_.lower()
            else:
                role = "item" if span.start >= item_starts.get(b, blocks[b].end) else None
            set_span_values(span, decision=b, role=role)

    def _link_case_summary(self, doc: Doc, blocks: list[Span]) -> None:
        summary = next((s for s in groups.spans(doc, self.sections_key) if s.label_ == "CASE_SUMMARY"), None)
        if summary is None:
            return
        items = [_content_words(block._.item) for block in blocks]
        entities = [s for s, label in groups.labelled(doc, self.spans_key) if label in self.summary_labels]
        words, spaces = words_and_spaces(doc)
        for start, end in _sentences(doc, summary):
            low = _lower_text(words, spaces, start, end)
            if not any(cue in low for cue in self.request_cues):
                continue
            for a, b in _clauses(words, start, end):
                best = self._best_item(_content_words(_lower_text(words, spaces, a, b)), items)
                if best is None:
                    continue
                for span in entities:
                    if a <= span.start and span.end <= b:
                        set_span_values(span, decision=best, role="case_summary")

    def _best_item(self, words: set[str], items: list[set[str]]) -> int | None:
        scores = []
        for item in items:
            shared = len(item & words)
            enough = shared >= 2 or (shared and shared == len(item))
            scores.append(shared / min(len(item), len(words)) if enough else 0.0)
        best = max(range(len(items)), key=scores.__getitem__)
        return best if scores[best] >= self.min_item_overlap else None


def _sentences(doc: Doc, section: Span) -> list[tuple[int, int]]:
    """The token bounds of the sentences that start inside ``section``."""
    flags = doc.to_array(SENT_START)[section.start : section.end].tolist()
    starts = [section.start + k for k, flag in enumerate(flags) if flag == 1] or [section.start]
    if starts[0] != section.start:
        starts.insert(0, section.start)
    return list(zip(starts, starts[1:] + [section.end]))


def _lower_text(words: list[str], spaces: list[bool], start: int, end: int) -> str:
    """The lower-case text of tokens ``start``-``end`` (a trailing space aside), from the Doc's
    words: slicing the Doc makes a Token per token."""
    return "".join([w + " " if s else w for w, s in zip(words[start:end], spaces[start:end])])


def _content_words(text: str) -> set[str]:
    return set(WORD.findall(text.lower())) - STOP


def _clauses(words: list[str], start: int, end: int) -> list[tuple[int, int]]:
    """The token bounds of a sentence's clauses (cut after a comma, semicolon or "and")."""
    cuts = [i for i in range(start, end) if words[i] in CLAUSE_BREAKS]
    bounds = [start] + [c + 1 for c in cuts] + [end]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]
