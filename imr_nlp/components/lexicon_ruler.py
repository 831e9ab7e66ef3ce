"""spaCy's SpanRuler, loading the lexicons of ``patterns/`` by name, tokenizing its phrase
patterns in one pass and making a Span only for each distinct match.

spaCy's SpanRuler makes a Doc of each phrase pattern (about 20 µs each) and its ``initialize``
takes the patterns themselves, which spaCy's config system validates with pydantic, dict by dict,
twice: for the lexicons' 5,000 phrases that was a third of a second of every ``load()``. Here
``initialize`` takes the lexicons' file names and the phrases become PhraseMatcher keys through
``phrases`` (one Doc for them all). spaCy's ``match`` also makes a Span of every raw match to
drop repeats and sort them (Spans hash and compare through Python tuples): two thirds of the
ruler's time per letter. Here matches are deduplicated and sorted as tuples, in the order Spans
sort in, and the group it sets is kept as read (``groups.put``). Matching, filtering and
serialization are spaCy's; the patterns, their order and the spans are the same.
"""
import warnings

from typing import Callable, Iterable, List, Optional, Sequence, Union

from spacy.errors import Errors
from spacy.language import Language
from spacy.pipeline.span_ruler import DEFAULT_SPANS_KEY, PatternType, SpanRuler
from spacy.tokens import Doc, Span

from ..lexicons import lexicon_patterns
from .. import groups
from .phrases import LEXICAL, add_phrases, attr_id


# Types written out (no postponed annotations): spaCy validates the factory's arguments with them.
@Language.factory(
    "imr_lexicon_ruler",
    assigns=["doc.spans"],
    default_config={
        "spans_key": DEFAULT_SPANS_KEY,
        "spans_filter": None,
        "annotate_ents": False,
        "ents_filter": {"@misc": "spacy.first_longest_spans_filter.v1"},
        "phrase_matcher_attr": None,
        "matcher_fuzzy_compare": {"@misc": "spacy.levenshtein_compare.v1"},
        "validate": False,
        "overwrite": True,
        "scorer": {"@scorers": "spacy.overlapping_labeled_spans_scorer.v1", "spans_key": DEFAULT_SPANS_KEY},
    },
)
def make_lexicon_ruler(
    nlp: Language,
    name: str,
    spans_key: Optional[str],
    spans_filter: Optional[Callable[[Iterable[Span], Iterable[Span]], Iterable[Span]]],
    annotate_ents: bool,
    ents_filter: Callable[[Iterable[Span], Iterable[Span]], Iterable[Span]],
    phrase_matcher_attr: Optional[Union[int, str]],
    matcher_fuzzy_compare: Callable,
    validate: bool,
    overwrite: bool,
    scorer: Optional[Callable],
) -> "LexiconRuler":
    return LexiconRuler(
        nlp,
        name,
        spans_key=spans_key,
        spans_filter=spans_filter,
        annotate_ents=annotate_ents,
        ents_filter=ents_filter,
        phrase_matcher_attr=phrase_matcher_attr,
        matcher_fuzzy_compare=matcher_fuzzy_compare,
        validate=validate,
        overwrite=overwrite,
        scorer=scorer,
    )


class LexiconRuler(SpanRuler):
    """A SpanRuler whose ``initialize`` also takes lexicon names and whose phrase patterns are
    tokenized together."""

    def initialize(
        self,
        get_examples: Optional[Callable] = None,
        *,
        nlp: Optional[Language] = None,
        patterns: Optional[Sequence[PatternType]] = None,
        lexicons: Optional[List[str]] = None,
    ) -> None:
        """Load the phrase patterns of ``lexicons`` (files of ``patterns/``), then ``patterns``."""
        self.clear()
        self.add_patterns([*lexicon_patterns(lexicons or []), *(patterns or [])])

    def add_patterns(self, patterns: List[PatternType]) -> None:
        if attr_id(self.phrase_matcher_attr) not in LEXICAL:
            super().add_patterns(patterns)
            return
        phrases: list[tuple[str, list[str]]] = []  # (match label, [text])
        for entry in patterns:  # spaCy's loop (SpanRuler.add_patterns), the phrases kept as text
            label = repr((entry["label"], entry.get("id", "")))
            self._match_label_id_map[self.nlp.vocab.strings.as_int(label)] = {"label": entry["label"], "id": entry.get("id", "")}
            if isinstance(entry["pattern"], str):
                phrases.append((label, [entry["pattern"]]))
            elif isinstance(entry["pattern"], list):
                self.matcher.add(label, [entry["pattern"]])
            else:
                raise ValueError(Errors.E097.format(pattern=entry["pattern"]))
            self._patterns.append(entry)
        add_phrases(self.nlp, self.phrase_matcher, self.phrase_matcher_attr, phrases)

    def match(self, doc: Doc) -> list[Span]:
        self._require_patterns()
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="\\[W036")
            matches = list(self.matcher(doc)) + list(self.phrase_matcher(doc))
        strings = self.nlp.vocab.strings
        found = set()
        for m_id, start, end in matches:
            if start != end:
                info = self._match_label_id_map[m_id]
                found.add((start, end, strings.add(info["label"]), strings.add(info["id"])))
        # a Span sorts by (start_char, end_char, label, kb_id, id): token offsets order the same
        return [Span(doc, start, end, label=label, span_id=id_) for start, end, label, id_ in sorted(found)]

    def set_annotations(self, doc: Doc, matches: list[Span]) -> None:
        if not self.key or self.annotate_ents:
            super().set_annotations(doc, matches)
            return
        spans = [] if self.overwrite else list(groups.spans(doc, self.key))
        spans.extend(self.spans_filter(spans, matches) if self.spans_filter else matches)
        groups.put(doc, self.key, spans)
