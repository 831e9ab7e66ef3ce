"""Resolve the candidate entities into the final span group and the ``doc.ents`` projection.

Candidates come from the date ruler (``doc.ents``), the lexicon SpanRuler and the capture and
citation components (``doc.spans[spans_key]``). Here they are kept only in the sections where a
label means something (a state name is a LICENSURE only in the credentials), normalized
(``_.norm``, ``_.frequency``, ``_.category``), and de-duplicated: a captured INJURY_DATE replaces
the plain DATE under it, and of overlapping spans of one label the longest stays.
"""

import re
from bisect import bisect_right
from itertools import accumulate
from pathlib import Path
from typing import Iterable

import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..extensions import set_span_values
from ..lexicons import entry_values
from ..values import frequency, iso_date, number
from .. import groups
from .tokens import words_and_spaces

DATE_LABELS = {"DATE", "INJURY_DATE", "UR_DATE"}
LEXICON_LABELS = {"BODY_PART", "BODY_REGION", "TREATMENT", "MEDICATION", "DIAGNOSIS", "SPECIALTY", "LICENSURE"}
SEX_WORDS = {"male": "male", "man": "male", "gentleman": "male", "boy": "male", "m": "male",
             "female": "female", "woman": "female", "lady": "female", "girl": "female", "f": "female"}


@Language.factory(
    "imr_entities",
    default_config={
        "spans_key": "imr_entities",
        "details_key": "imr_medication_details",
        "sections_key": "imr_sections",
        "allowed_sections": {
            "SPECIALTY": ["CREDENTIALS"],
            "LICENSURE": ["CREDENTIALS"],
            "AGE": ["HEADER", "CASE_SUMMARY", "DECISIONS"],
            "SEX": ["HEADER", "CASE_SUMMARY", "DECISIONS"],
        },
        "drop_inside": {
            "GUIDELINE": ["TREATMENT", "MEDICATION", "DIAGNOSIS", "BODY_PART", "FREQUENCY", "DATE"],
            "DIAGNOSIS": ["TREATMENT", "MEDICATION"],
        },
        "categories": ["treatments.json"],
        "drug_classes": ["medications.json"],
        "last_in_ents": ["GUIDELINE"],
        "apart": {"BODY_REGION": "imr_body_regions"},
        "age_not_after": [],
        "durations": {
            "rules": ["duration", "duration_up_to"],
            "services": ["TREATMENT", "MEDICATION"],
            "before": 7,
            "after": 4,
            "nouns_after": [],
            "nouns_before": [],
            "not_after": [],
            "not_before": [],
        },
        "not_before": {},
    },
)
class Entities:
    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        spans_key: str,
        details_key: str,
        sections_key: str,
        allowed_sections: dict[str, list[str]],
        drop_inside: dict[str, list[str]],
        categories: list[str],
        drug_classes: list[str],
        last_in_ents: list[str],
        apart: dict[str, str],
        age_not_after: list[str],
        durations: dict,
        not_before: dict[str, list[str]],
    ) -> None:
        self.name = name
        self.spans_key = spans_key
        self.details_key = details_key
        self.sections_key = sections_key
        self.allowed_sections = {label: set(names) for label, names in allowed_sections.items()}
        self.drop_inside = {outer: set(inner) for outer, inner in drop_inside.items()}
        self.category_files = categories
        self.categories: dict[str, str] = {}
        self.class_files = drug_classes
        self.drug_classes: dict[str, str] = {}
        self.last_in_ents = set(last_in_ents)
        self.apart = apart
        self.age_not_after = set(age_not_after)
        self.durations = {k: set(v) if isinstance(v, list) else v for k, v in durations.items()}
        self.not_before = {label: set(words) for label, words in not_before.items()}

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        self.categories = entry_values(self.category_files, "category")
        self.drug_classes = entry_values(self.class_files, "class")

    def __call__(self, doc: Doc) -> Doc:
        # Each candidate travels with its label (``Span.label_`` is a string lookup per read).
        words = words_and_spaces(doc)[0]
        candidates = [(e, "DATE") for e in doc.ents if e.label_ == "DATE"] + self._with_details(doc, words)
        section_of = self._section_labels(doc)
        kept = self._resolve([c for c in candidates if self._allowed(c, section_of) and self._fits_next(c, words)])
        kept = self._anchor_durations(words, kept)
        kept = self._drop_nested([c for c in kept if self._normalize(*c)])  # normalized once overlaps are settled: speed
        for label, key in self.apart.items():
            groups.put(doc, key, [s for s, span_label in kept if span_label == label])
        kept = [c for c in kept if c[1] not in self.apart]
        groups.put(doc, self.spans_key, [s for s, _ in kept], [label for _, label in kept])
        doc.set_ents(_ents_view(kept, self.last_in_ents), default="outside")  # the setter would remake each Span first
        return doc

    def _with_details(self, doc: Doc, words: list[str]) -> list[tuple[Span, str]]:
        """The candidates, each MEDICATION extended over the strength/form/quantity that follow it
        and each DIAGNOSIS over what completes it (see ``_diagnosis_end``)."""
        details = {d.start: d.end for d in groups.spans(doc, self.details_key)}
        if self.details_key in doc.spans:
            del doc.spans[self.details_key]
        labelled = groups.labelled(doc, self.spans_key)
        parts = {label: {} for label in ("BODY_PART", "DIAGNOSIS", "LEVEL")}
        for span, label in labelled:
            if label in parts:
                parts[label][span.start] = max(span.end, parts[label].get(span.start, 0))
                if label == "BODY_PART" and SPINAL_LEVEL.match(span.id_ or ""):
                    parts["LEVEL"][span.start] = span.end
        out = []
        for span, label in labelled:
            start, end = span.start, span.end
            if label == "MEDICATION":
                while end in details:
                    end = details[end]
            elif label == "DIAGNOSIS":
                if _names_a_guideline(words, end):  # "MTUS Chronic Pain Guidelines": a title
                    continue
                end = _diagnosis_end(words, end, parts)
                start = next((s for s, e in parts["LEVEL"].items() if e == span.start), start)
            if end > span.end or start < span.start:
                span = Span(doc, start, end, label=label, span_id=span.id_)
            out.append((span, label))
        return out

    def _section_labels(self, doc: Doc) -> list[str]:
        labels = ["HEADER"] * len(doc)
        for section in groups.spans(doc, self.sections_key):
            labels[section.start : section.end] = [section.label_] * len(section)
        return labels

    def _allowed(self, candidate: tuple[Span, str], section_of: list[str]) -> bool:
        allowed = self.allowed_sections.get(candidate[1])
        return allowed is None or section_of[candidate[0].start] in allowed

    def _fits_next(self, candidate: tuple[Span, str], words: list[str]) -> bool:
        """False for a span followed by a word that makes it something else ("daily" in
        "activities of daily living")."""
        after = self.not_before.get(candidate[1])
        end = candidate[0].end
        return not after or end >= len(words) or words[end] not in after

    def _anchor_durations(self, words: list[str], spans: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
        """Keep a duration ("7 days", "3 to 6 months") only as the length of a service: a
        TREATMENT or MEDICATION just before it in its clause ("authorized a skilled nursing
        facility for 7 days") or just after it ("a one-month home-based TENS trial", "after 4
        weeks of cognitive behavioral therapy"), or a noun of use beside it ("seven day use", "a
        trial of at least 4 weeks").
        A time that is no service's length ("two weeks after", "pain for 6 months") is dropped;
        a count or schedule of the service (FREQUENCY) also anchors its length."""
        rules = self.durations["rules"]
        ids = [s.id_ for s, _ in spans]
        if not any(id_ in rules for id_ in ids):
            return spans
        services = [s for s, label in spans if label in self.durations["services"]]
        ends, starts = {s.end for s in services}, {s.start for s in services}
        return [c for c, id_ in zip(spans, ids) if id_ not in rules or self._is_service_length(words, c[0], ends, starts)]

    def _is_service_length(self, words: list[str], span: Span, ends: set[int], starts: set[int]) -> bool:
        config = self.durations
        after = words[span.end] if span.end < len(words) else ""
        if after in config["not_before"] or span.start and words[span.start - 1] in config["not_after"]:
            return False
        if after in config["nouns_after"]:
            return True
        for i in range(span.start, max(0, span.start - config["before"]) - 1, -1):
            if i in ends or i < span.start and words[i] in config["nouns_before"]:
                return True
            if i and words[i - 1] in CLAUSE_ENDS:
                break
        for i in range(span.end, min(len(words), span.end + config["after"])):
            if i in starts:
                return True
            if words[i] in CLAUSE_ENDS:
                break
        return False

    def _normalize(self, span: Span, label: str) -> bool:
        """Set the span's normalized value; False drops a span that is not what it looked like."""
        if label == "FREQUENCY":
            value = frequency(span.text)
            if value is not None:
                set_span_values(span, frequency=value)
            return value is not None
        if label in DATE_LABELS:
            norm = iso_date(span.text)
        elif label == "AGE":
            if span.start and span.doc[span.start - 1].lower_ in self.age_not_after:
                return False
            age = number(span.text)
            norm = str(age) if age is not None and 0 < age < 120 else None
        elif label == "SEX":
            norm = SEX_WORDS.get(span.text.lower())
        elif label in LEXICON_LABELS:
            id_ = span.id_
            values = {"norm": id_ or span.text}
            if label == "TREATMENT":  # category None for a span found by shape
                values["category"] = self.categories.get(id_)
            elif label == "MEDICATION":
                values.update(category="pharmaceuticals", drug_class=self.drug_classes.get(id_))
            set_span_values(span, **values)
            return True
        else:
            return True
        if norm is not None:
            set_span_values(span, norm=norm)
        return norm is not None

    @staticmethod
    def _resolve(spans: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
        """Longest span per label among overlaps; a specific date replaces the DATE under it."""
        by_label: dict[str, list[Span]] = {}
        for span, label in spans:
            by_label.setdefault(label, []).append(span)
        specific = [s for label in ("INJURY_DATE", "UR_DATE") for s in by_label.get(label, [])]
        by_label["DATE"] = [
            d for d in by_label.get("DATE", []) if not any(d.start < s.end and s.start < d.end for s in specific)
        ]
        out = [(s, label) for label, group in by_label.items() for s in filter_spans(group)]
        return sorted(out, key=lambda c: (c[0].start, -c[0].end, c[1]))

    def _drop_nested(self, spans: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
        """Drop spans inside an outer span whose label drops theirs (``drop_inside``)."""
        reach: dict[str, tuple[list[int], list[int]]] = {}  # inner label -> outer starts, running max end
        for outer_label, inner in self.drop_inside.items():
            outers = sorted((s.start, s.end) for s, label in spans if label == outer_label)
            for label in inner:
                merged = sorted(list(zip(*reach[label])) + outers) if label in reach else outers
                ends = list(accumulate((e for _, e in merged), max))
                reach[label] = ([b for b, _ in merged], ends)
        kept = []
        for span, label in spans:
            starts, ends = reach.get(label, ((), ()))
            i = bisect_right(starts, span.start)
            if not (i and ends[i - 1] >= span.end):
                kept.append((span, label))
        return kept

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "categories.json", self.categories)
        srsly.write_json(path / "drug_classes.json", self.drug_classes)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "Entities":
        self.categories = srsly.read_json(Path(path) / "categories.json")
        self.drug_classes = srsly.read_json(Path(path) / "drug_classes.json")
        return self


CLAUSE_ENDS = {".", ";", ":", "?", "!"}
SPINAL_LEVEL = re.compile(r"^[CTLS]\d")
LATERALITY = {"left", "right", "bilateral"}


def _names_a_guideline(words: list[str], end: int) -> bool:
    """The words after a span make it part of a guideline's title ("Chronic Pain Guidelines",
    "Chronic Pain Medical Treatment Guidelines")."""
    following = words[end : end + 3]
    return bool(following) and (following[0].startswith("guideline") or following[:2] == ["medical", "treatment"])


def _diagnosis_end(words: list[str], end: int, parts: dict[str, dict[int, int]]) -> int:
    """Where a stated diagnosis really ends (a spinal level just before it, "L3-L5 facet
    disease", is taken in too): "sprain/strain" + "of the cervical spine",
    "herniated nucleus pulposus" + "L3-L4 and
    L4-L5", "lumbar radiculopathy" + "at L5-S1"."""
    while end < len(words):
        word = words[end]
        nxt = end + 1
        if word == "of":
            nxt += words[nxt] == "the" if nxt < len(words) else 0
            nxt += nxt < len(words) and words[nxt] in LATERALITY and nxt not in parts["BODY_PART"]
            if nxt in parts["BODY_PART"]:
                end = parts["BODY_PART"][nxt]
                continue
        elif end in parts["LEVEL"]:
            end = parts["LEVEL"][end]
            continue
        elif word in ("at", "and", ",") and nxt in parts["LEVEL"] and words[end - 1][-1:].isdigit():
            end = parts["LEVEL"][nxt]
            continue
        elif word == "at" and nxt in parts["LEVEL"]:
            end = parts["LEVEL"][nxt]
            continue
        return end
    return end


def ents_view(spans: Iterable[Span], last: Iterable[str] = ("GUIDELINE",)) -> list[Span]:
    """The non-overlapping ``doc.ents`` view of overlapping spans: longer first, labels in ``last``
    (a GUIDELINE citation holding treatment names) only where nothing else is."""
    return _ents_view([(s, s.label_) for s in spans], last)


def _ents_view(spans: list[tuple[Span, str]], last: Iterable[str]) -> list[Span]:
    """``ents_view`` of spans with their labels."""
    last = set(last)
    ranked = sorted(spans, key=lambda c: (c[1] in last, -len(c[0]), c[0].start))
    return sorted(filter_spans_ordered([s for s, _ in ranked]), key=lambda s: s.start)


def filter_spans_ordered(spans: Iterable[Span]) -> list[Span]:
    """Keep spans in the given order of preference, skipping any that overlaps one kept."""
    spans = list(spans)
    taken = bytearray(max((span.end for span in spans), default=0))  # 1 for a token of a kept span
    kept = []
    for span in spans:
        start, end = span.start, span.end
        if 1 not in taken[start:end]:
            kept.append(span)
            taken[start:end] = b"\x01" * (end - start)
    return kept
