"""Find the decision blocks: one per disputed item, with its outcome and its parts.

No library segments IMR letters, so this is ours. The cues are rules in ``patterns/`` (outcome
markers, part headings, partial-authorization wording); this module only orders them:

* 2014+ letters ("fdl"): a header "<item>: Upheld|Overturned" that may span lines, followed by
  "Claims Administrator guideline:", "MAXIMUS guideline:" and "Decision rationale:" parts.
  The header starts at the first input line after the previous block's text ends a sentence.
* 2013 letters ("notice"): "... has determined the request for <item> is [not] medically
  necessary ..." (not = upheld), followed by the same three parts in the notice wording.
"""

from bisect import bisect_right
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import groups
from .matching import Cue, RuleComponent, line_start_tokens

PARTS = ("CLAIMS_ADMINISTRATOR_GUIDELINE", "MAXIMUS_GUIDELINE", "RATIONALE")
SENTENCE_END = {".", "!", "?"}
STRIP_TRAILING = {"is", "are", ",", ";", "-"}
MAX_ITEM_TOKENS = 80  # a numbered notice item longer than this is prose, not a header
HEAD_TOKENS = 400  # the letter's opening, where "MAXIMUS Federal Services" and the like stand
QUOTES = {'"', "'", "“", "”"}


class Header(NamedTuple):
    start: int  # first token of the block
    item_start: int
    item_end: int
    outcome_start: int  # the outcome wording: "Upheld", "is not medically necessary"
    end: int
    outcome: str
    layout: str


@Language.factory(
    "imr_decisions",
    default_config={
        "patterns": "decisions.jsonl",
        "spans_key": "imr_decisions",
        "parts_key": "imr_decision_parts",
        "sections_key": "imr_sections",
        "entities_key": "imr_entities",
    },
)
class Decisions(RuleComponent):
    """Blocks in ``doc.spans[spans_key]`` (label DECISION, ``_.outcome``, ``_.item``) and their
    parts in ``doc.spans[parts_key]`` (ITEM, CLAIMS_ADMINISTRATOR_GUIDELINE, MAXIMUS_GUIDELINE,
    RATIONALE, each with ``_.decision``); OUTCOME entities in ``doc.spans[entities_key]``; sets
    ``doc._.layout``, ``doc._.is_imr_letter`` (IMR wording found: without it no block is made, so a
    stray "Result: Upheld" in another text invents nothing) and ``doc._.complete`` (blocks found and
    the last one has its rationale, ending a sentence)."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        patterns: str,
        spans_key: str,
        parts_key: str,
        sections_key: str,
        entities_key: str,
    ) -> None:
        super().__init__(nlp, name, patterns=patterns, spans_key=spans_key)
        self.parts_key = parts_key
        self.sections_key = sections_key
        self.entities_key = entities_key

    def __call__(self, doc: Doc) -> Doc:
        region_start, region_end = self._region(doc)
        head = [(0, min(region_start, HEAD_TOKENS))] if region_start else []
        cues = self.match(doc, head + [(region_start, region_end)])
        doc._.is_imr_letter = any(c.label == "IMR_MARKER" for c in cues)
        if not doc._.is_imr_letter:
            doc.spans[self.spans_key] = []
            doc.spans[self.parts_key] = []
            doc._.complete = False
            return doc
        cues = [c for c in cues if region_start <= c.start]
        floor = max([region_start] + [c.end for c in cues if c.label == "INTRO"])
        lines = line_start_tokens(doc)
        fdl = self._fdl_headers(doc, cues, floor, lines)
        notice = self._notice_headers(doc, cues, floor, lines)
        headers = notice if len(notice) > len(fdl) else fdl
        blocks, parts, outcomes = [], [], []
        for index, header in enumerate(headers):
            end = headers[index + 1].start if index + 1 < len(headers) else region_end
            block = Span(doc, header.start, end, label="DECISION")
            block._.outcome = header.outcome
            block._.item = doc[header.item_start : header.item_end].text
            block._.original_request, block._.authorized = _partial_authorization(doc, cues, header)
            blocks.append(block)
            parts.append(_part(doc, "ITEM", header.item_start, header.item_end, index))
            parts.extend(self._parts(doc, cues, header.end, end, index))
            outcome = Span(doc, header.outcome_start, header.end, label="OUTCOME")
            outcome._.norm = header.outcome
            outcomes.append(outcome)
        groups.put(doc, self.spans_key, blocks)
        groups.add(doc, self.entities_key, outcomes)
        groups.put(doc, self.parts_key, parts)
        doc._.layout = headers[0].layout if headers else None
        doc._.complete = bool(blocks) and _ends_with_rationale(doc, parts)
        return doc

    def _region(self, doc: Doc) -> tuple[int, int]:
        """The decisions section, or the whole letter when it has no such heading."""
        sections = groups.spans(doc, self.sections_key)
        for section in sections:
            if section.label_ == "DECISIONS":
                return section.start, section.end
        return 0, len(doc)

    def _fdl_headers(self, doc: Doc, cues: list[Cue], floor: int, lines: list[int]) -> list[Header]:
        headers = []
        not_items = {c.end for c in cues if c.label == "NOT_ITEM"}  # "Final Determination: ..."
        for cue in cues:
            if cue.label != "OUTCOME" or cue.start < floor or cue.start + 1 in not_items:
                continue
            colon = cue.start
            start = _header_start(doc, colon, floor, lines)
            prefixes = [c.end for c in cues if c.label == "ITEM_PREFIX" and start <= c.start < colon]
            partial = [c for c in cues if c.label == "PARTIAL_START" and floor <= c.start < start]
            if prefixes and partial:  # "X was the original request. ... The remaining ... portion"
                start = _header_start(doc, partial[-1].start, floor, lines)
            item_start = max([start] + prefixes)
            item_start, item_end = _trim(doc, item_start, colon)
            headers.append(Header(start, item_start, item_end, cue.start + 1, cue.end, cue.id, "fdl"))
            next_outcome = _next_outcome(cues, cue.end)
            floor = max([cue.end] + [c.end for c in cues if c.label in PARTS and cue.end <= c.start < next_outcome])
        return headers

    def _notice_headers(self, doc: Doc, cues: list[Cue], floor: int, lines: list[int]) -> list[Header]:
        """"... has determined the request for <item> is [not] medically necessary", or a numbered
        line "2. <item> is [not] medically necessary" (the number must start an input line and
        the verdict close the same sentence)."""
        headers = []
        verdicts = [c for c in cues if c.label == "NOTICE_VERDICT"]
        line_set = set(lines)
        requests = [c for c in cues if c.label == "NOTICE_REQUEST"]
        for cue in cues:
            if cue.start < floor or cue.label not in ("NOTICE_REQUEST", "NOTICE_NUMBERED"):
                continue
            verdict = next((v for v in verdicts if v.start >= cue.end), None)
            if verdict is None:
                break
            if cue.label == "NOTICE_REQUEST" and _too_long(doc, cue.end, verdict.start):
                continue  # the verdict is another sentence's: the item ends with its own sentence
            if cue.label == "NOTICE_NUMBERED":
                in_request = any(r.start >= cue.end and r.end <= verdict.start for r in requests)
                ends = any(doc[i].text in SENTENCE_END for i in range(cue.end, verdict.start))
                if in_request or ends or cue.start not in line_set or verdict.start - cue.end > MAX_ITEM_TOKENS:
                    continue
            start = max(floor, lines[bisect_right(lines, cue.start) - 1] if lines else floor)
            headers.append(Header(start, cue.end, verdict.start, verdict.start, verdict.end, verdict.id, "notice"))
            floor = verdict.end
        return _last_statement_per_item(doc, headers)

    def _parts(self, doc: Doc, cues: list[Cue], start: int, end: int, index: int) -> list[Span]:
        """The first cue of each part label inside the block opens that part; it runs to the next."""
        firsts: dict[str, Cue] = {}
        for cue in cues:
            if cue.label in PARTS and start <= cue.start < end and cue.label not in firsts:
                firsts[cue.label] = cue
        ordered = sorted(firsts.values(), key=lambda c: c.start)
        bounds = [c.start for c in ordered[1:]] + [end]
        return [
            _part(doc, cue.label, cue.end, bound, index)
            for cue, bound in zip(ordered, bounds)
            if bound > cue.end
        ]


AUTHORIZING_VERBS = {"authorized", "certified", "approved", "modified", "allowed"}


def _partial_authorization(doc: Doc, cues: list[Cue], header: Header) -> tuple[str | None, str | None]:
    """"X was the original request. Y was authorized by the Claims Administrator. The remaining IMR
    eligible portion ..." (or "The Claims Administrator authorized Y, leaving ..."): X and Y as
    written; (None, None) when the header states no partial authorization."""
    partial = next((c for c in cues if c.label == "PARTIAL_START" and header.start <= c.start < header.item_start), None)
    if partial is None:
        return None, None
    original = doc[header.start : partial.start].text
    start = partial.end + (partial.end < len(doc) and doc[partial.end].text == ".")
    end = next((i for i in range(start, header.item_start) if doc[i].text == "."), header.item_start)
    sentence = [t for t in doc[start:end] if not t.is_space]
    verbs = [k for k, t in enumerate(sentence) if t.lower_ in AUTHORIZING_VERBS]
    if not verbs:
        return original, None
    k = verbs[0]
    if k > 0 and sentence[k - 1].lower_ in ("was", "were", "is", "are"):
        words = sentence[: k - 1]
    else:  # "The Claims Administrator authorized Y, leaving the original request IMR eligible"
        words = sentence[k + 1 :]
        stop = next((j for j, t in enumerate(words) if t.text == "," and j + 1 < len(words) and words[j + 1].lower_ == "leaving"), len(words))
        words = words[:stop]
    return original, doc[words[0].i : words[-1].i + 1].text if words else None


def _last_statement_per_item(doc: Doc, headers: list[Header]) -> list[Header]:
    """A notice states each determination twice when no decisions heading was found (the summary
    list, then the detailed block): keep the last statement of each item."""
    last: dict[str, int] = {}
    for i, header in enumerate(headers):
        last[doc[header.item_start : header.item_end].text.lower()] = i
    return [h for i, h in enumerate(headers) if i in last.values()]


def _too_long(doc: Doc, start: int, end: int) -> bool:
    """An item runs past its header sentence: a sentence ends inside it, or it is longer than any
    header ("... is notmedically necessary" lost would otherwise reach the next verdict)."""
    return end - start > MAX_ITEM_TOKENS or any(
        doc[i].text in SENTENCE_END and i + 1 < len(doc) and (doc[i + 1].is_title or doc[i + 1].is_space) for i in range(start, end)
    )


def _ends_with_rationale(doc: Doc, parts: list[Span]) -> bool:
    last = parts[-1]
    if last.label_ != "RATIONALE" or len(last) <= 3:
        return False
    for i in range(last.end - 1, last.start - 1, -1):  # the last character written (not ``last.text``: a rationale is long)
        if text := doc[i].text.rstrip():
            return text[-1] in ".!?)\"'”"
    return False


def _part(doc: Doc, label: str, start: int, end: int, index: int) -> Span:
    span = Span(doc, start, end, label=label)
    span._.decision = index
    return span


def _next_outcome(cues: list[Cue], after: int) -> int:
    return next((c.start for c in cues if c.label == "OUTCOME" and c.start >= after), 10**9)


def _header_start(doc: Doc, token: int, floor: int, lines: list[int]) -> int:
    """The first token of the header that contains ``token``.

    Walk back over input lines while the line above does not end a sentence; without line
    breaks (a one-line text), fall back to the token after the last sentence end.
    """
    k = bisect_right(lines, token) - 1
    if k < 0 or lines[k] <= floor:
        return _after_sentence_end(doc, floor, token)
    while k > 0 and lines[k - 1] >= floor:
        last = _last_word(doc, lines[k - 1], lines[k])
        if last is None or doc[last].text[-1] in SENTENCE_END:
            break
        k -= 1
    return max(lines[k], floor)


def _last_word(doc: Doc, start: int, end: int) -> int | None:
    for i in range(end - 1, start - 1, -1):
        if not doc[i].is_space:
            return i
    return None


def _after_sentence_end(doc: Doc, floor: int, token: int) -> int:
    for i in range(token - 1, floor - 1, -1):
        if doc[i].text in SENTENCE_END and i + 1 < len(doc) and doc[i + 1].is_title:
            return i + 1
    return floor


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop a trailing "is" or comma and wrapping quotes from an item."""
    while end > start and (doc[end - 1].lower_ in STRIP_TRAILING or doc[end - 1].text in QUOTES):
        end -= 1
    while start < end and doc[start].text in QUOTES:
        start += 1
    return start, end
