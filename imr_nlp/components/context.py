"""Negation, uncertainty, history and hypotheticals on the entities: medspaCy's ConText, wrapped.

The wrapper loads the rules in ``initialize`` and serializes them (medspaCy's component reads them
in ``__init__`` and saves nothing), and it leaves only booleans on the Doc: ConText keeps modifier
objects on every span and a graph of Spans on the Doc, which break DocBin and ``n_process``.
"""
from pathlib import Path
from typing import Iterable, Optional

import numpy
import srsly
from medspacy.context import ConText, ConTextGraph, ConTextModifier, ConTextRule
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ..extensions import set_span_values
from ..resources import pattern_path
from .. import groups
from .phrases import add_phrases

FLAGS = {"is_negated": "negated", "is_uncertain": "uncertain", "is_historical": "historical", "is_hypothetical": "hypothetical"}


@Language.factory(
    "imr_context",
    default_config={
        "rules": "context_rules.json",
        "spans_key": "imr_entities",
        "labels": ["DIAGNOSIS", "TREATMENT", "MEDICATION"],
        "max_scope": None,
    },
)
class Context:
    """Sets ``span._.context`` to {"negated", "uncertain", "historical", "hypothetical"} booleans
    on the spans of ``doc.spans[spans_key]`` with one of ``labels`` (ConText's cost grows with
    targets times modifiers, and dates or ages have no context worth the time). A modifier reaches
    to the end of its sentence (so sentence boundaries are needed), or ``max_scope`` tokens: per
    rule in the rules file, or for all with this setting."""

    def __init__(
        self, nlp: Language, name: str, *, rules: str, spans_key: str, labels: list[str], max_scope: Optional[int]
    ) -> None:
        self.nlp = nlp
        self.name = name
        self.rules_file = rules
        self.spans_key = spans_key
        self.labels = set(labels)
        self.max_scope = max_scope
        self.rules: list[dict] = []
        self.context = self._context([])

    def _context(self, rules: list[dict]) -> ConText:
        # Which sentences hold a cue at all: ConText pairs every target with every modifier in
        # Python, but a modifier never reaches past its sentence, so targets elsewhere are skipped.
        self.cues = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        literals = {r["literal"].lower() for r in rules if r["category"] not in ("TERMINATE", "PSEUDO")}
        add_phrases(self.nlp, self.cues, "LOWER", [("CUE", sorted(literals))])
        context = ConText(
            self.nlp, name=self.name, rules=None, input_span_type="group",
            span_group_name=self.spans_key, max_scope=self.max_scope,
        )
        context.add([ConTextRule.from_dict(rule) for rule in rules])
        self.matcher = context._ConText__matcher  # medspaCy keeps its rule matcher private
        return context

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        self.rules = srsly.read_json(str(pattern_path(self.rules_file)))["context_rules"]
        self.context = self._context(self.rules)

    def __call__(self, doc: Doc) -> Doc:
        spans = [s for s, label in groups.labelled(doc, self.spans_key) if label in self.labels]
        flags = [dict.fromkeys(FLAGS.values(), False) for _ in spans]
        sentence_of = _sentence_index(doc)
        cued = {sentence_of[start] for _, start, _ in self.cues(doc)}
        targets: dict[int, list[int]] = {}  # sentence -> indices of its spans
        for i, span in enumerate(spans):
            if sentence_of[span.start] in cued:
                targets.setdefault(sentence_of[span.start], []).append(i)
        if targets:
            self._apply(doc, spans, flags, targets, sentence_of)
        for span, values in zip(spans, flags):
            set_span_values(span, context=values)
        return doc

    def _apply(
        self, doc: Doc, spans: list, flags: list[dict], targets: dict[int, list[int]], sentence_of: list[int]
    ) -> None:
        """medspaCy's ConText, one graph per sentence. Its own ``__call__`` pairs every target
        of the Doc with every modifier of the Doc in Python, though a modifier's scope never leaves
        its sentence (``ConTextModifier`` scopes to ``doc[start].sent``, or ``max_scope`` tokens
        inside it): the same modifiers, scopes and ``modifies`` tests per sentence give the same
        edges at a fraction of the pairs."""
        context, modifiers = self.context, {}
        for match_id, start, end in self.matcher(doc):
            if sentence_of[start] in targets:
                rule = self.matcher.rule_map[self.nlp.vocab.strings[match_id]]
                modifier = ConTextModifier(rule, start, end, doc, max_scope=context.max_scope)
                modifiers.setdefault(sentence_of[start], []).append(modifier)
        mapping = context.context_attributes_mapping
        for sentence, found in modifiers.items():
            graph = ConTextGraph(prune_on_modifier_overlap=context.prune_on_target_overlap)
            graph.targets = [spans[i] for i in targets[sentence]]
            graph.modifiers = found
            graph.update_scopes()
            graph.apply_modifiers()
            index = {id(spans[i]): i for i in targets[sentence]}
            for target, modifier in graph.edges:
                for attribute, value in mapping.get(modifier.category, {}).items():
                    if attribute in FLAGS:
                        flags[index[id(target)]][FLAGS[attribute]] = bool(value)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "context_rules.json", {"context_rules": self.rules})

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "Context":
        self.rules = srsly.read_json(Path(path) / "context_rules.json")["context_rules"]
        self.context = self._context(self.rules)
        return self


def _sentence_index(doc: Doc) -> list[int]:
    """The sentence number of every token (from the SENT_START array, not token by token)."""
    starts = doc.to_array(SENT_START) == 1
    if len(starts):
        starts[0] = True
    return (numpy.cumsum(starts) - 1).tolist()
