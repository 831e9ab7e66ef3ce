"""spaCy's Sentencizer with its rule computed on token arrays.

``Sentencizer.predict`` walks the tokens in Python, making a Token per token (0.4 ms a letter).
Its rule: a token starts a sentence when it is neither punctuation nor a sentence-ending
character and such a character came after the previous token of that kind (and the first token
starts the first sentence). That is a comparison of running counts, done here with numpy on the
ORTH and IS_PUNCT columns; everything else (settings, annotations, serialization) is spaCy's and
the sentence starts are the same (``tests/test_sentences.py``).
"""
from typing import Callable, List, Optional

import numpy
from spacy.attrs import IS_PUNCT, ORTH
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.strings import get_string_id


# Types written out (no postponed annotations): spaCy validates the factory's arguments with them.
@Language.factory(
    "imr_sentencizer",
    assigns=["token.is_sent_start", "doc.sents"],
    default_config={"punct_chars": None, "overwrite": False, "scorer": {"@scorers": "spacy.senter_scorer.v1"}},
    default_score_weights={"sents_f": 1.0, "sents_p": 0.0, "sents_r": 0.0},
)
def make_array_sentencizer(
    nlp: Language, name: str, punct_chars: Optional[List[str]], overwrite: bool, scorer: Optional[Callable]
) -> "ArraySentencizer":
    return ArraySentencizer(name, punct_chars=punct_chars, overwrite=overwrite, scorer=scorer)


class ArraySentencizer(Sentencizer):
    _hashes: tuple[frozenset, numpy.ndarray] | None = None  # the punctuation characters, their sorted hashes

    def _ending_hashes(self) -> numpy.ndarray:
        chars = frozenset(self.punct_chars)  # settable, and reset by from_bytes and from_disk
        if self._hashes is None or self._hashes[0] != chars:
            self._hashes = (chars, numpy.array(sorted(get_string_id(char) for char in chars), dtype=numpy.uint64))
        return self._hashes[1]

    def predict(self, docs) -> list[list[bool]]:
        hashes = self._ending_hashes()
        guesses = []
        for doc in docs:
            if not len(doc):
                guesses.append([])
                continue
            columns = doc.to_array([ORTH, IS_PUNCT])
            found = numpy.minimum(numpy.searchsorted(hashes, columns[:, 0]), len(hashes) - 1)
            ends = hashes[found] == columns[:, 0]  # sentence-ending characters
            content = numpy.flatnonzero(~ends & (columns[:, 1] == 0))
            seen = numpy.cumsum(ends)[content]  # ending characters up to each content token
            starts = numpy.zeros(len(doc), dtype=bool)
            starts[0] = True
            starts[content[seen > numpy.concatenate(([0], seen[:-1]))]] = True
            guesses.append(starts.tolist())
        return guesses
