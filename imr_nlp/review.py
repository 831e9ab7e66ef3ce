"""Review pages: one page per letter and one index of the run, readable offline.

A letter's page shows the text as written (displaCy's ``ent`` style over ``doc.ents``, drawn on the
input text so its line breaks stay) and, one click away, displaCy's ``span`` style over the
overlapping ``imr_entities``; above them the record, its decisions and a legend that filters labels.
Letter text is untrusted: displaCy escapes what it draws and we escape the rest; a
Content-Security-Policy lets only the page's own script run and stops any request from leaving.
"""
from __future__ import annotations

import base64
import hashlib
import os
import re
from bisect import bisect_right
from collections import Counter
from functools import lru_cache
from html import escape
from importlib.resources import files
from pathlib import Path
from typing import Any, Callable, Iterable, NamedTuple, TypeVar
from urllib.parse import quote

import numpy
from spacy.attrs import ENT_IOB, ENT_TYPE, IDX, LENGTH, ORTH
from spacy.tokens import Doc

from . import groups
from .extensions import doc_value
from .labels import LABEL_COLORS, LABELS
from .span_markup import render_ents, render_spans
from .splits import page_name
from .text import to_input

ENT_TEMPLATE = '<mark class="ent" data-label="{label}" style="background: {bg}">{text}<span class="tag">{label}</span></mark>'
SPAN_TEMPLATES = {
    "span": '<span style="font-weight: bold; display: inline-block; position: relative; height: {total_height}px;">'
    "{text}{span_slices}{span_starts}</span> ",
    "slice": '<span style="background: {bg}; top: {top_offset}px; height: 4px; left: -1px; width: calc(100% + 2px); position: absolute;"></span>',
    "start": '<span data-label="{label}" style="background: {bg}; top: {top_offset}px; height: 4px; left: -1px; '
    'width: calc(100% + 2px); position: absolute;"><span class="tag" style="background: {bg}">{label}{kb_link}</span></span>',
}
T = TypeVar("T")
DISPLACY_COLORS = {label: f"var(--c-{label})" for label in LABELS}


class Block(NamedTuple):
    """A decision block: [start, end) in characters of the input or in tokens of the doc."""

    start: int
    end: int
    index: int
    outcome: str


@lru_cache(maxsize=1)
def _assets() -> tuple[str, str, str]:
    """(style, script, Content-Security-Policy): the script is allowed by its hash alone, so markup
    that slipped into a page could not run even if escaping failed."""
    package = files("imr_nlp")
    script = (package / "review.js").read_text(encoding="utf-8")
    colors = "".join(f"--c-{label}:{color};" for label, color in LABEL_COLORS.items())
    hiding = "".join(
        f".hide-{label}{{--c-{label}:transparent}}"
        f'.hide-{label} [data-label="{label}"] .tag,.hide-{label} .spans [data-label="{label}"],'
        f'.hide-{label} tr[data-label="{label}"]{{display:none}}'
        for label in LABELS
    )
    style = f":root{{{colors}}}" + (package / "review.css").read_text(encoding="utf-8") + hiding
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    policy = (
        f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    return style, script, policy


def _page(title: str, body: str) -> str:
    style, script, policy = _assets()
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<meta http-equiv='Content-Security-Policy' content=\"{policy}\">"
        f"<meta name='viewport' content='width=device-width'><title>{escape(title)}</title>"
        f"<style>{style}</style></head><body>{body}<script>{script}</script></body></html>"
    )


def letter_page(doc: Doc, record: dict[str, Any], text: str) -> str:
    """The review page of one letter; ``text`` is the input as read (the record's offsets)."""
    counts = Counter(e["label"] for e in record["entities"])
    blocks = [Block(d["start"], d["end"], d["index"], d["outcome"]) for d in record["decisions"]]
    ents = _ent_offsets(doc)
    body = (
        f"<p><a href='index.html'>index</a></p><h1>{escape(record['id'])}</h1>"
        f"<p class='muted'>{escape(str(record['source']))}</p>{_record_facts(record)}"
        f"<h2>Decisions</h2>{_decisions_table(record['decisions'])}"
        f"<h2>Text</h2>{_legend(counts)}"
        "<p class='switch'><button type='button' data-view='text-view' aria-pressed='true'>Text as written</button> "
        "<button type='button' data-view='spans-view' aria-pressed='false'>All spans (overlapping)</button> "
        f"<span class='muted'>{len(ents)} of {len(record['entities'])} entities do not overlap and show in the "
        "text; the span view shows them all over the tokens.</span></p>"
        f"<div id='text-view' class='view text'>{_text_view(doc, ents, text, blocks)}</div>"
        f"<div id='spans-view' class='view text' hidden></div>"
        f"<template id='spans-view-template'>{_spans_view(doc, record)}</template>"
        f"<h2>Entities</h2>{_entities_table(record['entities'])}"
    )
    return _page(record["id"], body)


def _record_facts(record: dict[str, Any]) -> str:
    patient, dates, reviewer = record["patient"], record["dates"], record["reviewer"]
    facts = [
        ("case number", record["case_number"]), ("priority", record["priority"]), ("layout", record["layout"]),
        ("patient", " ".join(str(v) for v in (patient["age"], patient["sex"]) if v is not None) or None),
        *((f"{name.replace('_', ' ')} date", value) for name, value in dates.items()),
        ("reviewer", "; ".join(reviewer["specialties"]) or None), ("licensure", ", ".join(reviewer["licensure"]) or None),
        ("diagnoses", "; ".join(
            f"{name} ({code})" if code else name
            for name, code in zip(record["diagnoses"], record.get("diagnosis_codes") or [None] * len(record["diagnoses"]))
        ) or None),
    ]
    rows = "".join(f"<dt>{escape(name)}</dt><dd>{'—' if value is None else escape(str(value))}</dd>" for name, value in facts)
    flags = "".join(
        f"<dt>{name}</dt><dd>{_yes_no(record[key])}</dd>" for key, name in (("is_imr_letter", "IMR letter"), ("complete", "complete"))
    )
    return f"<dl class='record'>{rows}{flags}</dl>"


def _decisions_table(decisions: list[dict[str, Any]]) -> str:
    if not decisions:
        return "<p class='muted'>No decision found.</p>"
    rows = "".join(
        f"<tr><td>{d['index'] + 1}</td><td><a href='#block-{d['index']}' data-block='{d['index']}'>{escape(d['item'] or '')}</a></td>"
        f"<td class='outcome-{escape(d['outcome'])}'>{escape(d['outcome'])}</td><td>{escape(d['category'])}</td>"
        f"<td>{escape(d['treatment'] or '')}</td><td>{escape(_short(d['frequency']))}</td><td class='citations'>{_citations(d['guidelines'])}</td></tr>"
        for d in decisions
    )
    return (
        "<table><thead><tr><th>#</th><th>item</th><th>outcome</th><th>category</th><th>treatment</th><th>frequency</th>"
        f"<th>guidelines cited</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _citations(guidelines: dict[str, list[dict]]) -> str:
    parts = []
    for party, citations in guidelines.items():
        for c in citations:
            where = ", ".join(
                piece for piece in (
                    c.get("chapter") and f"chapter {c['chapter']}",
                    c.get("pages") and "p. " + ", ".join(map(str, c["pages"])),
                    c.get("sections") and "section " + ", ".join(c["sections"]),
                ) if piece
            )
            title = " ".join(str(v) for v in (c["source"], c.get("title")) if v)
            topic = f": {c['topic']}" if c.get("topic") else ""
            parts.append(f"<span class='muted'>{escape(party.replace('_', ' '))}</span> {escape(title)}"
                         f"{escape(f' ({where})' if where else '')}{escape(topic)}")
    return "<br>".join(parts)


def _legend(counts: Counter) -> str:
    chips = "".join(
        f"<label class='{'' if counts[label] else 'none'}' style='background:{LABEL_COLORS[label]}'>"
        f"<input type='checkbox' checked data-label='{label}'> {label} {counts[label]}</label>"
        for label in LABELS
    )
    return f"<div class='legend'>{chips}</div>"


def _segments(length: int, blocks: list[Block]) -> list[tuple[int, int, Block | None]]:
    """[start, end) pieces covering 0..length: the decision blocks and the text between them."""
    pieces, at = [], 0
    for block in sorted(blocks):
        start, end = max(block.start, at), block.end
        if start > at:
            pieces.append((at, start, None))
        if end > start:
            pieces.append((start, end, block))
            at = end
    if at < length:
        pieces.append((at, length, None))
    return pieces


def _by_segment(segments: list[tuple[int, int, Block | None]], items: list[T], start: Callable[[T], int]) -> list[list[T]]:
    """``items`` in the segment their start falls in, in their order (the segments cover 0..length in order)."""
    starts = [a for a, _, _ in segments]
    grouped: list[list[T]] = [[] for _ in segments]
    for item in items:
        grouped[bisect_right(starts, start(item)) - 1].append(item)
    return grouped


def _block(markup: str, block: Block | None, *, anchor: bool) -> str:
    """A decision block's markup framed and captioned; the text view's carries the anchor rows link to."""
    if block is None:
        return markup
    caption = escape(f"Decision {block.index + 1}: {block.outcome}", quote=True)
    id_ = f" id='block-{block.index}'" if anchor else ""
    return (f"<section{id_} class='block outcome-{escape(block.outcome)}' data-block='{block.index}' "
            f"data-caption=\"{caption}\">{markup}</section>")


def _ent_offsets(doc: Doc) -> list[tuple[int, int, str]]:
    """(start_char, end_char, label) of each of ``doc.ents``, read from the token columns
    (``doc.ents`` makes a Span per entity and a Token per token: a tenth of a page's time)."""
    iob, types, starts, lengths = doc.to_array([ENT_IOB, ENT_TYPE, IDX, LENGTH]).T
    first = numpy.flatnonzero(iob == 3)  # B: an entity begins
    not_inside = numpy.append(numpy.flatnonzero(iob != 1), len(doc))  # where an entity has ended
    last = not_inside[numpy.searchsorted(not_inside, first, side="right")] - 1
    strings = doc.vocab.strings
    return [
        (start, end, strings[label])
        for start, end, label in zip(starts[first].tolist(), (starts[last] + lengths[last]).tolist(), types[first].tolist())
    ]


def _text_view(doc: Doc, ents: list[tuple[int, int, str]], text: str, blocks: list[Block]) -> str:
    """displaCy's ``ent`` style over the input text (``ents`` in the doc's characters), one piece
    per decision block."""
    offset_map = doc_value(doc, "offset_map")
    ents = [(*to_input(offset_map, start, end), label) for start, end, label in ents]
    segments = _segments(len(text), blocks)
    out = []
    for (start, end, block), inside_ents in zip(segments, _by_segment(segments, ents, lambda e: e[0])):
        inside = [{"start": s - start, "end": min(e, end) - start, "label": _escaped_name(label)} for s, e, label in inside_ents]
        markup = render_ents(text[start:end], inside, {"colors": DISPLACY_COLORS, "template": ENT_TEMPLATE})
        out.append(_block(markup, block, anchor=True))
    return "".join(out)


def _spans_view(doc: Doc, record: dict[str, Any]) -> str:
    """displaCy's ``span`` style over the tokens: every entity, overlaps included (rendered by
    ``span_markup``, displaCy's renderer in linear time)."""
    spans = groups.labelled(doc, "imr_entities")
    decisions = {d["index"]: d["outcome"] for d in record["decisions"]}
    blocks = [Block(b.start, b.end, i, decisions.get(i, "")) for i, b in enumerate(groups.spans(doc, "imr_decisions"))]
    strings = doc.vocab.strings
    tokens = [strings[orth] for orth in doc.to_array(ORTH).tolist()]
    segments = _segments(len(doc), blocks)
    out = []
    for (start, end, block), inside_spans in zip(segments, _by_segment(segments, spans, lambda s: s[0].start)):
        inside = [
            {"start_token": s.start - start, "end_token": min(s.end, end) - start, "label": _escaped_name(label)}
            for s, label in inside_spans
        ]
        markup = render_spans(tokens[start:end], inside, {"colors": DISPLACY_COLORS, "template": SPAN_TEMPLATES})
        out.append(_block(markup, block, anchor=False))
    return "".join(out)


def _entities_table(entities: list[dict[str, Any]]) -> str:
    rows = "".join(
        f"<tr data-label='{_escaped_name(e['label'])}'><td>{_escaped_name(e['label'])}</td><td class='entity'>{escape(e['text'])}</td>"
        f"<td>{e['start']}-{e['end']}</td><td>{escape(_short(e['norm']))}</td>"
        f"<td>{'' if e['decision'] is None else e['decision'] + 1}</td><td>{_escaped_name(e['role'] or '')}</td></tr>"
        for e in entities
    )
    return (
        "<details><summary>every entity with its normalized value and the decision it belongs to</summary>"
        "<table><thead><tr><th>label</th><th>text</th><th>offsets</th><th>normalized</th><th>decision</th><th>role</th></tr>"
        f"</thead><tbody>{rows}</tbody></table></details>"
    )


# ``escape`` of the few distinct names (labels, roles) written at every entity, kept.
_escaped_name = lru_cache(maxsize=1024)(escape)


def _short(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items() if v not in (None, [], ""))
    return str(value)


def index_entry(record: dict[str, Any]) -> dict[str, Any]:
    """What the index shows of a letter: small, so a large run's index is built in little memory."""
    return {
        "id": record["id"],
        "case_number": record["case_number"],
        "layout": record["layout"],
        "complete": record["complete"],
        "is_imr_letter": record["is_imr_letter"],
        "decisions": [(d["outcome"], d["category"], d["item"]) for d in record["decisions"]],
        "labels": Counter(e["label"] for e in record["entities"]),
    }


def index_page(entries: Iterable[dict[str, Any]], errors: Iterable[dict[str, Any]], review_dir: Path) -> str:
    """The run's index: every letter (``index_entry``) and every input that failed (``errors.jsonl``
    lines, each linking to its input file)."""
    entries, errors = list(entries), list(errors)
    letter_rows = "".join(_letter_row(entry) for entry in entries)
    error_rows = "".join(
        f"<tr id='error-{n}'><td>{escape(e['id'])}</td><td>{_input_link(e['path'], review_dir)}</td><td>{escape(e['error'])}</td></tr>"
        for n, e in enumerate(errors)
    )
    outcomes = Counter(outcome for entry in entries for outcome, _, _ in entry["decisions"])
    summary = (
        f"{len(entries)} letters, {sum(outcomes.values())} decisions ({outcomes['upheld']} upheld, "
        f"{outcomes['overturned']} overturned), <a href='#errors'>failed inputs: {len(errors)}</a>"
    )
    heads = "".join(
        f"<th data-sort-key='{kind}'>{name}</th>"
        for name, kind in (("letter", "text"), ("case number", "text"), ("layout", "text"), ("IMR letter", "text"),
                           ("complete", "text"), ("decisions", "number"), ("outcomes", "text"), ("categories", "text"),
                           ("entities", "number"))
    )
    body = (
        f"<h1>imr_nlp review</h1><p>{summary}</p>"
        "<input id='search' class='search' type='search' placeholder='Search letters and errors' aria-label='search'> "
        f"<span class='muted'><span id='shown'>{len(entries)}</span> letters shown; click a heading to sort</span>"
        f"<table id='letters' class='sortable searchable'><thead><tr>{heads}</tr></thead><tbody>{letter_rows}</tbody></table>"
        f"<h2 id='errors'>Inputs that failed ({len(errors)})</h2>"
        "<table id='failed' class='sortable searchable'><thead><tr><th data-sort-key='text'>id</th>"
        "<th data-sort-key='text'>input</th><th data-sort-key='text'>error</th></tr></thead>"
        f"<tbody>{error_rows}</tbody></table>"
    )
    return _page("imr_nlp review", body)


def _letter_row(entry: dict[str, Any]) -> str:
    decisions = entry["decisions"]
    outcomes = " ".join(f"<span class='pill outcome-{escape(o)}'>{escape(o)}</span>" for o, _, _ in decisions)
    categories = ", ".join(escape(c) for _, c, _ in decisions)
    items = escape("; ".join(item or "" for _, _, item in decisions), quote=True)
    labels = escape(", ".join(f"{label} {n}" for label, n in sorted(entry["labels"].items())), quote=True)
    return (
        f"<tr><td><a href='{escape(page_name(entry['id']), quote=True)}'>{escape(entry['id'])}</a></td>"
        f"<td>{escape(entry['case_number'] or '')}</td><td>{escape(entry['layout'] or '')}</td>"
        f"<td>{_yes_no(entry['is_imr_letter'])}</td><td>{_yes_no(entry['complete'])}</td><td>{len(decisions)}</td>"
        f"<td title=\"{items}\">{outcomes}</td><td>{categories}</td>"
        f"<td title=\"{labels}\">{sum(entry['labels'].values())}</td></tr>"
    )


def _yes_no(value: bool) -> str:
    return "yes" if value else "<span class='flag-no'>no</span>"


def _input_link(path: str, review_dir: Path) -> str:
    """The failed input, linked relative to the review folder when it is a file (a .jsonl line
    ``batch.jsonl:7`` links to its batch)."""
    batch = re.fullmatch(r"(.+\.jsonl):\d+", path)
    file = Path(batch[1] if batch else path)
    if not file.is_file():
        return escape(path)
    href = quote(Path(os.path.relpath(file.resolve(), review_dir.resolve())).as_posix())
    return f"<a href='{escape(href, quote=True)}'>{escape(path)}</a>"
