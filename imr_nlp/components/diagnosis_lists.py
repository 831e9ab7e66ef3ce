"""One DIAGNOSIS per item of a stated list of diagnoses, as the letter writes it.

Case summaries state the diagnoses as a list after a cue ("The diagnoses include ...", "was
diagnosed with ...", "is being treated for ..."), often in ICD-10-CM wording that no lexicon
lists and that commas cut ("other intervertebral disc displacement, lumbosacral region",
"cervical, thoracic and lumbar myoligamentous injury"). No library segments such lists, so this
is ours: the cue rules are ``patterns/diagnosis_cues.jsonl`` and the word classes that decide where
an item ends are ``patterns/diagnosis_lists.json``. Semicolons, when the list has any, are the only
separators; otherwise commas and "and". A piece without a problem word joins its neighbour: site
adjectives ("cervical,") and sites coordinated with a site-led piece ("right wrist and right hand
sprain") the next one, any other the one before ("dislocation, shoulder"), so an item always names
a problem.
"""


from spacy.language import Language
from spacy.tokens import Doc, Span

from ..lexicons import read_lexicon
from .. import groups
from .tokens import words_and_spaces
from .entities import SPINAL_LEVEL
from .state import JsonState
from .matching import RuleComponent, section_regions

LIST_ID = "diagnosis_list"


@Language.factory(
    "imr_diagnosis_lists",
    default_config={
        "patterns": "diagnosis_cues.jsonl",
        "words": "diagnosis_lists.json",
        "spans_key": "imr_entities",
        "lists_key": "imr_diagnosis_lists",
        "sections": ["CASE_SUMMARY"],
    },
)
class DiagnosisLists(JsonState, RuleComponent):
    """Put each list in ``doc.spans[lists_key]`` (label DIAGNOSIS_LIST) and one DIAGNOSIS per
    item in ``spans_key``, replacing the shorter diagnoses of the lexicon inside it (an item the
    lexicon names exactly keeps the lexicon's span and canonical name)."""

    state_file = "words.json"

    def __init__(
        self, nlp: Language, name: str, *, patterns: str, words: str, spans_key: str, lists_key: str, sections: list[str]
    ) -> None:
        super().__init__(nlp, name, patterns=patterns, spans_key=spans_key)
        self.lists_key = lists_key
        self.words_file = words
        self.sections = sections
        self.words: dict = {}

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        super().initialize(get_examples, nlp=nlp)
        self.words = read_lexicon(self.words_file)
        problems = read_lexicon(self.words["problems"])["labels"]["DIAGNOSIS"]  # one list of problem heads
        self.words["heads"] = sorted({*self.words["heads"], *problems["heads"], *problems["weak_heads"]})
        self.words["head_endings"] = sorted({*self.words["head_endings"], *problems["head_endings"]})
        self._sets()

    def _sets(self) -> None:
        w = self.words
        self.heads, self.sites, self.stops = set(w["heads"]), set(w["sites"]), set(w["stops"])
        self.head_endings, self.site_endings = tuple(w["head_endings"]), tuple(w["site_endings"])
        self.separators, self.list_separators = set(w["separators"]), set(w["list_separators"])
        self.before_date, self.articles = set(w["stops_before_date"]), set(w["articles"])
        self.modifiers = sorted((m.split() for m in w["modifiers"]), key=len, reverse=True)
        self.not_diagnoses = [m.split() for m in w["not_diagnoses"]]
        self.encounters = sorted((m.split() for m in w["encounter_suffixes"]), key=len, reverse=True)

    def __call__(self, doc: Doc) -> Doc:
        lists: list[Span] = []
        cues = self.match(doc, section_regions(doc, self.sections))
        spans = groups.labelled(doc, self.spans_key) if cues else []
        problems = {i for s, label in spans if label == "DIAGNOSIS" for i in range(s.start, s.end)}
        parts = {i for s, label in spans if label == "BODY_PART" for i in range(s.start, s.end)}
        items: list[tuple[int, int]] = []
        for cue in cues:
            if lists and cue.end <= lists[-1].end:
                continue
            end = self._list_end(doc, cue.end)
            found = self._items(doc, cue.end, end, problems, parts)
            if found:
                lists.append(Span(doc, found[0][0], found[-1][1], label="DIAGNOSIS_LIST", span_id=cue.id))
                items.extend(found)
        groups.put(doc, self.lists_key, lists)
        if items:
            known = {(s.start, s.end) for s, label in spans if label == "DIAGNOSIS"}
            new = [(a, b) for a, b in items if (a, b) not in known]
            kept = [(s, label) for s, label in spans if not (label == "DIAGNOSIS" and any(a <= s.start and s.end <= b for a, b in new))]
            kept += [(Span(doc, a, b, label="DIAGNOSIS", span_id=LIST_ID), "DIAGNOSIS") for a, b in new]
            groups.put(doc, self.spans_key, [s for s, _ in kept], [label for _, label in kept])
        return doc

    def _list_end(self, doc: Doc, start: int) -> int:
        """The list runs to the end of its sentence, or to a word that begins a new clause."""
        limit = min(len(doc), start + self.words["max_tokens"])
        for i in range(start, limit):
            token = doc[i]
            if token.text in (".", "?", "!") or (i > start and token.lower_ in self.stops):
                return i
            if token.lower_ in self.before_date and i + 1 < len(doc) and doc[i + 1].ent_type_ == "DATE":
                return i
            if "\n\n" in token.whitespace_:
                return i + 1
        return limit

    def _items(self, doc: Doc, start: int, end: int, problems: set[int], parts: set[int]) -> list[tuple[int, int]]:
        pieces = _split(doc, start, end, self.list_separators if any(doc[i].text in self.list_separators for i in range(start, end)) else self.separators)
        heads = [any(self._is_problem(doc[i], i in problems) for i in range(a, b)) for a, b, _ in pieces]
        groups: list[list[int]] = []  # piece indices per item
        pending: list[int] = []  # site-only pieces waiting for their head
        dropped: set[int] = set()  # groups that name a procedure ("status post L5-S1 fusion")
        for n, (a, b, sep) in enumerate(pieces):
            if groups and not pending and _level(doc[a]) and _level(doc[pieces[n - 1][1] - 1]):
                groups[-1].append(n)  # "L3-L4 and L4-L5 with radiculopathy": levels of one diagnosis
            elif any(self._starts(doc, a, b, words) for words in self.not_diagnoses):
                dropped.add(len(groups))
                groups.append(pending + [n])
                pending = []
            elif heads[n]:
                groups.append(pending + [n])
                pending = []
            elif self._sites_only(doc, a, b, parts) and n + 1 < len(pieces) and (
                self._adjectives_only(doc, a, b) or sep != "," and self._sites_only(doc, pieces[n + 1][0], pieces[n + 1][0] + 1, parts)
            ):
                pending.append(n)  # "cervical, thoracic and lumbar strain", "right wrist and right hand sprain"
            elif groups and not pending:
                groups[-1].append(n)
            else:
                pending.append(n)
        groups = [g for k, g in enumerate(groups) if k not in dropped]
        items = []
        for group in groups:
            a, b = pieces[group[0]][0], pieces[group[-1]][1]
            a = self._strip_front(doc, a, b)
            while b > a and doc[b - 1].is_punct and doc[b - 1].text not in (")",):
                b -= 1
            b = self._strip_encounter(doc, a, b)
            if a < b:
                items.append((a, b))
        return items

    def _strip_front(self, doc: Doc, a: int, b: int) -> int:
        """Past articles and ConText modifiers ("rule out", "possible"): ConText flags them."""
        moved = True
        while moved:
            moved = False
            while a < b and doc[a].lower_ in self.articles:
                a, moved = a + 1, True
            for words in self.modifiers:
                if self._starts(doc, a, b, words) and a + len(words) < b:
                    a, moved = a + len(words), True
                    break
        return a

    def _strip_encounter(self, doc: Doc, a: int, b: int) -> int:
        """Before ICD-10-CM's encounter words after a comma or hyphen ("fracture-initial")."""
        for words in self.encounters:
            cut = b - len(words)
            if cut - 1 > a and doc[cut - 1].text in (",", "-") and self._starts(doc, cut, b, words):
                return cut - 1
        return b

    @staticmethod
    def _starts(doc: Doc, a: int, b: int, words: list[str]) -> bool:
        return words_and_spaces(doc)[0][a : min(b, a + len(words))] == words

    def _is_problem(self, token, in_lexicon: bool) -> bool:
        word = token.lower_
        return in_lexicon or word in self.heads or (len(word) > 4 and word.endswith(self.head_endings))

    def _sites_only(self, doc: Doc, a: int, b: int, parts: set[int]) -> bool:
        return all(
            i in parts or doc[i].lower_ in self.sites or doc[i].lower_.endswith(self.site_endings) or doc[i].is_punct
            for i in range(a, b)
        )

    def _adjectives_only(self, doc: Doc, a: int, b: int) -> bool:
        words = [doc[i].lower_ for i in range(a, b) if not doc[i].is_punct]
        return bool(words) and all(w.endswith(self.site_endings) or w in ("right", "left", "bilateral") for w in words)

    def get_state(self):
        return self.words

    def set_state(self, state) -> None:
        self.words = state
        self._sets()


def _level(token) -> bool:
    return bool(SPINAL_LEVEL.match(token.text))


def _split(doc: Doc, start: int, end: int, separators: set[str]) -> list[tuple[int, int, str | None]]:
    """Token ranges between separators, each with the separator after it (", and" counts as ",")."""
    pieces, a, i = [], start, start
    while i < end:
        word = doc[i].lower_
        if word in separators:
            sep, j = word, i + 1
            while j < end and doc[j].lower_ in separators:  # ", and"
                j += 1
            if i > a:
                pieces.append((a, i, sep))
            a = i = j
            continue
        i += 1
    if end > a:
        pieces.append((a, end, None))
    return pieces
