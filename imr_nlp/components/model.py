"""Entities from a trained pipeline (``annotate --model``) in place of the rules' entity labels.

The decision blocks, sections, outcomes and guideline citations still come from the rule
components: only the entity labels the model was trained on are replaced. A predicted span that
equals a rule span keeps the rule's canonical id (so its category and normalized name survive).
"""
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import groups

STRUCTURAL = {"OUTCOME", "GUIDELINE"}


@Language.factory("imr_model_entities", default_config={"model": "", "spans_key": "imr_entities"})
class ModelEntities:
    def __init__(self, nlp: Language, name: str, *, model: str, spans_key: str) -> None:
        self.name = name
        self.spans_key = spans_key
        self.model_path = model
        self.model = spacy.load(Path(model)) if model else None
        for label in self._labels():  # the model's components set labels by hash in our docs
            nlp.vocab.strings.add(label)
        self.labels = set(self._labels()) - STRUCTURAL

    def _labels(self) -> list[str]:
        if self.model is None:
            return []
        return [label for _, proc in self.model.pipeline for label in getattr(proc, "labels", ())]

    def __call__(self, doc: Doc) -> Doc:
        if self.model is None:
            return doc
        rules = groups.spans(doc, self.spans_key)
        dates = list(doc.ents)
        for _, proc in self.model.pipeline:
            doc = proc(doc)
        predicted = list(doc.spans[self.spans_key]) if "spancat" in self.model.pipe_names else list(doc.ents)
        ids = {(s.start, s.end, s.label_): s.id_ for s in rules}
        kept = [s for s in rules if s.label_ not in self.labels]
        new = [
            Span(doc, s.start, s.end, label=s.label_, span_id=ids.get((s.start, s.end, s.label_), ""))
            for s in predicted
            if s.label_ in self.labels
        ]
        doc.spans[self.spans_key] = kept + new
        doc.ents = [d for d in dates if d.label_ not in self.labels]
        return doc
