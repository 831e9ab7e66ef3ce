"""The record's closed vocabularies (read from its JSON Schema) and the colours of the labels, one
place for the review pages and the Label Studio config, so a label looks the same in both."""
from __future__ import annotations

from .records import schema

_PROPERTIES = schema()["properties"]
LABELS: tuple[str, ...] = tuple(_PROPERTIES["entities"]["items"]["properties"]["label"]["enum"])
OUTCOMES: tuple[str, ...] = tuple(_PROPERTIES["decisions"]["items"]["properties"]["outcome"]["enum"])
CATEGORIES: tuple[str, ...] = tuple(_PROPERTIES["decisions"]["items"]["properties"]["category"]["enum"])

LABEL_COLORS: dict[str, str] = {
    "AGE": "#fde68a", "SEX": "#fcd34d", "INJURY_DATE": "#fca5a5", "UR_DATE": "#f87171", "DATE": "#fecaca",
    "DIAGNOSIS": "#c4b5fd", "BODY_PART": "#a7f3d0", "TREATMENT": "#93c5fd", "MEDICATION": "#67e8f9",
    "FREQUENCY": "#fdba74", "GUIDELINE": "#d9f99d", "OUTCOME": "#f9a8d4", "SPECIALTY": "#d6d3d1",
    "LICENSURE": "#99f6e4",
}
OUTCOME_COLORS: dict[str, str] = {"upheld": "#fee2e2", "overturned": "#dcfce7"}
