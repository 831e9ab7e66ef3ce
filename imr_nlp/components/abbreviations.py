"""Abbreviations with their long forms: those a letter defines ("DTRs (Deep Tendon Reflexes)"),
found with scispaCy's Schwartz-Hearst functions, and the common ones letters use undefined ("PT",
"UR"), from the lexicon ``patterns/abbreviations.json``."""
from collections import defaultdict

import numpy
import srsly
from scispacy.abbreviation import filter_matches, find_abbreviation, short_form_filter
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from ..resources import pattern_path
from .state import JsonState


@Language.factory("imr_abbreviations", default_config={"lexicon": "abbreviations.json"})
class Abbreviations(JsonState):
    """Sets ``doc._.abbreviations``: [{"short_start", "short_end", "long", "source"}] in tokens,
    source "defined" (in this letter) or "lexicon"; a defined long form wins over the lexicon's."""
    state_file = "abbreviations.json"

    def __init__(self, nlp: Language, name: str, *, lexicon: str) -> None:
        self.name = name
        self.vocab = nlp.vocab
        self.lexicon_file = lexicon
        self._load({})

    def _load(self, lexicon: dict[str, str]) -> None:
        self.lexicon = lexicon
        self.matcher = PhraseMatcher(self.vocab, attr="ORTH")
        for short in lexicon:
            self.matcher.add(short, [Doc(self.vocab, words=[short])])

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        self._load(srsly.read_json(str(pattern_path(self.lexicon_file)))["abbreviations"])

    def __call__(self, doc: Doc) -> Doc:
        found = {}
        for short, long in _defined(doc):
            found[(short.start, short.end)] = {
                "short_start": short.start, "short_end": short.end, "long": long.text, "source": "defined",
            }
        for short, long in _short_before_short_long_form(doc):
            found.setdefault((short.start, short.end), {
                "short_start": short.start, "short_end": short.end, "long": long.text, "source": "defined",
            })
        known = {doc[a["short_start"] : a["short_end"]].text for a in found.values()}
        for key, start, end in self.matcher(doc):
            short = self.vocab.strings[key]
            if short not in known and (start, end) not in found:
                found[(start, end)] = {"short_start": start, "short_end": end, "long": self.lexicon[short], "source": "lexicon"}
        doc._.abbreviations = sorted(found.values(), key=lambda a: a["short_start"])
        return doc

    def get_state(self):
        return self.lexicon

    def set_state(self, state) -> None:
        self._load(state)


def _defined(doc: Doc) -> list[tuple]:
    """Each short form the letter defines, and every later use of it, with its long form: what
    scispaCy's ``AbbreviationDetector`` finds, through its own ``filter_matches`` and
    ``find_abbreviation``. Its ``__call__`` runs a "( anything+ )" Matcher over the whole Doc
    (states grow from every parenthesis to the end of the letter, though ``filter_matches`` drops
    any with more than 8 tokens inside) and adds a validated Matcher rule per short form to find
    its uses; here the parentheses and the uses are found on the ORTH column instead."""
    orth = doc.to_array(ORTH)
    opening, closing = doc.vocab.strings["("], doc.vocab.strings[")"]
    closes = numpy.flatnonzero(orth == closing)
    pairs = [(int(j), int(i)) for i in numpy.flatnonzero(orth == opening) for j in closes[(closes > i + 1) & (closes <= i + 9)]]
    matches = [(0, i + 1, j) for j, i in sorted(pairs)]  # in the Matcher's order: by end, then start
    uses: dict[Span, set] = defaultdict(set)  # each long form's short forms
    seen_long: set[str] = set()
    seen_short: set[str] = set()
    for long_candidate, short_candidate in filter_matches(matches, doc):
        short, long = find_abbreviation(long_candidate, short_candidate)
        if long is not None and long.text not in seen_long and short.text not in seen_short:
            seen_long.add(long.text)
            seen_short.add(short.text)
            uses[long].add(short)
    for long in list(uses):
        short = next(iter(uses[long]))
        words = [doc.vocab.strings[t.text] for t in short]
        starts = numpy.flatnonzero(orth[: len(orth) - len(words) + 1] == words[0])
        for k, word in enumerate(words[1:], 1):
            starts = starts[orth[starts + k] == word]
        uses[long].update(doc[int(i) : int(i) + len(words)] for i in starts)
    return [(short, long) for long, shorts in uses.items() for short in shorts]


def _short_before_short_long_form(doc: Doc) -> list[tuple]:
    """"DTRs (Deep Tendon Reflexes)": scispaCy takes a parenthesis of three words or fewer for
    a short form, so a short form followed by a short long form is missed; this looks for exactly
    that case and checks it with scispaCy's own Schwartz-Hearst matcher."""
    found = []
    orth = doc.to_array(ORTH)  # the parentheses found in C, not token by token in Python
    opening, closing = doc.vocab.strings["("], doc.vocab.strings[")"]
    for i in numpy.flatnonzero(orth == opening):
        i = int(i)
        close = next((j for j in range(i + 1, min(i + 5, len(doc))) if orth[j] == closing), None)
        if i == 0 or close is None or close - i < 3:
            continue
        short = doc[i - 1 : i]
        if not short_form_filter(short) or not any(c.isupper() for c in short.text):
            continue
        _, long = find_abbreviation(doc[i + 1 : close], short)
        if long is not None:
            found.append((short, long))
    return found
