"""Normalize letter text for matching, keeping a map back to the input offsets.

PDF extraction leaves blank lines between lines, trailing spaces, words hyphenated over line breaks
and sentences run together ("radiculopathy.5/5/14"). spaCy turns every whitespace run other than a
single space into a token, which would split phrases like "lumbar\\n\\nspine" and defeat the
PhraseMatcher. So the doc text is the input with each whitespace run collapsed to one space (none at
a line-break hyphen, none at the ends) and a space inserted where a sentence was run into the next.
No visible character is dropped or changed, and ``to_input`` maps any doc offset back to the input.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

# One alternation so a single scan finds every edit: a hyphen that ends a line before a word
# ("anterior-\n\nposterior"), a whitespace run that is not already one plain space between
# words (those, most of a letter's whitespace, need no edit: skipping them halves the scan), and
# a missing space after a sentence end.
_EDITS = re.compile(
    r"(?P<hyphen>(?<=[^\W_])-[ \t]*[\r\n\f\v][\s]*(?=[^\W_]))"
    r"|(?P<space>\A\s+|\s+\Z|[^\S ]\s*| \s+)"
    r"|(?P<join>(?<=[a-z%)][.])(?=[A-Z0-9]))"
)
_LINE_BREAK = re.compile(r"[\r\n\f\v\u2028\u2029]")


class Normalized(NamedTuple):
    text: str
    offset_map: list[int]  # flat breakpoints: norm_0, raw_0, norm_1, raw_1, ...
    line_starts: list[int]  # doc offsets where an input line began


def normalize(raw: str) -> Normalized:
    """Collapse whitespace, join line-break hyphens and split run-together sentences."""
    out: list[str] = []
    offset_map: list[int] = [0, 0]
    line_starts: list[int] = [0]
    norm_len = 0
    last = 0
    for match in _EDITS.finditer(raw):
        start, end = match.span()
        out.append(raw[last:start])
        norm_len += start - last
        kind = match.lastgroup
        if kind == "hyphen":
            out.append("-")
            norm_len += 1
            offset_map += [norm_len, end]
        elif kind == "space":
            at_edge = start == 0 or end == len(raw)
            if not at_edge:
                out.append(" ")
                norm_len += 1
            if start == 0:
                offset_map = [0, end]
            elif at_edge or raw[start:end] != " ":
                offset_map += [norm_len, end]
            if 0 < start and end < len(raw) and _LINE_BREAK.search(raw, start, end):
                line_starts.append(norm_len)
        else:  # join: a space the input lacks
            out.append(" ")
            norm_len += 1
            offset_map += [norm_len, end]
        last = end
    out.append(raw[last:])
    return Normalized("".join(out), offset_map, line_starts)


def to_input(offset_map: list[int], start: int, end: int) -> tuple[int, int]:
    """Map a non-empty [start, end) range of the doc text to the input text."""
    norms = offset_map[0::2]

    def point(pos: int) -> int:
        i = bisect_right(norms, pos) - 1
        return offset_map[2 * i + 1] + pos - offset_map[2 * i]

    return point(start), point(end - 1) + 1


def to_doc(offset_map: list[int], start: int, end: int) -> tuple[int, int]:
    """Map a non-empty [start, end) range of the input to the doc text (``to_input``'s inverse); a
    bound in whitespace that normalization dropped moves to the next character kept."""
    raws = offset_map[1::2]

    def point(pos: int) -> int:
        i = max(bisect_right(raws, pos) - 1, 0)
        norm = offset_map[2 * i] + max(pos - offset_map[2 * i + 1], 0)
        return min(norm, offset_map[2 * i + 2]) if 2 * i + 2 < len(offset_map) else norm

    return point(start), point(end - 1) + 1
