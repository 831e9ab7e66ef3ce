"""displaCy's ``ent`` and ``span`` markup, as ``displacy.render(..., manual=True)`` returns it, faster.

displaCy's ``SpanRenderer`` checks every span at every token (``_assemble_per_token_info``), which
made the review pages about a third of ``annotate``'s time on letters with many entities. This
renderer is displaCy's own with that step done over the spans covering each token only, and the
tokens outside every span escaped a run at a time.
``displacy.render`` also makes a renderer per call, and making one reads displaCy's colour
registry, entry points included (about 0.3 ms); the renderers here are made once per options.
The markup is the same (``tests/test_review_pages.py`` compares them).
"""
from __future__ import annotations

import json
from typing import Any

from spacy.displacy.render import TPL_KB_LINK, EntityRenderer, SpanRenderer
from spacy.util import escape_html


class LinearSpanRenderer(SpanRenderer):
    @staticmethod
    def _assemble_per_token_info(tokens: list[str], spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """What ``SpanRenderer._assemble_per_token_info`` returns: per token, its text and the
        spans over it in displaCy's stacking order, each with its vertical slot."""
        spans = sorted(spans, key=lambda s: (s["start_token"], -(s["end_token"] - s["start_token"]), s["label"]))
        starting: dict[int, list[dict[str, Any]]] = {}
        for span in spans:
            starting.setdefault(span["start_token"], []).append(span)
        active: list[dict[str, Any]] = []  # the spans over the token, in sorted order
        per_token_info = []
        for idx, token in enumerate(tokens):
            if active:
                active = [s for s in active if idx < s["end_token"]]
            if idx in starting:
                active = active + [s for s in starting[idx] if idx < s["end_token"]]
            if not active:  # most tokens
                per_token_info.append({"text": token, "entities": []})
                continue
            entities = []
            for k, span in enumerate(active):
                is_start = idx == span["start_token"]
                if is_start:
                    span["render_slot"] = (active[k - 1]["render_slot"] if k else 0) + 1
                kb_id = span.get("kb_id", "")
                entities.append({
                    "label": span["label"],
                    "is_start": is_start,
                    "render_slot": span["render_slot"],
                    "kb_link": TPL_KB_LINK.format(kb_id=kb_id, kb_url=span.get("kb_url", "#")) if kb_id else "",
                })
            per_token_info.append({"text": token, "entities": entities})
        return per_token_info

    def _render_markup(self, per_token_info: list[dict[str, Any]]) -> str:
        """``SpanRenderer._render_markup``, with each run of tokens outside every span escaped in
        one piece (escaping is character by character, so the markup is the same) and the span
        slices and starts made once for each distinct stack of spans over a token (a long span's
        inner tokens share one)."""
        out: list[str] = []
        plain: list[str] = []
        stacks: dict[tuple, tuple[str, str, int]] = {}
        for token in per_token_info:
            entities = token["entities"]
            if entities and token["text"].strip() != "":
                if plain:
                    out.append(escape_html("".join(plain)))
                    plain = []
                key = tuple((e["label"], e["is_start"], e["render_slot"], e["kb_link"]) for e in entities)
                stack = stacks.get(key)
                if stack is None:
                    height = self.top_offset + self.span_label_offset + self.offset_step * (len(entities) - 1)
                    stack = stacks[key] = (self._get_span_slices(entities), self._get_span_starts(entities), height)
                out.append(self.span_template.format(
                    text=escape_html(token["text"]), span_slices=stack[0], span_starts=stack[1], total_height=stack[2],
                ))
            else:
                plain.append(token["text"] + " ")
        if plain:
            out.append(escape_html("".join(plain)))
        return "".join(out)


_renderers: dict[tuple[type, str], Any] = {}


def _renderer(kind: type, options: dict[str, Any]) -> Any:
    key = (kind, json.dumps(options, sort_keys=True))
    if key not in _renderers:
        _renderers[key] = kind(options=options)
    return _renderers[key]


def render_spans(tokens: list[str], spans: list[dict[str, Any]], options: dict[str, Any]) -> str:
    """``displacy.render({"text": "", "tokens": tokens, "spans": spans}, style="span",
    manual=True, options=options)``, through ``LinearSpanRenderer``."""
    return _renderer(LinearSpanRenderer, options).render([{"text": "", "tokens": tokens, "spans": spans}]).strip()


def render_ents(text: str, ents: list[dict[str, Any]], options: dict[str, Any]) -> str:
    """``displacy.render({"text": text, "ents": ents}, style="ent", manual=True, options=options)``."""
    parsed = {"text": text, "ents": sorted(ents, key=lambda e: (e["start"], e["end"]))}
    return _renderer(EntityRenderer, options).render([parsed]).strip()
