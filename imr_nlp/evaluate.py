"""Score records against gold: record fields, entity spans per label, and linking.

A gold file (``corpus/gold/<id>.json``) states what it knows: the record fields it has are scored
(accuracy), its ``entities`` (label, start, end, and optionally decision and role) give per-label
precision/recall/F1 on exact spans and on overlapping spans, and linking accuracy.
"""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterable

RECORD_FIELDS = (
    ("layout",), ("case_number",), ("priority",), ("patient", "age"), ("patient", "sex"),
    ("dates", "injury"), ("dates", "utilization_review"), ("dates", "assigned"), ("dates", "decision"),
    ("dates", "application_received"), ("reviewer", "licensure"), ("reviewer", "specialties"), ("diagnoses",),
)
DECISION_FIELDS = (
    "item", "outcome", "category", "original_request", "authorized", "treatment", "body_parts", "frequency", "guidelines",
)


def read_gold(folder: Path) -> list[dict]:
    """The gold letters of ``folder``: its ``*.json`` files and those one folder down (``records/``,
    ``entities/``), merged by id, and its ``*.jsonl`` files of decisions (one line per decision,
    keyed by ``case``), which give a letter its decisions when no JSON file does."""
    folder = Path(folder)
    merged: dict[str, dict] = {}
    for path in sorted(folder.glob("*.json")) + sorted(folder.glob("*/*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        merged.setdefault(gold["id"], {}).update(gold)
    from_json = {key for key, gold in merged.items() if "decisions" in gold}
    for path in sorted(folder.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            for line in map(json.loads, handle):
                gold = merged.setdefault(line["case"], {"id": line["case"], "source": line["source"]})
                if line["case"] not in from_json:
                    gold.setdefault("decisions", []).append({k: line[k] for k in ("index", "item", "outcome", "category")})
    return [merged[key] for key in sorted(merged)]


def _get(obj: dict, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(obj, dict) or key not in obj:
            return KeyError
        obj = obj[key]
    return obj


def field_scores(pairs: Iterable[tuple[dict, dict]]) -> dict[str, dict]:
    """Accuracy of every record field the gold states."""
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])

    def count(name: str, gold: Any, pred: Any) -> None:
        tally[name][0] += gold == pred
        tally[name][1] += 1

    for gold, pred in pairs:
        for path in RECORD_FIELDS:
            if (value := _get(gold, path)) is not KeyError:
                count(".".join(path), value, _get(pred, path))
        if "decisions" in gold:
            count("decisions.count", len(gold["decisions"]), len(pred["decisions"]))
            for index, decision in enumerate(gold["decisions"]):
                other = pred["decisions"][index] if index < len(pred["decisions"]) else {}
                for key in DECISION_FIELDS:
                    if key in decision:
                        value = other.get(key)
                        if key == "guidelines":
                            value = _as_stated(decision[key], value)
                        count(f"decisions.{key}", decision[key], value)
    return {name: {"correct": c, "total": t, "accuracy": c / t} for name, (c, t) in sorted(tally.items())}


def _prf_overlap(found: int, n_pred: int, n_gold: int, right: int) -> dict:
    """Recall: gold spans some predicted span overlaps; precision: predicted spans overlapping
    some gold span (one long span over two gold spans is one right prediction, not two)."""
    scores = _prf(right, n_pred, n_gold)
    r = found / n_gold if n_gold else 0.0
    p = scores["precision"]
    scores.update(recall=r, f1=2 * p * r / (p + r) if p + r else 0.0)
    return scores


def _as_stated(gold: dict, pred: dict | None) -> dict | None:
    """The predicted citations with only the keys each gold citation states (a gold file may
    leave out ``edition``, say): lists of another length stay as they are and score wrong."""
    if not isinstance(pred, dict):
        return pred
    out = {}
    for party, citations in pred.items():
        stated = gold.get(party, [])
        if len(stated) != len(citations):
            out[party] = citations
        else:
            out[party] = [{k: c.get(k) for k in g} for g, c in zip(stated, citations)]
    return out


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "gold": n_gold, "predicted": n_pred}


def entity_scores(pairs: Iterable[tuple[dict, dict]]) -> dict[str, dict]:
    """Per-label P/R/F1 on exact spans and on overlapping spans, linking accuracy, and the
    ICD-10-CM codes of the diagnoses found exactly where the gold codes them."""
    exact: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # tp, predicted, gold
    overlap: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # gold found, predicted, gold, predicted right
    linked = [0, 0]
    codes = [0, 0, 0, 0]  # gold-coded spans found exactly, of them coded, right at the category, right in full
    for gold, pred in pairs:
        if "entities" not in gold:
            continue
        predicted = {(e["label"], e["start"], e["end"]): e for e in pred["entities"]}
        for label in {e["label"] for e in gold["entities"]} | {e["label"] for e in pred["entities"]}:
            g = [e for e in gold["entities"] if e["label"] == label]
            p = [e for e in pred["entities"] if e["label"] == label]
            keys = {(e["start"], e["end"]) for e in g}
            exact[label][0] += sum((e["start"], e["end"]) in keys for e in p)
            overlap[label][0] += sum(any(e["start"] < o["end"] and o["start"] < e["end"] for o in p) for e in g)
            overlap[label][3] += sum(any(e["start"] < o["end"] and o["start"] < e["end"] for o in g) for e in p)
            for tally in (exact[label], overlap[label]):
                tally[1] += len(p)
                tally[2] += len(g)
        for entity in gold["entities"]:
            hit = predicted.get((entity["label"], entity["start"], entity["end"]))
            if "decision" in entity and hit:
                linked[0] += (hit["decision"], hit["role"]) == (entity["decision"], entity.get("role"))
                linked[1] += 1
            if entity.get("icd10") and hit:
                code = hit.get("icd10")
                codes[0] += 1
                codes[1] += code is not None
                codes[2] += code is not None and code[:3] == entity["icd10"][:3]
                codes[3] += code == entity["icd10"]
    return {
        "exact": {label: _prf(*t) for label, t in sorted(exact.items())},
        "overlap": {label: _prf_overlap(*t) for label, t in sorted(overlap.items())},
        "linking": {"correct": linked[0], "total": linked[1], "accuracy": linked[0] / linked[1] if linked[1] else None},
        "icd10": {
            "spans": codes[0],
            "coded": codes[1] / codes[0] if codes[0] else None,
            "right_category": codes[2] / codes[1] if codes[1] else None,
            "right_code": codes[3] / codes[1] if codes[1] else None,
        },
    }


def evaluate(gold: list[dict], predicted: dict[str, dict]) -> dict:
    """Scores of the ``predicted`` records (by id) against ``gold``; a missing record scores empty."""
    empty = {"decisions": [], "entities": []}
    pairs = [(g, predicted.get(g["id"], empty)) for g in gold]
    return {
        "letters": len(gold),
        "missing": sorted(g["id"] for g in gold if g["id"] not in predicted),
        "fields": field_scores(pairs),
        "entities": entity_scores(pairs),
    }


def render(scores: dict) -> str:
    """The scores as plain-text tables."""
    lines = [f"{scores['letters']} gold letters" + (f", {len(scores['missing'])} without a record" if scores["missing"] else "")]
    lines += ["", f"{'field':<28} {'accuracy':>9} {'correct':>8}"]
    for name, s in scores["fields"].items():
        lines.append(f"{name:<28} {s['accuracy']:>9.3f} {s['correct']:>4}/{s['total']:<4}")
    if scores["entities"]["exact"]:
        lines += ["", f"{'label':<14} {'P':>6} {'R':>6} {'F1':>6} {'F1 overlap':>11} {'gold':>5} {'pred':>5}"]
        for label, s in scores["entities"]["exact"].items():
            o = scores["entities"]["overlap"][label]
            lines.append(f"{label:<14} {s['precision']:>6.3f} {s['recall']:>6.3f} {s['f1']:>6.3f} {o['f1']:>11.3f} {s['gold']:>5} {s['predicted']:>5}")
        link = scores["entities"]["linking"]
        if link["total"]:
            lines += ["", f"linking accuracy {link['accuracy']:.3f} ({link['correct']}/{link['total']})"]
        icd = scores["entities"].get("icd10", {})
        if icd.get("spans"):
            lines.append(
                f"icd10 on {icd['spans']} gold-coded diagnoses found exactly: {icd['coded']:.3f} coded; of those "
                f"{icd['right_category']:.3f} right at the 3-character category, {icd['right_code']:.3f} right in full"
            )
    return "\n".join(lines)


def side_by_side(rules: dict, model: dict) -> str:
    """Per-label exact-span F1 of the rules and of a trained model on the same gold."""
    labels = sorted(set(rules["entities"]["exact"]) | set(model["entities"]["exact"]))
    lines = [f"{'label':<14} {'rules P':>8} {'rules R':>8} {'rules F1':>9} {'model P':>8} {'model R':>8} {'model F1':>9}"]
    for label in labels:
        r = rules["entities"]["exact"].get(label, {"precision": 0.0, "recall": 0.0, "f1": 0.0})
        m = model["entities"]["exact"].get(label, {"precision": 0.0, "recall": 0.0, "f1": 0.0})
        lines.append(
            f"{label:<14} {r['precision']:>8.3f} {r['recall']:>8.3f} {r['f1']:>9.3f} "
            f"{m['precision']:>8.3f} {m['recall']:>8.3f} {m['f1']:>9.3f}"
        )
    return "\n".join(lines)
