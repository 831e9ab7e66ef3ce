"""Link every entity to the decision block it belongs to (``_.decision``) and its role there."""

from bisect import bisect_right

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory(
    "imr_linker",
    default_config={
        "spans_key": "imr_entities",
        "decisions_key": "imr_decisions",
        "parts_key": "imr_decision_parts",
    },
)
def make_linker(nlp: Language, name: str, *, spans_key: str, decisions_key: str, parts_key: str) -> "Linker":
    return Linker(spans_key=spans_key, decisions_key=decisions_key, parts_key=parts_key)


class Linker:
    """An entity inside a block part gets that part's role (item, claims_administrator_guideline,
    maximus_guideline, rationale), the outcome after the item the role ``item`` too; one before
    the item (a partial authorization's "X was the original request") gets the block, no role."""

    def __init__(self, *, spans_key: str, decisions_key: str, parts_key: str) -> None:
        self.spans_key = spans_key
        self.decisions_key = decisions_key
        self.parts_key = parts_key

    def __call__(self, doc: Doc) -> Doc:
        blocks = list(doc.spans.get(self.decisions_key, []))
        if not blocks:
            return doc
        parts = sorted(doc.spans.get(self.parts_key, []), key=lambda p: p.start)
        part_starts = [p.start for p in parts]
        block_starts = [b.start for b in blocks]
        item_starts = {p._.decision: p.start for p in parts if p.label_ == "ITEM"}
        for span in doc.spans.get(self.spans_key, []):
            b = bisect_right(block_starts, span.start) - 1
            if b < 0 or span.end > blocks[b].end:
                continue
            span._.decision = b
            p = bisect_right(part_starts, span.start) - 1
            inside = p >= 0 and span.end <= parts[p].end and parts[p]._.decision == b
            if inside:
                span._.role = parts[p].label_.lower()
            else:
                span._.role = "item" if span.start >= item_starts.get(b, blocks[b].end) else None
        return doc
