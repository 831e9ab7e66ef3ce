"""Build the record of one letter (the schema is ``record.schema.json``) from its annotated Doc."""
from __future__ import annotations

import json
from bisect import bisect_right
from functools import lru_cache
from importlib.resources import files
from typing import Any, Iterable

from spacy.tokens import Doc, Span

from . import groups
from .extensions import doc_value, span_values
from .text import to_input

SIDES = ("left", "right", "bilateral")
GUIDELINE_ROLES = {"claims_administrator_guideline": "claims_administrator", "maximus_guideline": "maximus"}
Linked = tuple[Span, str, str | None]  # an entity linked to a decision block: the span, its label, its role


@lru_cache(maxsize=1)
def schema() -> dict:
    """The JSON Schema every record satisfies."""
    return json.loads((files("imr_nlp") / "record.schema.json").read_text(encoding="utf-8"))


def page_starts(text: str) -> list[int]:
    """Offsets where pages begin: 0 and after every form feed."""
    starts = [0]
    while (i := text.find("\f", starts[-1])) >= 0:
        starts.append(i + 1)
    return starts


def build_record(doc: Doc, *, id: str, source: str, text: str, encoding: str | None = None) -> dict[str, Any]:
    """The record of ``doc``; ``text`` is the input it was made from (offsets point into it)."""
    entities = groups.labelled(doc, "imr_entities")
    pages = page_starts(text)
    by_label: dict[str, list[Span]] = {}
    linked: dict[int, list[Linked]] = {}  # block index -> the entities linked to it
    for span, label in entities:
        by_label.setdefault(label, []).append(span)
        decision, role = span_values(span, "decision", "role")
        if decision is not None:
            linked.setdefault(decision, []).append((span, label, role))
    header = doc._.header or {}
    return {
        "id": id,
        "source": source,
        "encoding": encoding,
        "case_number": header.get("case_number"),
        "priority": header.get("priority"),
        "layout": doc._.layout,
        "is_imr_letter": doc._.is_imr_letter,
        "complete": doc._.complete,
        "page_starts": pages,
        "patient": {"age": _first_int(by_label.get("AGE")), "sex": _first_norm(by_label.get("SEX")) or _sex_by_pronouns(doc)},
        "dates": {
            "injury": header.get("injury") or _injury_date(doc, by_label.get("INJURY_DATE", [])),
            "utilization_review": header.get("utilization_review") or _ur_date(doc, by_label.get("UR_DATE", [])),
            "assigned": header.get("assigned"),
            "decision": header.get("decision"),
            "application_received": header.get("application_received"),
        },
        "reviewer": {
            "licensure": _unique(s._.norm for s in by_label.get("LICENSURE", [])),
            "specialties": _unique(s._.norm for s in by_label.get("SPECIALTY", [])),
        },
        **_diagnoses(doc, by_label.get("DIAGNOSIS", [])),
        "abbreviations": [_abbreviation(doc, a, text) for a in doc._.abbreviations or []],
        "decisions": [_decision(doc, i, block, linked.get(i, [])) for i, block in enumerate(groups.spans(doc, "imr_decisions"))],
        "entities": [_entity(doc, span, label, text, pages) for span, label in entities],
    }


def _plain(value: Any) -> Any:
    """Lists where DocBin's msgpack hands back tuples, so records compare equal either way."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _offsets(doc: Doc, span: Span) -> tuple[int, int]:
    return to_input(doc_value(doc, "offset_map"), span.start_char, span.end_char)


def _entity(doc: Doc, span: Span, label: str, text: str, pages: list[int]) -> dict[str, Any]:
    start, end = _offsets(doc, span)
    citation, frequency, norm, decision, role, drug_class, icd10, context = span_values(
        span, "citation", "frequency", "norm", "decision", "role", "drug_class", "icd10", "context"
    )
    norm = _plain(citation or frequency or norm)
    if label == "AGE" and norm is not None:
        norm = int(norm)
    return {
        "label": label,
        "text": text[start:end],
        "start": start,
        "end": end,
        "decision": decision,
        "role": role,
        "norm": norm,
        "drug_class": drug_class,
        "icd10": icd10,
        "page": bisect_right(pages, start),
        "context": context,
    }


def _abbreviation(doc: Doc, item: dict, text: str) -> dict[str, Any]:
    start, end = _offsets(doc, doc[item["short_start"] : item["short_end"]])
    return {"short": text[start:end], "long": item["long"], "start": start, "end": end, "source": item["source"]}


def _decision(doc: Doc, index: int, block: Span, linked: list[Linked]) -> dict[str, Any]:
    item = [(s, label) for s, label, role in linked if role == "item"]
    category, item_text, outcome, basis, original, authorized, treatment = span_values(
        block, "category", "item", "outcome", "category_basis", "original_request", "authorized", "treatment"
    )
    category = category or "other"
    frequency = _merged_frequency([s._.frequency for s, label in item if label == "FREQUENCY"])
    start, end = _offsets(doc, block)
    return {
        "index": index,
        "item": item_text,
        "outcome": outcome,
        "category": category,
        "category_basis": basis or "none",
        "original_request": original,
        "authorized": authorized,
        "treatment": treatment,
        "drug_class": next((s._.drug_class for s, label in item if label == "MEDICATION" and s._.norm == treatment), None),
        "body_parts": _body_parts(doc, index, item),
        "frequency": _schedule(category, frequency),
        "guidelines": {
            key: [_plain(s._.citation) for s, label, r in linked if label == "GUIDELINE" and r == role]
            for role, key in GUIDELINE_ROLES.items()
        },
        "start": start,
        "end": end,
    }


def _body_parts(doc: Doc, index: int, item: list[tuple[Span, str]]) -> list[str]:
    """The item's body parts and region adjectives ("Lumbar support"), in order; a part also
    named with its side is kept once, with the side ("right shoulder ... rotator cuff")."""
    items = [p for p in groups.spans(doc, "imr_decision_parts") if p.label_ == "ITEM" and p._.decision == index]
    regions = [r for r in groups.spans(doc, "imr_body_regions") for p in items if p.start <= r.start < p.end]
    named = _unique(s._.norm for s in sorted([s for s, label in item if label == "BODY_PART"] + regions, key=lambda s: s.start))
    sided = [n.split(" ", 1)[1] for n in named if n.split(" ", 1)[0] in SIDES]
    return [n for n in named if not any(n == part or _plural(n, part) for part in sided)]


def _plural(singular: str, plural: str) -> bool:
    return plural in (singular + "s", singular + "es", singular[:-1] + "ies", singular + "e") or (
        singular.endswith("oot") and plural == singular[:-3] + "eet"
    )


def _schedule(category: str, frequency: dict | None) -> dict | None:
    """The item's treatment schedule: none for a drug (its quantity is no schedule) and none for
    equipment whose only figure is how long it is used ("Cold therapy for one week", "30 day rental")."""
    if category == "pharmaceuticals" or category == "dme" and not (frequency or {}).keys() & {"per_week", "sessions"}:
        return None
    return _plain(frequency)


def _merged_frequency(values: list[dict]) -> dict | None:
    """One frequency from the item's pieces ("Four sessions" + "two times a week times 2 weeks"):
    the first value of each key wins; sessions follow from per_week x weeks when not stated."""
    merged: dict = {}
    for value in values:
        for key, number in value.items():
            merged.setdefault(key, number)
    if "sessions" not in merged and "per_week" in merged and "weeks" in merged:
        merged["sessions"] = merged["per_week"] * merged["weeks"]
    return merged or None


PRONOUNS = {"he": "male", "him": "male", "his": "male", "himself": "male",
            "she": "female", "her": "female", "hers": "female", "herself": "female"}


def _sex_by_pronouns(doc: Doc) -> str | None:
    """When no SEX is stated ("a 45-year-old claimant"): the case summary's pronouns, if one sex
    has at least two and twice the other's ("He/she" in the letters' boilerplate is elsewhere)."""
    summary = next((s for s in groups.spans(doc, "imr_sections") if s.label_ == "CASE_SUMMARY"), None)
    counts = {"male": 0, "female": 0}
    for token in summary or []:
        beside = {doc[i].text for i in (token.i - 1, token.i + 1) if 0 <= i < len(doc)}
        if token.lower_ in PRONOUNS and "/" not in beside:
            counts[PRONOUNS[token.lower_]] += 1
    sex, other = ("male", "female") if counts["male"] >= counts["female"] else ("female", "male")
    return sex if counts[sex] >= 2 and counts[sex] >= 2 * counts[other] else None


def _diagnoses(doc: Doc, spans: list[Span]) -> dict[str, list]:
    """The case summary's stated diagnoses (``diagnoses``) and their ICD-10-CM codes
    (``diagnosis_codes``, null where none fits): the items of its diagnosis lists ("Current diagnoses
    include ...", "was diagnosed with ...": see ``imr_diagnosis_lists``), else all of its diagnoses
    not negated ("denied tinnitus")."""
    in_summary = [s for s in spans if _section(doc, s) == "CASE_SUMMARY"]
    lists = groups.spans(doc, "imr_diagnosis_lists")
    stated = [s for s in in_summary if any(x.start <= s.start and s.end <= x.end for x in lists)]
    if not stated:
        stated = [s for s in in_summary if not (s._.context or {}).get("negated")]
    first: dict[str, Span] = {}
    for span in stated:
        first.setdefault(" ".join(span.text.split()).lower(), span)
    return {
        "diagnoses": [" ".join(s.text.split()) for s in first.values()],
        "diagnosis_codes": [s._.icd10 for s in first.values()],
    }


def _section(doc: Doc, span: Span) -> str | None:
    for section in groups.spans(doc, "imr_sections"):
        if section.start <= span.start < section.end:
            return section.label_
    return None


def _injury_date(doc: Doc, spans: list[Span]) -> str | None:
    """The header's date of injury, else the first one stated to the day, else the first."""
    ranked = sorted(spans, key=lambda s: (_section(doc, s) != "HEADER", len(s._.norm) < 10, s.start))
    return ranked[0]._.norm if ranked else None


def _ur_date(doc: Doc, spans: list[Span]) -> str | None:
    """The header's UR denial date, else one stated as a denial, else the last mentioned."""
    ranked = sorted(
        spans, key=lambda s: (_section(doc, s) != "HEADER", not s.id_.startswith("denial"), -s.start)
    )
    return ranked[0]._.norm if ranked else None


def _first_norm(spans: list[Span] | None) -> str | None:
    return spans[0]._.norm if spans else None


def _first_int(spans: list[Span] | None) -> int | None:
    return int(spans[0]._.norm) if spans else None


def _unique(values: Iterable[str | None], key=lambda v: v) -> list[str]:
    seen, out = set(), []
    for value in values:
        if value is not None and key(value) not in seen:
            seen.add(key(value))
            out.append(value)
    return out
