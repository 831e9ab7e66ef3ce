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

# One scan finds every edit: a hyphen that ends a line before a word ("anterior-\n\nposterior"),
# a whitespace run that is not already one plain space between words (those, most of a letter's
# whitespace, need no edit), and a missing space after a sentence end (the match is the period;
# the edit is after it). Every edit starts at a "-", "." or whitespace character, and the pattern
# begins with that character class so that the regex engine skips the other characters at once
# (an alternation of lookbehinds made it try each branch at every character: 8x slower).
_EDITS = re.compile(
    r"[-.\s](?:"
    r"(?<=[^\W_]-)[ \t]*[\r\n\f\v]\s*(?=[^\W_])"  # after a "-": the line-break hyphen
    r"|(?<=[a-z%)]\.)(?=[A-Z0-9])"  # after a ".": a sentence run into the next
    r"|(?<=\s)(?:\s*\Z|(?<! )\s*|\s+)"  # after whitespace: to the end, or not one plain space
    r")"
)
_LEADING = re.compile(r"\s+")
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
    leading = _LEADING.match(raw)
    if leading:
        last = leading.end()
        offset_map = [0, last]
    for match in _EDITS.finditer(raw, last):
        start, end = match.span()
        kind = raw[start]
        if kind == ".":  # the edit is the space missing after the period
            start = end
        out.append(raw[last:start])
        norm_len += start - last
        if kind == "-":
            out.append("-")
            norm_len += 1
            offset_map += [norm_len, end]
        elif kind == ".":
            out.append(" ")
            norm_len += 1
            offset_map += [norm_len, end]
        else:
            at_end = end == len(raw)
            if not at_end:
                out.append(" ")
                norm_len += 1
            if at_end or raw[start:end] != " ":
                offset_map += [norm_len, end]
            if not at_end and _LINE_BREAK.search(raw, start, end):
                line_starts.append(norm_len)
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
