"""displaCy review pages: one HTML page per letter and an index linking them.

Letter text is untrusted: displaCy escapes token text, and everything we add is escaped too.
"""
from __future__ import annotations

from html import escape
from typing import Any

from spacy import displacy
from spacy.tokens import Doc, Span

REVIEW_KEY = "imr_review"
COLORS = {
    "AGE": "#fde68a", "SEX": "#fde68a", "INJURY_DATE": "#fca5a5", "UR_DATE": "#fca5a5", "DATE": "#fecaca",
    "DIAGNOSIS": "#c4b5fd", "BODY_PART": "#a7f3d0", "TREATMENT": "#93c5fd", "MEDICATION": "#67e8f9",
    "FREQUENCY": "#fdba74", "GUIDELINE": "#d9f99d", "OUTCOME": "#f9a8d4", "SPECIALTY": "#e5e7eb",
    "LICENSURE": "#e5e7eb", "DECISION upheld": "#f3f4f6", "DECISION overturned": "#bbf7d0",
}
STYLE = (
    "body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}"
    "td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}"
)


def letter_page(doc: Doc, record: dict[str, Any]) -> str:
    """The review page of one letter: its decisions as a table, then every span over the text."""
    blocks = []
    for block in doc.spans.get("imr_decisions", []):
        blocks.append(Span(doc, block.start, block.end, label=f"DECISION {block._.outcome}"))
    doc.spans[REVIEW_KEY] = list(doc.spans.get("imr_entities", [])) + blocks
    try:
        markup = displacy.render(
            doc, style="span", page=False, options={"spans_key": REVIEW_KEY, "colors": COLORS}
        )
    finally:
        del doc.spans[REVIEW_KEY]
    rows = "".join(
        f"<tr><td>{d['index']}</td><td>{escape(d['item'])}</td><td>{escape(d['outcome'])}</td>"
        f"<td>{escape(d['category'])}</td><td>{escape(str(d['treatment']))}</td></tr>"
        for d in record["decisions"]
    )
    entity_rows = "".join(
        f"<tr><td>{escape(e['label'])}</td><td class='entity'>{escape(e['text'])}</td><td>{e['start']}-{e['end']}</td>"
        f"<td>{escape(_short(e['norm']))}</td><td>{'' if e['decision'] is None else e['decision']}</td>"
        f"<td>{escape(e['role'] or '')}</td></tr>"
        for e in record["entities"]
    )
    title = escape(record["id"])
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title><style>{STYLE}</style>"
        f"</head><body><p><a href='index.html'>index</a></p><h1>{title}</h1>"
        f"<table><tr><th>#</th><th>item</th><th>outcome</th><th>category</th><th>treatment</th></tr>{rows}</table>"
        f"<h2>Text</h2>{markup}<h2>Entities</h2><table><tr><th>label</th><th>text</th><th>offsets</th>"
        f"<th>normalized</th><th>decision</th><th>role</th></tr>{entity_rows}</table></body></html>"
    )


def _short(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items() if v not in (None, [], ""))
    return str(value)


def index_page(entries: list[tuple[str, str, int, int]]) -> str:
    """``entries``: (id, page file name, decisions, entities) per letter."""
    rows = "".join(
        f"<tr><td><a href='{escape(page, quote=True)}'>{escape(id_)}</a></td><td>{n_dec}</td><td>{n_ent}</td></tr>"
        for id_, page, n_dec, n_ent in entries
    )
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>imr_nlp review</title><style>{STYLE}</style>"
        f"</head><body><h1>imr_nlp review</h1><table><tr><th>letter</th><th>decisions</th><th>entities</th></tr>"
        f"{rows}</table></body></html>"
    )
