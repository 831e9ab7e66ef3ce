"""displaCy's ``ent`` and ``span`` markup, as ``displacy.render(..., manual=True)`` returns it, faster.

displaCy's ``SpanRenderer`` checks every span at every token (``_assemble_per_token_info``), which
made the review pages about a third of ``annotate``'s time on letters with many entities. This
renderer is displaCy's own with that step done over the spans covering each token only, in the
same pass as the markup, and the tokens outside every span escaped a run at a time; its
``EntityRenderer`` escapes the text between entities in one piece, not line by line.
``displacy.render`` also makes a renderer per call, and making one reads displaCy's colour
registry, entry points included (about 0.3 ms); the renderers here are made once per options.
The markup is the same (``tests/test_review_pages.py`` compares them).
"""
from __future__ import annotations

import copy
from typing import Any

from spacy.displacy.render import TPL_KB_LINK, EntityRenderer, SpanRenderer
from spacy.displacy.templates import TPL_ENTS, TPL_SPANS, TPL_TITLE
from spacy.util import escape_html


class LinearSpanRenderer(SpanRenderer):
    def __init__(self, options: dict[str, Any] | None = None) -> None:
        super().__init__(options or {})
        self.stacks: dict[tuple, tuple[str, str]] = {}  # see ``_stacks``

    def render_spans(self, tokens: list[str], spans: list[dict[str, Any]], title: str | None) -> str:
        """``SpanRenderer.render_spans``, its markup made in one pass over the tokens."""
        markup = TPL_SPANS.format(content=self._markup(tokens, spans), dir=self.direction)
        return TPL_TITLE.format(title=title) + markup if title else markup

    def _markup(self, tokens: list[str], spans: list[dict[str, Any]]) -> str:
        """What ``_render_markup(_assemble_per_token_info(tokens, spans))`` returns, keeping per
        token only the spans over it (displaCy tests every span at every token) in displaCy's
        stacking order, each given its vertical slot where it starts; the tokens up to the next
        span's start joined and escaped in one piece, and the markup around a token made once for each
        distinct stack of spans over it (a long span's inner tokens share one, found by the
        spans' identity where none starts)."""
        starting: dict[int, list[dict[str, Any]]] = {}
        for span in sorted(spans, key=lambda s: (s["start_token"], -(s["end_token"] - s["start_token"]), s["label"])):
            starting.setdefault(span["start_token"], []).append(span)
        active: list[dict[str, Any]] = []  # the spans over the token, in sorted order
        stacks = self._stacks()  # the stack's values -> the markup before and after a token
        continuing: dict[tuple, tuple[str, str]] = {}  # the same, by the spans' identity, none starting
        escaped: dict[str, str] = {}
        out: list[str] = []
        plain: list[str] = []
        upcoming = sorted(starting, reverse=True)  # where spans start, next last
        idx, length = 0, len(tokens)
        while idx < length:
            if not active:  # up to the next span's start every token is plain: one join
                while upcoming and upcoming[-1] < idx:
                    upcoming.pop()
                following = upcoming[-1] if upcoming else length
                if following > idx:
                    plain.append(" ".join(tokens[idx:following]) + " ")
                    idx = following
                    continue
            token = tokens[idx]
            if active:
                active = [s for s in active if idx < s["end_token"]]
            starts_here = idx in starting
            if starts_here:
                active = active + [s for s in starting[idx] if idx < s["end_token"]]
                for k, span in enumerate(active):
                    if span["start_token"] == idx:
                        span["render_slot"] = (active[k - 1]["render_slot"] if k else 0) + 1
            if not active or token.strip() == "":
                plain.append(token + " ")
                idx += 1
                continue
            if plain:
                out.append(escape_html("".join(plain)))
                plain = []
            identity = None if starts_here else tuple(map(id, active))
            around = continuing.get(identity) if identity else None
            if around is None:
                key = tuple((s["label"], s["start_token"] == idx, s["render_slot"], s.get("kb_id", ""), s.get("kb_url", "#")) for s in active)
                around = stacks.get(key)
                if around is None:
                    around = stacks[key] = self._around(key)
                if identity:
                    continuing[identity] = around
            text = escaped.get(token)
            if text is None:
                text = escaped[token] = escape_html(token)
            out.append(around[0] + text + around[1])
            idx += 1
        if plain:
            out.append(escape_html("".join(plain)))
        return "".join(out)

    def _stacks(self) -> dict[tuple, tuple[str, str]]:
        """The markup around a token for each stack of spans seen, kept across calls (most stacks
        recur on every page) up to ``MAX_STACKS``."""
        if len(self.stacks) > MAX_STACKS:
            self.stacks.clear()
        return self.stacks

    def _around(self, key: tuple) -> tuple[str, str]:
        """The span template's markup before and after a token's text, for a stack of spans (the
        template holds ``{text}`` once, as displaCy's does)."""
        entities = [{"label": label, "is_start": is_start, "render_slot": slot,
                     "kb_link": TPL_KB_LINK.format(kb_id=kb_id, kb_url=kb_url) if kb_id else ""}
                    for label, is_start, slot, kb_id, kb_url in key]
        height = self.top_offset + self.span_label_offset + self.offset_step * (len(entities) - 1)
        before, _, after = self.span_template.format(
            text=TEXT_MARK, span_slices=self._get_span_slices(entities), span_starts=self._get_span_starts(entities),
            total_height=height,
        ).partition(TEXT_MARK)
        return before, after


MAX_STACKS = 20_000
# Stands for a token's text in the span template, split around it.
TEXT_MARK = "\x00"


class LinearEntityRenderer(EntityRenderer):
    def render_ents(self, text: str, spans: list[dict[str, Any]], title: str | None) -> str:
        """``EntityRenderer.render_ents``, the text between entities escaped in one piece with its
        line breaks made ``<br>`` after (displaCy splits it at each break, escapes every line and
        grows the markup one string at a time: the same markup, as escaping leaves breaks alone)."""
        out = []
        offset = 0
        for span in spans:
            label, start, end = span["label"], span["start"], span["end"]
            kb_id = span.get("kb_id", "")
            out.append(escape_html(text[offset:start]).replace("\n", "<br>"))
            entity = escape_html(text[start:end])
            if self.ents is None or label.upper() in self.ents:
                settings = {
                    "label": label, "text": entity, "bg": self.colors.get(label.upper(), self.default_color),
                    "kb_link": TPL_KB_LINK.format(kb_id=kb_id, kb_url=span.get("kb_url", "#")) if kb_id else "",
                }
                settings.update(span.get("params", {}))
                out.append(self.ent_template.format(**settings))
            else:
                out.append(entity)
            offset = end
        out.append(escape_html(text[offset:]).replace("\n", "<br>"))
        markup = TPL_ENTS.format(content="".join(out), dir=self.direction)
        return TPL_TITLE.format(title=title) + markup if title else markup


# The renderers made, each with (a copy of) its options: making one reads displaCy's colour
# registry, entry points included (about 0.3 ms); a key made of the options' JSON cost about 10 us
# a call, comparing with the few options used costs less.
_renderers: list[tuple[type, dict[str, Any], Any]] = []


def _renderer(kind: type, options: dict[str, Any]) -> Any:
    for made_kind, made_options, renderer in _renderers:
        if made_kind is kind and made_options == options:
            return renderer
    renderer = kind(options=options)
    _renderers.append((kind, copy.deepcopy(options), renderer))
    return renderer


def render_spans(tokens: list[str], spans: list[dict[str, Any]], options: dict[str, Any]) -> str:
    """``displacy.render({"text": "", "tokens": tokens, "spans": spans}, style="span",
    manual=True, options=options)``, through ``LinearSpanRenderer``."""
    return _renderer(LinearSpanRenderer, options).render([{"text": "", "tokens": tokens, "spans": spans}]).strip()


def render_ents(text: str, ents: list[dict[str, Any]], options: dict[str, Any]) -> str:
    """``displacy.render({"text": text, "ents": ents}, style="ent", manual=True, options=options)``."""
    parsed = {"text": text, "ents": sorted(ents, key=lambda e: (e["start"], e["end"]))}
    return _renderer(LinearEntityRenderer, options).render([parsed]).strip()
