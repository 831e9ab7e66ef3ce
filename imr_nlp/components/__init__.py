"""The pipeline components; importing this package registers their factories."""
from . import abbreviations, body_parts, capture, categories, citations, context, credentials, decisions, diagnosis_lists, entities, header, icd10, linker, model, sections, shapes  # noqa: F401
