"""Abbreviations with their long forms: those a letter defines ("DTRs (Deep Tendon Reflexes)"),
found by scispaCy's AbbreviationDetector, and the common ones letters use undefined ("PT", "UR"),
from the lexicon ``patterns/abbreviations.json``."""
import warnings

import numpy
import srsly
from scispacy.abbreviation import AbbreviationDetector, find_abbreviation, short_form_filter
from spacy.language import Language

from .state import JsonState
from spacy.matcher import PhraseMatcher
from spacy.attrs import ORTH
from spacy.tokens import Doc

from ..resources import pattern_path

# scispaCy runs an always-empty "global" Matcher on every doc; spaCy warns (W036) about it.
warnings.filterwarnings("ignore", message=r"\[W036\]")


@Language.factory("imr_abbreviations", default_config={"lexicon": "abbreviations.json"})
class Abbreviations(JsonState):
    """Sets ``doc._.abbreviations``: [{"short_start", "short_end", "long", "source"}] in tokens,
    source "defined" (in this letter) or "lexicon"; a defined long form wins over the lexicon's."""
    state_file = "abbreviations.json"

    def __init__(self, nlp: Language, name: str, *, lexicon: str) -> None:
        self.name = name
        self.vocab = nlp.vocab
        self.lexicon_file = lexicon
        self.detector = AbbreviationDetector(nlp, make_serializable=True)
        self._load({})

    def _load(self, lexicon: dict[str, str]) -> None:
        self.lexicon = lexicon
        self.matcher = PhraseMatcher(self.vocab, attr="ORTH")
        for short in lexicon:
            self.matcher.add(short, [Doc(self.vocab, words=[short])])

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        self._load(srsly.read_json(str(pattern_path(self.lexicon_file)))["abbreviations"])

    def __call__(self, doc: Doc) -> Doc:
        doc._.abbreviations = []
        self.detector(doc)
        defined = doc._.abbreviations
        found = {}
        for item in defined:
            short = doc[item["short_start"] : item["short_end"]]  # scispaCy's own attribute: redundant
            doc.user_data.pop(("._.", "long_form", short.start_char, short.end_char), None)
            found[(item["short_start"], item["short_end"])] = {
                "short_start": item["short_start"], "short_end": item["short_end"],
                "long": item["long_text"], "source": "defined",
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
