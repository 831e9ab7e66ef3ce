"""Body parts as the record wants them: adjectives apart, laterality shared, specialists out.

* A region adjective ("Lumbar support", "Cervical CT") is no BODY_PART entity (the span
  conventions: an adjective alone is not), but it tells the item's body part: the lexicon marks
  it BODY_REGION, ``imr_entities`` keeps it apart in ``doc.spans[regions_key]``, records read it
  there; here a region inside a body part ("lumbar" of "lumbar spine") is dropped.
* One side for coordinated paired parts: "left hip and knee" is the left knee too.
* A part that names a specialist ("spine surgeon", "hand specialist") is no body part.
"""


from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import groups
from .state import JsonState
from ..lexicons import read_lexicon

SIDES = ("left", "right", "bilateral")


@Language.factory(
    "imr_body_parts",
    default_config={
        "lexicon": "body_parts.json",
        "spans_key": "imr_entities",
        "regions_key": "imr_body_regions",
        "coordinators": ["and", "or", ",", "&", "/"],
        "not_before": ["surgeon", "surgeons", "specialist", "specialists", "physician", "doctor", "surgery", "surgical"],
    },
)
class BodyParts(JsonState):
    state_file = "body_parts.json"

    def __init__(
        self, nlp: Language, name: str, *, lexicon: str, spans_key: str, regions_key: str,
        coordinators: list[str], not_before: list[str],
    ) -> None:
        self.name = name
        self.lexicon_file = lexicon
        self.spans_key = spans_key
        self.regions_key = regions_key
        self.coordinators = set(coordinators)
        self.not_before = set(not_before)
        self.plurals: dict[str, str] = {}  # paired part -> its plural

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        lexicon = read_lexicon(self.lexicon_file)
        self.plurals = {e["id"]: e.get("plural", e["id"] + "s") for e in lexicon["entries"] if e.get("paired")}

    def __call__(self, doc: Doc) -> Doc:
        labelled = groups.labelled(doc, self.spans_key)
        parts = [s for s, label in labelled if label == "BODY_PART"]
        groups.put(doc, self.regions_key, [
            r for r in groups.spans(doc, self.regions_key) if not any(p.start < r.end and r.start < p.end for p in parts)
        ])
        dropped = {(s.start, s.end) for s in parts if s.end < len(doc) and doc[s.end].lower_ in self.not_before}
        if dropped:
            groups.put(doc, self.spans_key, [s for s, label in labelled if label != "BODY_PART" or (s.start, s.end) not in dropped])
            doc.ents = [e for e in doc.ents if e.label_ != "BODY_PART" or (e.start, e.end) not in dropped]
            parts = [p for p in parts if (p.start, p.end) not in dropped]
        self._share_sides(parts, doc)
        return doc

    def _share_sides(self, parts: list[Span], doc: Doc) -> None:
        """"left hip and knee": the knee takes the side of the part coordinated before it."""
        for before, part in zip(parts, parts[1:]):
            side = (before._.norm or "").split(" ", 1)[0]
            between = doc[before.end : part.start]
            if side in SIDES and part._.norm in self.plurals and len(between) == 1 and between[0].lower_ in self.coordinators:
                part._.norm = f"{side} {self.plurals[part._.norm]}" if side == "bilateral" else f"{side} {part._.norm}"

    def get_state(self):
        return {"plurals": self.plurals}

    def set_state(self, state) -> None:
        self.plurals = state["plurals"]
