"""The pipeline components; importing this package registers their factories.

spaCy imports it (through the ``spacy_factories`` entry points) whenever any pipeline is made, so
it imports no more than the components need: ConText without the rest of medspaCy.
"""
from .. import extensions  # noqa: F401  (the attributes the components set)
from .medspacy_context import import_context

import_context()

from . import abbreviations, body_parts, capture, categories, citations, context, credentials, decisions, diagnosis_lists, entities, entity_ruler, header, icd10, lexicon_ruler, linker, model, sections, sentences, shapes  # noqa: E402,F401
