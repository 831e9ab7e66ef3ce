"""The service category of each decision, read from the item's structure before its words.

No library classifies IMR services, so this is ours; the tables are data
(``patterns/categories.json``). In order, the first that decides wins and is recorded as the
block's ``_.category_basis``:

1. ``lexicon`` / ``head``: the item's head phrase (its words before the first attachment, after
   prefixes such as "Associated surgical service:"; "Four sessions of X" hands over to X). Its
   rightmost strong term decides: a lexicon TREATMENT or MEDICATION, a head noun ("consultation"
   for a fusion is evaluation and management) or a word ending ("-ectomy", "-sling"); weak
   terms ("visits", "patch") only when no strong one is there. Then a dose in the item ("50mg",
   "5%") makes it a drug, and then any lexicon term or head noun anywhere in the item.
2. ``guideline``: the topics the block's guideline parts cite ("Office visits", "Durable
   medical equipment").
3. ``rationale``: the categories of the treatments its rationale names.
4. ``none``: ``other``.
"""


import re
from collections import Counter
from typing import Iterable, NamedTuple

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from .. import groups
from ..extensions import span_values
from .phrases import add_phrases
from .state import JsonState
from ..lexicons import read_lexicon
from .shapes import SHAPE_ID

GUIDELINE_PARTS = ("MAXIMUS_GUIDELINE", "CLAIMS_ADMINISTRATOR_GUIDELINE")
ITEM_LABELS = ("TREATMENT", "MEDICATION")
DOSE = re.compile(r"^\d+(?:[.,/-]\d+)*(?:mg|mcg|g|gm|gms|ml|cc|%|iu|meq)(?:/\w+)?$", re.I)


class Term(NamedTuple):
    start: int
    end: int
    category: str
    strong: bool
    basis: str
    treatment: str | None = None


@Language.factory(
    "imr_categories",
    default_config={
        "table": "categories.json",
        "decisions_key": "imr_decisions",
        "parts_key": "imr_decision_parts",
        "entities_key": "imr_entities",
    },
)
class Categories(JsonState):
    """Sets ``_.category``, ``_.category_basis`` and ``_.treatment`` on every decision block."""
    state_file = "table.json"

    def __init__(self, nlp: Language, name: str, *, table: str, decisions_key: str, parts_key: str, entities_key: str) -> None:
        self.name = name
        self.nlp = nlp
        self.vocab = nlp.vocab
        self.table_file = table
        self.decisions_key = decisions_key
        self.parts_key = parts_key
        self.entities_key = entities_key
        self.table: dict = {}
        self._build(nlp)

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        self.table = read_lexicon(self.table_file)
        self._build(nlp or self.nlp)

    def _build(self, nlp: Language) -> None:
        """Phrase matchers for the head terms and the guideline topics (lower case, plurals)."""
        self.heads = PhraseMatcher(self.vocab, attr="LOWER")
        self.topics = PhraseMatcher(self.vocab, attr="LOWER")
        self.head_info: dict[str, tuple[str, bool, str | None]] = {}
        if not self.table:
            return
        for n, entry in enumerate(self.table["heads"]):
            self.head_info[f"head{n}"] = (entry["category"], entry["strength"] == "strong", entry.get("name"))
        add_phrases(nlp, self.heads, "LOWER", ((f"head{n}", _with_plurals(e["terms"])) for n, e in enumerate(self.table["heads"])))
        add_phrases(nlp, self.topics, "LOWER", ((e["category"], _with_plurals(e["terms"])) for e in self.table["topics"]))
        self.skip = [t.split() for t in sorted(self.table["skip_prefixes"], key=lambda t: -len(t.split()))]
        self.transparent = set(self.table["transparent"])
        self.boundaries = set(self.table["boundaries"])
        self.number_boundaries = set(self.table["number_boundaries"])
        self.endings = [(e, entry["category"]) for entry in self.table["endings"] for e in entry["endings"]]
        self.weak_endings = set(self.table["weak_endings"])
        self.ending_exceptions = set(self.table["ending_exceptions"])
        self.dose_units = set(self.table["dose_units"])
        self.list_intros = self.table["list_intros"]
        self.compound = self.table["compound"]
        self.name_drop = set(self.table["name_drop"])

    def __call__(self, doc: Doc) -> Doc:
        blocks = groups.spans(doc, self.decisions_key)
        if not blocks:
            return doc
        parts: dict[int, dict[str, Span]] = {}
        for part in groups.spans(doc, self.parts_key):
            parts.setdefault(part._.decision, {})[part.label_] = part
        linked: dict[int, list[Span]] = {}  # block index -> its item labels' and frequencies' spans
        for e, label in groups.labelled(doc, self.entities_key):
            if label in ITEM_LABELS or label == "FREQUENCY":
                linked.setdefault(span_values(e, "decision")[0], []).append(e)
        for index, block in enumerate(blocks):
            block_parts = parts.get(index, {})
            item = block_parts.get("ITEM")
            category, basis, treatment = self._decide(doc, item, block_parts, linked.get(index, []))
            block._.category = category
            block._.category_basis = basis
            block._.treatment = treatment
        return doc

    def _decide(self, doc: Doc, item: Span | None, parts: dict[str, Span], linked: list[Span]) -> tuple[str, str, str | None]:
        # spans found by shape alone carry no lexicon knowledge: the item's structure decides for them
        roles = [span_values(e, "role")[0] for e in linked]
        in_item = [e for e, role in zip(linked, roles) if role == "item" and e.label_ in ITEM_LABELS and e.id_ != SHAPE_ID]
        scheduled = any(role == "item" and e.label_ == "FREQUENCY" and _sessions(e._.frequency) for e, role in zip(linked, roles))
        first_named = in_item[0]._.norm if in_item else None
        if item is not None and len(item):
            if self._compounded(item, in_item):
                return "pharmaceuticals", "lexicon", self.compound["name"]
            terms = self._terms(item, in_item)
            start, end = self._head(doc, item)
            for strong in (True, False):
                chosen = [t for t in terms if t.strong == strong and start <= t.start and t.end <= end]
                if chosen:
                    best = max(chosen, key=lambda t: (t.end, t.end - t.start, t.basis == "lexicon"))
                    name = best.treatment or first_named or self._as_written(doc, start, end)
                    return self._scheduled(best.category, scheduled), best.basis, name
            if any(DOSE.match(t.text) or t.like_num and t.i + 1 < item.end and doc[t.i + 1].lower_ in self.dose_units for t in item):
                return "pharmaceuticals", "head", first_named
            if in_item:
                return self._scheduled(in_item[0]._.category or "other", scheduled), "lexicon", first_named
            strong = [t for t in terms if t.strong]
            if strong:
                return self._scheduled(strong[0].category, scheduled), "head", first_named
        votes = Counter()
        for label in GUIDELINE_PARTS:
            if label in parts:
                votes.update(self.vocab.strings[m] for m, _, _ in self.topics(parts[label]))
        if votes:
            return _top(votes), "guideline", first_named
        rationale = [e._.category for e, role in zip(linked, roles) if role == "rationale" and e.label_ in ITEM_LABELS]
        rationale = [c for c in rationale if c and c != "other"]
        if rationale:
            return _top(Counter(rationale)), "rationale", first_named
        return "other", "none", first_named

    def _scheduled(self, category: str, scheduled: bool) -> str:
        """A test or device given in counted sessions is a therapy modality ("Pulsed ultrasound 2
        times a week for 4 weeks", "hot and cold packs, 6 sessions")."""
        return self.table["scheduled"].get(category, category) if scheduled else category

    def _terms(self, item: Span, named: list[Span]) -> list[Term]:
        terms = [Term(e.start, e.end, e._.category or "other", True, "lexicon", e._.norm) for e in named]
        for key, start, end in self.heads(item):
            category, strong, name = self.head_info[self.vocab.strings[key]]
            terms.append(Term(start, end, category, strong, "head", name))  # a Span gives Doc offsets
        for token in item:
            low = token.lower_
            if low in self.ending_exceptions:
                continue
            for ending, category in self.endings:
                if low.endswith(ending) and len(low) > len(ending) + 2:
                    terms.append(Term(token.i, token.i + 1, category, ending not in self.weak_endings, "head"))
                    break
        return terms

    def _compounded(self, item: Span, named: list[Span]) -> bool:
        """Two or more drugs with a topical marker ("Flurbiprofen 20%, Baclofen 5% in cream base")."""
        drugs = {e._.norm for e in named if e.label_ == "MEDICATION"}
        markers = self.compound["markers"]
        return len(drugs) >= self.compound["min_ingredients"] and any(
            t.lower_ in markers or t.text.endswith("%") for t in item
        )

    def _as_written(self, doc: Doc, start: int, end: int) -> str | None:
        """The head phrase as the letter writes it, less laterality, counts and purchase words
        ("2 leg wraps" -> "leg wraps"): the name of a service no lexicon lists."""
        words = [t.lower_ for t in doc[start:end] if not (t.like_num or t.is_punct or t.lower_ in self.name_drop)]
        return " ".join(words) or None

    def _head(self, doc: Doc, item: Span) -> tuple[int, int]:
        """Token range of the item's head phrase."""
        start, end = self._after_list_intro(doc, item.start, item.end), item.end
        while True:
            start = self._skip_prefixes(doc, start, end)
            stop = next((i for i in range(start + 1, end) if self._is_boundary(doc, i, end)), end)
            words = [t.lower_ for t in doc[start:stop] if not t.like_num]
            if stop < end and doc[stop].lower_ == "of" and words and _singular(words[-1]) in self.transparent:
                start = stop + 1
                continue
            return start, stop

    def _is_boundary(self, doc: Doc, i: int, end: int) -> bool:
        word = doc[i].lower_
        return word in self.boundaries or word in self.number_boundaries and i + 1 < end and doc[i + 1].like_num

    def _after_list_intro(self, doc: Doc, start: int, end: int) -> int:
        """Past "Labs to include:": the item is what the list names."""
        words = [t.lower_ for t in doc[start:end]]
        for intro in self.list_intros:
            for i in range(len(words) - len(intro)):
                if words[i : i + len(intro)] == intro:
                    return start + i + len(intro)
        return start

    def _skip_prefixes(self, doc: Doc, start: int, end: int) -> int:
        moved = True
        while moved and start < end:
            moved = False
            if doc[start].is_punct or doc[start].like_num and doc[start].lower_ not in ("pt", "ot"):
                start += 1
                moved = True
                continue
            for prefix in self.skip:
                words = [t.lower_ for t in doc[start : start + len(prefix)]]
                if words == prefix and start + len(prefix) < end:
                    start += len(prefix)
                    moved = True
                    break
        return start

    def get_state(self):
        return self.table

    def set_state(self, state) -> None:
        self.table = state
        self._build(self.nlp)


def _sessions(frequency: dict | None) -> bool:
    """A schedule of visits: several sessions, or so many a week for so many weeks ("times 1" is
    one test, not a course)."""
    frequency = frequency or {}
    return (frequency.get("sessions") or 0) > 1 or bool(frequency.get("per_week") and frequency.get("weeks"))


def _top(votes: Counter) -> str:
    """The most voted category; ties go to the first voted."""
    return votes.most_common(1)[0][0]


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def _with_plurals(terms: Iterable[str]) -> list[str]:
    out: list[str] = []
    for term in terms:
        out.append(term)
        last = term.split()[-1] if term.split() else term
        if last[-1:].isalpha() and not last.endswith("s"):
            out.append(term + ("es" if last.endswith(("ch", "sh", "x")) else "s"))
    return sorted(set(out))
