"""Label Studio round trip: the rules' spans out as pre-annotated tasks, a reviewer's corrections
back in as gold that ``evaluate`` scores and ``train`` learns from.

``export_tasks`` writes ``tasks.json`` (one task per letter: the text as read, the ``imr_entities`` spans
and each decision's outcome and category as a prediction to start from) and ``config.xml`` (the
labeling config: the 14 labels in the review pages' colours, and per decision an outcome and a
category choice). ``import_corrections`` reads Label Studio's JSON export, takes each task's latest
annotation that was not cancelled, and writes ``gold.spacy`` and one gold JSON per letter.
"""
from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span

from . import __version__
from .components.entities import ents_view
from .errors import Errors
from .files import write_atomic
from .inputs import read_letter
from .labels import CATEGORIES, LABEL_COLORS, LABELS, OUTCOMES
from .splits import file_name
from .text import to_doc, to_input

LABELS_NAME, TEXT_NAME = "label", "text"


@dataclass
class ImportSummary:
    """What the reviewers changed, counted against the predictions each task was exported with."""

    letters: int = 0
    unannotated: int = 0
    kept: int = 0
    added: int = 0
    removed: int = 0
    relabelled: int = 0
    snapped: int = 0
    outcome_changes: int = 0
    category_changes: int = 0

    def line(self) -> str:
        return ", ".join(f"{f.name.replace('_', ' ')}: {getattr(self, f.name)}" for f in fields(self))


def labeling_config() -> str:
    """The labeling config: entity labels over ``$text``, then one outcome and one category choice
    per decision (a ``Repeater`` over the task's ``decisions``)."""
    view = ET.Element("View")
    ET.SubElement(view, "Header", value="Entities: pick a label, then select the words; click a region to relabel or delete it")
    spans = ET.SubElement(view, "Labels", name=LABELS_NAME, toName=TEXT_NAME)
    for label in LABELS:
        ET.SubElement(spans, "Label", value=label, background=LABEL_COLORS[label])
    ET.SubElement(view, "Text", name=TEXT_NAME, value="$text")
    ET.SubElement(view, "Header", value="Decisions: the outcome and category of each disputed item")
    repeater = ET.SubElement(view, "Repeater", on="$decisions", indexFlag="{{idx}}", mode="list")
    block = ET.SubElement(repeater, "View")
    ET.SubElement(block, "Text", name="item_{{idx}}", value="$decisions[{{idx}}].item")
    for name, values in (("outcome", OUTCOMES), ("category", CATEGORIES)):
        choices = ET.SubElement(block, "Choices", name=f"{name}_{{{{idx}}}}", toName="item_{{idx}}", choice="single-radio", showInline="true")
        for value in values:
            ET.SubElement(choices, "Choice", value=value)
    ET.indent(view)
    return ET.tostring(view, encoding="unicode") + "\n"


def export_tasks(annotations: Path, out: Path, *, model_version: str | None = None, force: bool = False) -> int:
    """Write ``out``/tasks.json and ``out``/config.xml from an annotate output folder; return the
    number of tasks."""
    targets = [out / "tasks.json", out / "config.xml"]
    if not force and any(t.exists() for t in targets):
        raise ValueError(Errors.E005.format(path=out))
    version = model_version or f"imr_nlp {__version__}"
    tasks = [_task(record, version) for record in _records(annotations / "records.jsonl")]
    out.mkdir(parents=True, exist_ok=True)
    write_atomic(targets[0], json.dumps(tasks, ensure_ascii=False, indent=1))
    write_atomic(targets[1], labeling_config())
    return len(tasks)


def _records(path: Path) -> Iterator[dict]:
    try:
        handle = path.open(encoding="utf-8")
    except OSError as err:
        raise ValueError(Errors.E022.format(path=path, detail=err)) from err
    with handle:
        yield from map(json.loads, handle)


def _task(record: dict[str, Any], model_version: str) -> dict[str, Any]:
    """One task: the letter read again from its source, checked against the record's offsets."""
    letter = read_letter(record["source"])
    text = letter.text
    if any(text[e["start"] : e["end"]] != e["text"] for e in record["entities"]):
        raise ValueError(Errors.E023.format(id=record["id"], source=record["source"]))
    result = [
        {"id": f"e{n}", "from_name": LABELS_NAME, "to_name": TEXT_NAME, "type": "labels",
         "value": {"start": e["start"], "end": e["end"], "text": e["text"], "labels": [e["label"]]}}
        for n, e in enumerate(record["entities"])
    ]
    for d in record["decisions"]:
        for name in ("outcome", "category"):
            result.append({"id": f"{name}{d['index']}", "from_name": f"{name}_{d['index']}", "to_name": f"item_{d['index']}",
                           "type": "choices", "value": {"choices": [d[name]]}})
    decisions = [{"index": d["index"], "item": d["item"] or ""} for d in record["decisions"]]
    return {
        "data": {"text": text, "id": record["id"], "source": letter.source, "decisions": decisions},
        "predictions": [{"model_version": model_version, "result": result}],
    }


@dataclass(frozen=True)
class Region:
    """A labelled character range of the text as read."""

    start: int
    end: int
    label: str


def import_corrections(export: Path, out: Path, *, force: bool = False) -> ImportSummary:
    """Write ``out``/gold.spacy and ``out``/gold/<id>.json from a Label Studio JSON export."""
    gold_dir = out / "gold"
    if (out / "gold.spacy").exists() or gold_dir.exists():
        if not force:
            raise ValueError(Errors.E005.format(path=out))
        shutil.rmtree(gold_dir, ignore_errors=True)
    try:
        tasks = json.loads(export.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ValueError(Errors.E024.format(path=export, detail=err)) from err
    if not isinstance(tasks, list):
        raise ValueError(Errors.E024.format(path=export, detail="not a list of tasks"))
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "imr_nlp.tokenizer.v1"}}})
    summary = ImportSummary()
    docbin = DocBin(store_user_data=True)
    gold_dir.mkdir(parents=True, exist_ok=True)
    for task in tasks:
        annotation = latest_annotation(task)
        if annotation is None:
            summary.unannotated += 1
            continue
        data = task["data"]
        id_ = str(data.get("id") or f"task-{task['id']}")
        regions, choices = _read_result(annotation["result"], data["text"], id_)
        predicted, predicted_choices = _read_result(_predictions(task, annotation), data["text"], id_)
        _count(summary, regions, predicted, choices, predicted_choices)
        doc, snapped = gold_doc(nlp, data["text"], regions)
        summary.snapped += snapped
        docbin.add(doc)
        gold = _gold_record(id_, data, doc, choices, annotation)
        write_atomic(gold_dir / file_name(id_, ".json"), json.dumps(gold, ensure_ascii=False, indent=1))
        summary.letters += 1
    write_atomic(out / "gold.spacy", docbin.to_bytes())
    return summary


def latest_annotation(task: dict[str, Any]) -> dict[str, Any] | None:
    """The task's most recently updated annotation that was not cancelled (skipped), if any."""
    kept = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
    return max(kept, key=lambda a: (a.get("updated_at") or a.get("created_at") or "", a.get("id") or 0), default=None)


def _predictions(task: dict[str, Any], annotation: dict[str, Any]) -> list[dict]:
    """The results of the prediction the task was exported with: in the task's ``predictions``
    (Label Studio's documented format) or, as Label Studio 1.23 exports them (the task holding
    only prediction ids), in the annotation's ``prediction``."""
    predictions = [p for p in task.get("predictions") or [] if isinstance(p, dict)]
    if predictions:
        return predictions[-1].get("result") or []
    return (annotation.get("prediction") or {}).get("result") or []


def _read_result(result: list[dict], text: str, id_: str) -> tuple[list[Region], dict[str, str]]:
    """Entity regions (whitespace trimmed off their ends) and the chosen value of each choice."""
    regions, choices = [], {}
    for item in result:
        value = item.get("value", {})
        if item.get("type") == "labels" and item.get("from_name") == LABELS_NAME:
            start, end = _trimmed(text, value["start"], value["end"])
            for label in value.get("labels", []):
                if label not in LABELS:
                    raise ValueError(Errors.E025.format(label=label, id=id_))
                if end > start:
                    regions.append(Region(start, end, label))
        elif item.get("type") == "choices" and value.get("choices"):
            choices[item["from_name"]] = value["choices"][0]
    return sorted(set(regions), key=lambda r: (r.start, r.end, r.label)), choices


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _count(summary: ImportSummary, regions: list[Region], predicted: list[Region],
           choices: dict[str, str], predicted_choices: dict[str, str]) -> None:
    """Kept: same offsets and label; relabelled: same offsets, another label; the rest of the
    predictions were removed, the rest of the annotation added."""
    exact = Counter(regions) & Counter(predicted)
    left = Counter(regions) - exact
    gone = Counter(predicted) - exact
    relabelled = Counter((r.start, r.end) for r in left.elements()) & Counter((r.start, r.end) for r in gone.elements())
    summary.kept += sum(exact.values())
    summary.relabelled += sum(relabelled.values())
    summary.added += sum(left.values()) - sum(relabelled.values())
    summary.removed += sum(gone.values()) - sum(relabelled.values())
    changed = [k.split("_")[0] for k, v in choices.items() if v != predicted_choices.get(k)]
    summary.outcome_changes += changed.count("outcome")
    summary.category_changes += changed.count("category")


def gold_doc(nlp: Language, text: str, regions: list[Region]) -> tuple[Doc, int]:
    """The letter tokenized by imr_nlp's tokenizer with the regions as the ``imr_entities`` group
    and ``doc.ents``; a region that does not fall on token boundaries grows to the tokens it
    touches. Returns the doc and the number of regions so snapped."""
    doc = nlp.make_doc(text)
    spans: list[Span] = []
    snapped = 0
    for region in regions:
        start, end = to_doc(doc._.offset_map, region.start, region.end)
        span = doc.char_span(start, end, label=region.label)
        if span is None:
            span = doc.char_span(start, end, label=region.label, alignment_mode="expand")
            snapped += 1
        spans.append(span)
    doc.spans["imr_entities"] = spans
    doc.ents = ents_view(spans)
    return doc, snapped


def _gold_record(id_: str, data: dict, doc: Doc, choices: dict[str, str], annotation: dict) -> dict[str, Any]:
    """A gold file in ``corpus/gold``'s format: the spans of the gold doc (so both golds agree on
    a snapped span) at their offsets in the text as read, and each decision's outcome and category
    where the reviewer left one chosen."""
    text = data["text"]
    spans = [(s.label_, *to_input(doc._.offset_map, s.start_char, s.end_char)) for s in doc.spans["imr_entities"]]
    decisions = []
    for d in data.get("decisions", []):
        chosen = {name: choices[f"{name}_{d['index']}"] for name in ("outcome", "category") if f"{name}_{d['index']}" in choices}
        decisions.append({"index": d["index"], **chosen})
    return {
        "id": id_,
        "source": data.get("source"),
        "_note": f"corrected in Label Studio (annotation {annotation.get('id')}, {annotation.get('updated_at')})",
        "decisions": decisions,
        "entities": [{"label": label, "start": start, "end": end, "text": text[start:end]} for label, start, end in spans],
    }
