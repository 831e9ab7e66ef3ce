"""spaCy's EntityRuler, its token patterns matched only where they can start (``anchors``).

A token pattern whose first token tests a set of words (``{"LOWER": {"IN": [months]}}``) costs the
Matcher a Python set lookup at every token of the doc: two such date rules took most of the
ruler's time. The phrase patterns, the filtering and ``doc.ents`` are spaCy's own; the matches are
the same (``match`` returns the set of all matches, so reading windows instead of the whole doc
changes nothing else).
"""
import warnings
from typing import Callable, Optional, Union

from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.pipeline.entityruler import DEFAULT_ENT_ID_SEP, entity_ruler_score
from spacy.tokens import Doc

from .anchors import Anchors, match_windows


# Types written out (no postponed annotations): spaCy validates the factory's arguments with them.
@Language.factory(
    "imr_entity_ruler",
    assigns=["doc.ents", "token.ent_type", "token.ent_iob"],
    default_config={
        "phrase_matcher_attr": None,
        "matcher_fuzzy_compare": {"@misc": "spacy.levenshtein_compare.v1"},
        "validate": False,
        "overwrite_ents": False,
        "ent_id_sep": DEFAULT_ENT_ID_SEP,
        "scorer": {"@scorers": "spacy.entity_ruler_scorer.v1"},
    },
)
def make_anchored_entity_ruler(
    nlp: Language,
    name: str,
    phrase_matcher_attr: Optional[Union[int, str]],
    matcher_fuzzy_compare: Callable,
    validate: bool,
    overwrite_ents: bool,
    ent_id_sep: str,
    scorer: Optional[Callable],
) -> "AnchoredEntityRuler":
    return AnchoredEntityRuler(
        nlp,
        name,
        phrase_matcher_attr=phrase_matcher_attr,
        matcher_fuzzy_compare=matcher_fuzzy_compare,
        validate=validate,
        overwrite_ents=overwrite_ents,
        ent_id_sep=ent_id_sep,
        scorer=scorer or entity_ruler_score,
    )


class AnchoredEntityRuler(EntityRuler):
    """An EntityRuler whose Matcher reads only the windows where a token pattern can match."""

    _anchors: Optional[Anchors] = None

    def add_patterns(self, patterns: list) -> None:
        super().add_patterns(patterns)
        self._anchors = None

    def clear(self) -> None:
        super().clear()
        self._anchors = None

    def match(self, doc: Doc):
        self._require_patterns()
        if self._anchors is None:
            self._anchors = Anchors(self.nlp.vocab)
            for patterns in self.token_patterns.values():
                for pattern in patterns:
                    self._anchors.add(pattern)
        matches = []
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="\\[W036")
            if self.token_patterns:
                matches.extend(match_windows(self.matcher, doc, self._anchors.windows(doc, [(0, len(doc))])[0]))
            matches.extend(self.phrase_matcher(doc))
        final = {(key, start, end) for key, start, end in matches if start != end}
        return sorted(final, key=lambda m: (m[2] - m[1], -m[1]), reverse=True)
