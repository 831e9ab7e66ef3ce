"""SPECIALTY and LICENSURE from the reviewer's credential lists, whatever boards they name.

"Certification(s)/Specialty: A, B, C" (wrapped lines joined) and the 2013 prose ("Board Certified
in A, has a subspecialty in B and is licensed to practice in X and Y") give one span per listed
name. The lexicons only canonicalize ("Family Practice" -> "Family Medicine"): a board they do
not know is kept as written. The list grammar is the letters' own, so the code is ours.
"""


from spacy.language import Language
from spacy.tokens import Doc, Span

from ..lexicons import read_lexicon
from .. import groups
from .state import JsonState
from .matching import Cue, RuleComponent, line_start_tokens, section_regions

LIST_IDS = {"list", "list_split", "list_plain"}
SEPARATORS = {",", ";"}
CONNECTORS = {"&", ",", "and", "of", "-", "/"}
PROSE_STOPS = {".", ",", ";", ":"}
PROSE_VERBS = {"is", "has", "was", "and"}
MAX_WRAP_TOKENS = 5  # a short next line without a label continues the list ("... Occupational\nMedicine")


@Language.factory(
    "imr_credentials",
    default_config={
        "patterns": "credentials.jsonl",
        "lexicons": ["specialties.json", "states.json"],
        "spans_key": "imr_entities",
        "sections": ["CREDENTIALS"],
    },
)
class Credentials(JsonState, RuleComponent):
    """One SPECIALTY or LICENSURE span per listed name, ``span.id_`` its canonical name when the
    lexicon knows it."""

    state_file = "canonical.json"

    def __init__(self, nlp: Language, name: str, *, patterns: str, lexicons: list[str], spans_key: str, sections: list[str]) -> None:
        super().__init__(nlp, name, patterns=patterns, spans_key=spans_key)
        self.lexicon_files = lexicons
        self.canonical: dict[str, str] = {}
        self.sections = sections

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        super().initialize(get_examples, nlp=nlp)
        self.canonical = {
            " ".join(term.lower().split()): entry["id"]
            for name in self.lexicon_files
            for entry in read_lexicon(name)["entries"]
            for term in entry["terms"]
        }

    def __call__(self, doc: Doc) -> Doc:
        regions = section_regions(doc, self.sections)
        cues = self.match(doc, regions or [(0, min(len(doc), 400))])
        if not cues:
            return doc
        lines = set(line_start_tokens(doc))
        found = []
        for cue in cues:
            end = self._list_end(doc, cue, lines) if cue.id in LIST_IDS else self._prose_end(doc, cue)
            found.extend(self._items(doc, cue, end))
        groups.add(doc, self.spans_key, found)
        return doc

    def _list_end(self, doc: Doc, cue: Cue, lines: set[int]) -> int:
        """The list runs to the end of its line, and on over wrapped lines: after a connector
        ("Public Health &"), or a short line with no label of its own."""
        i = cue.end
        while i < len(doc):
            if i in lines and i > cue.end:
                line_end = next((j for j in range(i + 1, len(doc)) if j in lines), len(doc))
                line = doc[i:line_end]
                wrapped = doc[i - 1].lower_ in CONNECTORS or (
                    len(line) <= MAX_WRAP_TOKENS and not any(t.text == ":" for t in line) and not line.text.isupper()
                )
                if not wrapped or doc[i].is_space and doc[i].text.count("\n") > 1:
                    return i
            i += 1
        return i

    def _prose_end(self, doc: Doc, cue: Cue) -> int:
        for i in range(cue.end, len(doc)):
            if doc[i].text in PROSE_STOPS or doc[i].lower_ in PROSE_VERBS and i + 1 < len(doc) and doc[i + 1].lower_ in PROSE_VERBS | {"licensed", "a"}:
                return i
        return len(doc)

    def _items(self, doc: Doc, cue: Cue, end: int) -> list[Span]:
        separators = SEPARATORS | ({"and"} if cue.label == "LICENSURE" else set())
        out, start = [], cue.end
        for i in range(cue.end, end + 1):
            if i == end or doc[i].lower_ in separators:
                words = [t for t in doc[start:i] if not t.is_space]
                if words:
                    text = " ".join(t.text for t in words)
                    span = Span(doc, words[0].i, words[-1].i + 1, label=cue.label, span_id=self._canonical(text))
                    out.append(span)
                start = i + 1
        return out

    def _canonical(self, text: str) -> str:
        """The lexicon's name, also when the PDF glued a stray letter or two to it ("Sports
        Medicinea"); otherwise "" (the name is kept as written)."""
        key = text.lower()
        if key not in self.canonical:
            key = next((k for k in self.canonical if key.startswith(k) and len(key) - len(k) <= 2 and k[-1].isalpha()), key)
        return self.canonical.get(key, "")

    def get_state(self):
        return self.canonical

    def set_state(self, state) -> None:
        self.canonical = state
