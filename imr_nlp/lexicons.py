"""Expand the lexicons of ``patterns/*.json`` into SpanRuler phrase patterns.

A lexicon lists canonical entries with their terms; the expansion adds the laterality variants
("left knee") and spinal levels ("L4-5", "L5-S1") that would be tedious and error-prone to list
by hand. The canonical name becomes the pattern ``id`` (``span.id_``).
"""
from __future__ import annotations

from typing import Iterable

import srsly

from .resources import read_pattern_file


def read_lexicon(name: str) -> dict:
    return srsly.json_loads(read_pattern_file(name))


def lexicon_patterns(names: list[str]) -> list[dict]:
    """Phrase patterns for every lexicon in ``names`` (files of ``patterns/``)."""
    patterns: list[dict] = []
    for name in names:
        patterns.extend(expand(read_lexicon(name)))
    return patterns


def expand(lexicon: dict) -> list[dict]:
    label = lexicon["label"]
    sides = lexicon.get("laterality", {})
    both = lexicon.get("bilateral")
    out = []
    for entry in lexicon["entries"]:
        canonical = entry["id"]
        out.extend({"label": label, "pattern": term, "id": canonical} for term in entry["terms"])
        out.extend({"label": lexicon["region_label"], "pattern": a, "id": canonical} for a in entry.get("adjectives", []))
        if not entry.get("lateral"):
            continue
        paired = entry.get("paired")
        plural = entry.get("plural", canonical + "s") if paired else canonical
        if both and paired:  # "lower extremities", "bilateral knee": both sides
            out.append({"label": label, "pattern": plural, "id": f"{both} {plural}"})
        for prefix, side in sides.items():
            named = f"{both} {plural}" if side == both else f"{side} {canonical}"
            for term in entry["terms"] + ([plural] if side == both and paired else []):
                out.append({"label": label, "pattern": f"{prefix} {term}", "id": named})
            for adjective in entry.get("adjectives", []):
                out.append({"label": lexicon["region_label"], "pattern": f"{prefix} {adjective}", "id": named})
    if "spinal_levels" in lexicon:
        out.extend({"label": label, "pattern": p, "id": i} for p, i in spinal_levels(lexicon["spinal_levels"]))
    return out


def spinal_levels(regions: dict[str, int], span: int = 4) -> Iterable[tuple[str, str]]:
    """Levels ("C5") and ranges up to ``span`` levels long ("L3-L5", "L4-5", "L4/5", "L5-S1")."""
    levels = [(region, n) for region, count in regions.items() for n in range(1, count + 1)]
    for region, n in levels:
        yield f"{region}{n}", f"{region}{n}"
    for i, (r1, n1) in enumerate(levels):
        for r2, n2 in levels[i + 1 : i + 1 + span]:
            canonical = f"{r1}{n1}-{r2}{n2}"
            yield canonical, canonical
            yield f"{r1}{n1}/{r2}{n2}", canonical
            if r1 == r2:
                yield f"{r1}{n1}-{n2}", canonical
                yield f"{r1}{n1}/{n2}", canonical


def entry_values(names: list[str], field: str) -> dict[str, str]:
    """Canonical name -> the entry's ``field`` ("category" of a treatment, "class" of a drug)."""
    return {
        entry["id"]: entry[field]
        for name in names
        for entry in read_lexicon(name)["entries"]
        if field in entry
    }
