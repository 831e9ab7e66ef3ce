"""The imr_nlp tokenizer: text normalization in front of a cache-friendly English tokenizer."""

from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

import numpy
import srsly
from spacy.attrs import IDX
from spacy.lang.en import English
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, registry

from . import extensions  # noqa: F401  (registers Doc._.offset_map and Doc._.line_starts)
from .resources import read_pattern_file
from .text import normalize


class NormalizingTokenizer:
    """Tokenize ``normalize(text)`` and keep the map back to the input on the Doc.

    A wrapper, not a Tokenizer subclass: spaCy's Tokenizer is a Cython class and only its
    input needs changing. Serialization is the wrapped tokenizer's.
    """

    def __init__(self, tokenizer: Tokenizer) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        norm = normalize(text)
        doc = self.tokenizer(norm.text)
        doc._.offset_map = norm.offset_map
        doc._.line_starts = norm.line_starts
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    def phrase_keys(self, phrases: Sequence[str], attr: int) -> list[tuple[int, ...]]:
        """Each phrase's tokens as their ``attr`` values, the form ``PhraseMatcher.add`` also takes
        in place of a Doc (its own pickling passes them so).

        The phrases are tokenized as one text, a newline between them: one Doc instead of one per
        phrase, which costs about 20 µs (0.1 s of every load for the lexicons' 5,000 phrases).
        The tokens are the same: spaCy's tokenizer cuts the text at whitespace before anything
        else, this one has no special cases that could span it, and a normalized phrase has no
        newline or whitespace at its ends (tests compare every shipped phrase).
        """
        texts = [normalize(phrase).text for phrase in phrases]
        starts = numpy.cumsum([0] + [len(text) + 1 for text in texts])  # the newline after each is at its next start - 1
        values = self.tokenizer("\n".join(texts)).to_array([IDX, attr])
        values = values[~numpy.isin(values[:, 0], starts[1:-1] - 1)]
        ends = numpy.searchsorted(values[:, 0], starts[1:-1])
        return [tuple(chunk.tolist()) for chunk in numpy.split(values[:, 1], ends)]

    def to_bytes(self, **kwargs) -> bytes:
        return self.tokenizer.to_bytes(**kwargs)

    def from_bytes(self, data: bytes, **kwargs) -> "NormalizingTokenizer":
        self.tokenizer.from_bytes(data, **kwargs)
        return self

    def to_disk(self, path: str | Path, **kwargs) -> None:
        self.tokenizer.to_disk(path, **kwargs)

    def from_disk(self, path: str | Path, **kwargs) -> "NormalizingTokenizer":
        self.tokenizer.from_disk(path, **kwargs)
        return self


@registry.tokenizers("imr_nlp.tokenizer.v1")
def create_tokenizer(affixes: str = "tokenizer.json") -> Callable[[Language], NormalizingTokenizer]:
    """English affix rules plus the letters' own (``patterns/<affixes>``), no special cases."""
    extra = srsly.json_loads(read_pattern_file(affixes))
    defaults = English.Defaults

    def make(nlp: Language) -> NormalizingTokenizer:
        tokenizer = Tokenizer(
            nlp.vocab,
            rules={},
            prefix_search=compile_prefix_regex(list(defaults.prefixes) + extra["prefixes"]).search,
            suffix_search=compile_suffix_regex(list(defaults.suffixes) + extra["suffixes"]).search,
            infix_finditer=compile_infix_regex(list(defaults.infixes) + extra["infixes"]).finditer,
            token_match=defaults.token_match,
            url_match=defaults.url_match,
        )
        return NormalizingTokenizer(tokenizer)

    return make
