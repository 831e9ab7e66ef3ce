"""The imr_nlp tokenizer: text normalization in front of a cache-friendly English tokenizer."""

from pathlib import Path
from typing import Callable, Iterable, Iterator

import srsly
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
