"""Every custom attribute imr_nlp sets, registered once.

Values are plain ints, strings, lists and dicts so that DocBin (``store_user_data``) and
``nlp.pipe(n_process=...)`` carry them; a decision block is referred to by its index, never by a Span.
"""
from spacy.tokens import Doc, Span

DOC_EXTENSIONS: dict[str, object] = {
    "offset_map": None,  # [norm_0, raw_0, norm_1, raw_1, ...] breakpoints: see imr_nlp.text
    "line_starts": None,  # char offsets (in doc.text) where a line of the input began
    "layout": None,  # "fdl" | "notice" | None
    "is_imr_letter": False,  # the text has the wording of an IMR letter
    "complete": False,  # decisions found and the last one not cut off
    "abbreviations": None,  # [{"short_start", "short_end", "long", "source"}]: token offsets
    "header": None,  # {"case_number", "priority", "assigned", "decision", "injury", ...}: the header's facts
}
SPAN_EXTENSIONS: dict[str, object] = {
    "decision": None,  # index of the decision block the span belongs to
    "role": None,  # item | claims_administrator_guideline | maximus_guideline | rationale | case_summary
    "norm": None,  # normalized value: ISO date, canonical name, "male", "53"
    "frequency": None,  # {"per_week", "weeks", "sessions", "hours_per_day", "days_per_week", "per_day", "days", "months"}
    "citation": None,  # {"source", "title", "chapter", "topic", "pages", "edition", "year"}
    "category": None,  # IMR service category of a TREATMENT or MEDICATION
    "drug_class": None,  # drug class of a MEDICATION ("opioid analgesic"), from medications.json
    "icd10": None,  # ICD-10-CM code of a DIAGNOSIS ("M54.50"), from imr_icd10
    "context": None,  # {"negated", "uncertain", "historical", "hypothetical"}: booleans from ConText
    "outcome": None,  # on decision blocks: "upheld" | "overturned"
    "item": None,  # on decision blocks: the disputed item, whitespace collapsed
    "original_request": None,  # on decision blocks of a partial authorization: the request as first made
    "authorized": None,  # on decision blocks of a partial authorization: what the claims administrator authorized
    "category_basis": None,  # on decision blocks: lexicon | head | guideline | rationale | none
    "treatment": None,  # on decision blocks: canonical name of the service or drug the item names
}


def register_extensions() -> None:
    """Register the attributes; safe to call more than once."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


register_extensions()


def set_span_values(span: Span, **values: object) -> None:
    """Set extension values on ``span`` where ``span._.name = value`` puts them (spaCy keeps them in
    ``doc.user_data`` under ``("._.", name, start_char, end_char)``), without building an
    Underscore object per write: the per-entity loops write a few values on every entity.
    ``tests/test_serialization.py`` checks they read back through ``span._``."""
    data, start, end = span.doc.user_data, span.start_char, span.end_char
    for name, value in values.items():
        data[("._.", name, start, end)] = value


def span_values(span: Span, *names: str) -> tuple:
    """What ``span._.name`` reads for each of ``names`` (the default where unset), without an
    Underscore object per read: records read most values of every entity."""
    data, start, end = span.doc.user_data, span.start_char, span.end_char
    return tuple(data.get(("._.", name, start, end), SPAN_EXTENSIONS[name]) for name in names)


def doc_value(doc: Doc, name: str) -> object:
    """What ``doc._.name`` reads (the default where unset), without an Underscore object: records
    and review pages read the offset map once per entity."""
    return doc.user_data.get(("._.", name, None, None), DOC_EXTENSIONS[name])
