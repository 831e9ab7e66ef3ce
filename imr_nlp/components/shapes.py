"""Problems and services found by their shape where the lexicons list nothing.

A lexicon written from a few letters misses most of what the next letter names: "constant severe
left wrist pain", "muscle spasms", "nerve root compromise", "monitored therapy", "preoperative
EKG", "EMG studies". Each of these is a head (a word such as "pain" or "therapy", a medical ending
such as "-itis" or "-ectomy", a phrase such as "range of motion", or a lexicon span of the label)
with modifiers before it and, for a problem, its site after it ("pain in the trapezius
bilaterally"). No library finds i2b2-style problems without a trained model, so this is ours;
the word classes are data (``patterns/shapes.json``). The lexicons still give canonical names
(``imr_entities`` keeps the longest span of a label where spans overlap).
"""


from bisect import bisect_left
from itertools import islice

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from .. import groups
from .state import JsonState
from ..lexicons import read_lexicon
from .entities import SPINAL_LEVEL
from .matching import section_regions
from .phrases import add_phrases
from .tokens import words_and_spaces

SHAPE_ID = "shape"


class _Shape:
    """The word classes of one label, as sets."""

    def __init__(self, table: dict) -> None:
        self.weak = set(table["weak_heads"]) | set(table["weak_phrases"])
        self.heads = set(table["heads"]) | set(table["weak_heads"])
        self.endings, self.ending_exceptions = tuple(table["head_endings"]), set(table["ending_exceptions"])
        self.modifiers, self.modifier_endings = set(table["modifiers"]), tuple(table["modifier_endings"])
        self.modifier_labels = set(table["modifier_labels"])
        self.prepositions, self.determiners = set(table["right_prepositions"]), set(table["right_determiners"])
        self.right_words, self.not_before = set(table["right_words"]), set(table["not_before"])
        self.transparent = set(table["transparent_heads"])
        self.not_phrases = set(table["not_phrases"])
        self.lexicon_heads_join_labels = table["lexicon_heads_join_labels"]
        self.prepositions_by_head = {p: set(heads) for p, heads in table["right_prepositions_by_head"].items()}
        self.bare = set(table["bare_heads"])
        self.bare_not_after = [words.split() for words in table["bare_not_after"]]
        self.bare_not_before = set(table["bare_not_before"])
        self.redundant, self.adjective_endings = set(table["redundant_heads"]), tuple(table["adjective_endings"])
        self.coordinated, self.links = set(table["coordinated_modifiers"]), set(table["modifier_links"])

    def blocked(self, words: list[str], end: int) -> bool:
        """The word after the head makes it no entity ("treatment plan", "pain management")."""
        return end < len(words) and words[end] in self.not_before

    def stands_alone(self, words: list[str], start: int, end: int) -> bool:
        """A weak head with no modifier that still names care given ("Prior treatment included")."""
        return (
            words[start] in self.bare
            and not any(words[max(0, start - len(before)) : start] == before for before in self.bare_not_after)
            and (end >= len(words) or words[end] not in self.bare_not_before)
        )

    def adds_nothing(self, words: list[str], start: int, services: dict[int, int]) -> bool:
        """A head such as "treatment" right after a service noun, one of the lexicon or a head of
        the label itself ("physical therapy treatment", "therapy treatments")."""
        before = start - 1
        return (
            words[start] in self.redundant
            and (before in services or before >= 0 and words[before] in self.heads)
            and not words[before].endswith(self.adjective_endings)
        )


@Language.factory(
    "imr_shapes",
    default_config={"table": "shapes.json", "spans_key": "imr_entities", "sections": ["HEADER", "CASE_SUMMARY", "DECISIONS"]},
)
class Shapes(JsonState):
    """Add the spans found by shape to ``spans_key``: DIAGNOSIS and TREATMENT (``id_`` "shape"
    unless built on a lexicon term) and BODY_PART widened from the lexicon's."""
    state_file = "shapes.json"

    def __init__(self, nlp: Language, name: str, *, table: str, spans_key: str, sections: list[str]) -> None:
        self.name = name
        self.nlp = nlp
        self.table_file = table
        self.spans_key = spans_key
        self.sections = sections
        self.table: dict = {}
        self._build()

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        self.table = read_lexicon(self.table_file)
        self._build()

    def _build(self) -> None:
        self.shapes = {label: _Shape(t) for label, t in self.table.get("labels", {}).items()}
        self.not_modifiers = set(self.table.get("not_modifiers", []))
        self._head_labels: dict[str, tuple[tuple[str, bool], ...]] = {}  # word -> its head labels, filled as words come
        self.phrases = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        add_phrases(self.nlp, self.phrases, "LOWER", ((label, t["phrases"]) for label, t in self.table.get("labels", {}).items() if t["phrases"]))

    def __call__(self, doc: Doc) -> Doc:
        if not self.shapes:
            return doc
        regions = section_regions(doc, self.sections) or [(0, len(doc))]
        words, spaced = words_and_spaces(doc)
        covered: dict[str, dict[int, int]] = {}  # label -> token -> end of a span of it covering the token
        bounds: dict[str, list[tuple[int, int, Span]]] = {}  # label -> (start, end, span), sorted by start
        lexical: list[tuple[str, int, int, Span]] = []  # the spans of the shapes' labels
        for span, label in groups.labelled(doc, self.spans_key):
            span_start, span_end = span.start, span.end
            bounds.setdefault(label, []).append((span_start, span_end, span))
            if label in self.shapes:
                lexical.append((label, span_start, span_end, span))
            cover = covered.setdefault(label, {})
            for i in range(span_start, span_end):
                if cover.get(i, 0) < span_end:
                    cover[i] = span_end
        for group in bounds.values():
            group.sort(key=lambda b: b[0])
        starts = {label: [b[0] for b in group] for label, group in bounds.items()}
        inside = bytearray(len(doc))  # 1 for a token in one of the regions
        for start, end in regions:
            inside[start:end] = b"\x01" * (end - start)
        heads: list[tuple[str, int, int, bool, bool]] = []  # label, start, end, weak, a lexicon span
        for key, start, end in self.phrases(doc):
            label = self.nlp.vocab.strings[key]
            heads.append((label, start, end, " ".join(words[start:end]) in self.shapes[label].weak, False))
        head_labels = self._head_labels
        for start, end in regions:
            for i, word in enumerate(words[start:end], start):
                labels = head_labels.get(word)
                if labels is None:
                    labels = head_labels[word] = self._labels_headed_by(word)
                for label, weak in labels:
                    heads.append((label, i, i + 1, weak, False))
        for label, start, end, span in lexical:
            # a spinal level is named without side or position ("left L4-5" is "L4-5")
            if not SPINAL_LEVEL.match(span.id_ or ""):
                heads.append((label, start, end, False, True))
        found = []
        for label, start, end, weak, lexical in heads:
            if not inside[start]:
                continue
            shape = self.shapes[label]
            if shape.blocked(words, end):
                continue
            if not lexical and shape.adds_nothing(words, start, covered.get(label, {})):
                continue
            join = shape.lexicon_heads_join_labels or not lexical
            left = self._left(words, spaced, start, shape, covered, join)
            if weak and left == start and not shape.stands_alone(words, start, end):
                continue
            right = self._right(words, end, shape, covered.get("BODY_PART", {}))
            group = bounds.get(label, [])
            named = []
            for span_start, span_end, span in islice(group, bisect_left(starts.get(label, []), left), None):
                if span_start >= right:
                    break
                if span_end <= right:
                    named.append(span)
            if (left, right) == (start, end) and any((s.start, s.end) == (start, end) for s in named):
                continue
            if " ".join(words[left:right]) in shape.not_phrases:
                continue
            found.append(Span(doc, left, right, label=label, span_id=_canonical(words, named, end, shape)))
        groups.add(doc, self.spans_key, found)
        return doc

    def _labels_headed_by(self, word: str) -> tuple[tuple[str, bool], ...]:
        """The labels ``word`` is a head of (listed, or by its ending), each with whether it is weak."""
        return tuple(
            (label, word in shape.weak)
            for label, shape in self.shapes.items()
            if word in shape.heads or (len(word) > 5 and word.endswith(shape.endings) and word not in shape.ending_exceptions)
        )

    def _left(
        self, words: list[str], spaced: list[bool], start: int, shape: _Shape, covered: dict[str, dict[int, int]], join: bool = True
    ) -> int:
        """Past the modifiers before the head: listed words, words of a modifier ending, and, when
        ``join``, other heads ("anxiety disorder", "symptom complaints") and tokens of spans of the
        modifier labels; hyphens inside ("post-traumatic") go along."""
        labels = shape.modifier_labels if join else ()
        i = start
        while i > 0:
            word = words[i - 1]
            if word == "-" and i > 1 and not spaced[i - 1] and not spaced[i - 2]:
                i -= 1
                continue
            if word in shape.modifiers or (join and word in shape.heads):
                i -= 1
                continue
            if word in shape.links and i < start and i > 1 and words[i] in shape.coordinated and words[i - 2] in shape.coordinated:
                i -= 2  # "moderate to severe pain"
                continue
            if word in self.not_modifiers:
                break
            if (len(word) > 4 and word.endswith(shape.modifier_endings) and word.isalpha()) or any(
                (i - 1) in covered.get(label, {}) for label in labels
            ):
                i -= 1
                continue
            break
        while i < start and words[i] == "-":
            i += 1
        return i

    @staticmethod
    def _right(words: list[str], end: int, shape: _Shape, parts: dict[int, int]) -> int:
        """Over the site the problem is of ("of the lumbar spine", "in the right arm"), then the
        words that complete it ("bilaterally"; a part's "tendon", "muscles")."""
        word = words[end] if end < len(words) else ""
        if word in shape.prepositions or words[end - 1] in shape.prepositions_by_head.get(word, ()):
            i = end + 1
            while i < len(words) and words[i] in shape.determiners and i not in parts:
                i += 1
            if i in parts:
                end = parts[i]
        while end < len(words) and words[end] in shape.right_words:
            end += 1
        return end

    def get_state(self):
        return self.table

    def set_state(self, state) -> None:
        self.table = state
        self._build()


def _canonical(words: list[str], named: list[Span], head_end: int, shape: _Shape) -> str:
    """The canonical name of the lexicon term the span is built on, when that term is its head
    ("preoperative EKG") or only a transparent head follows it ("EMG studies")."""
    for term in sorted(named, key=lambda s: (-s.end, s.start)):
        if set(words[term.end : head_end]) <= shape.transparent:
            return term.id_
    return SHAPE_ID
