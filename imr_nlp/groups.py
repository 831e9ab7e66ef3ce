"""Span groups read once per Doc and extended in place.

Reading a SpanGroup makes a new ``Span`` per span (about 1.5 µs each, three Token lookups inside
spaCy), and most components read the same groups (``imr_entities`` holds hundreds of spans), so
re-reading them cost more than some components' own work. ``spans`` keeps the Spans of the last
Doc's groups while each group is unchanged (the same SpanGroup object, the same length: writing
``doc.spans[key]`` makes a new group, ``add`` changes its length); ``add`` extends a group in place
instead of rebuilding it from a read, and ``put`` sets a group and keeps the spans it was set with
as its read (the same values a read would give); ``labels`` keeps the labels of a read. They are
kept with the Doc's other reads (``doc_cache``).
"""
from spacy.tokens import Doc, Span, SpanGroup

from .doc_cache import store


def _reads(doc: Doc) -> tuple[dict[str, tuple[SpanGroup, int, list[Span]]], dict[str, tuple[list[Span], list[str]]]]:
    """The Doc's group reads (key -> group, its length, its spans) and label reads (key -> the
    read spans, their labels)."""
    kept = store(doc)
    if "groups" not in kept:
        kept["groups"] = ({}, {})
    return kept["groups"]


def spans(doc: Doc, key: str) -> list[Span]:
    """The spans of ``doc.spans[key]`` ([] if absent). The list is shared: copy it to change it."""
    read, _ = _reads(doc)
    group = doc.spans.get(key)
    if group is None:
        return []
    cached = read.get(key)
    if cached is None or cached[0] is not group or cached[1] != len(group):
        cached = read[key] = (group, len(group), list(group))
    return cached[2]


def add(doc: Doc, key: str, new: list[Span]) -> None:
    """Append ``new`` to ``doc.spans[key]`` (made if absent)."""
    group = doc.spans.get(key)
    if group is None:
        put(doc, key, new)
        return
    read, label_reads = _reads(doc)
    cached = read.get(key)
    known = cached is not None and cached[0] is group and cached[1] == len(group)
    group.extend(new)
    if known:  # the read spans stay good: the new ones follow them
        read[key] = (group, len(group), cached[2] + list(new))
        if key in label_reads and label_reads[key][0] is cached[2]:
            label_reads[key] = (read[key][2], label_reads[key][1] + [span.label_ for span in new])


def put(doc: Doc, key: str, new: list[Span], new_labels: list[str] | None = None) -> None:
    """Set ``doc.spans[key]`` to ``new``; the next read returns ``new``'s spans without reading,
    and ``labels`` ``new_labels`` when given (the spans' labels, in order)."""
    read, label_reads = _reads(doc)
    doc.spans[key] = new
    group = doc.spans[key]
    read[key] = (group, len(group), list(new))
    if new_labels is not None:
        label_reads[key] = (read[key][2], list(new_labels))


def labels(doc: Doc, key: str) -> list[str]:
    """The labels of ``spans(doc, key)``, in order (``Span.label_`` is a string lookup per read,
    and most components pick the spans of a few labels from the same group). Shared: do not change."""
    read = spans(doc, key)
    _, label_reads = _reads(doc)
    cached = label_reads.get(key)
    if cached is None or cached[0] is not read:
        cached = label_reads[key] = (read, [span.label_ for span in read])
    return cached[1]


def labelled(doc: Doc, key: str) -> list[tuple[Span, str]]:
    """``spans(doc, key)`` each with its label (see ``labels``)."""
    return list(zip(spans(doc, key), labels(doc, key)))
