"""``train``: spaCy's own trainer on annotate's export, then the per-label scores of the result."""
from __future__ import annotations

from pathlib import Path

from spacy.cli.evaluate import evaluate as spacy_evaluate
from spacy.cli.train import train as spacy_train


def train(config: Path, data: Path, out: Path, overrides: dict | None = None, use_gpu: int = -1) -> dict:
    """Train ``config`` on ``data``/train.spacy (dev.spacy for evaluation) into ``out``; return the
    scores of ``out``/model-best on the dev data (spaCy's metrics, with per-label figures)."""
    paths = {"paths.train": str(data / "train.spacy"), "paths.dev": str(data / "dev.spacy")}
    spacy_train(config, out, overrides={**paths, **(overrides or {})}, use_gpu=use_gpu)
    best = out / "model-best"
    return spacy_evaluate(str(best if best.exists() else out / "model-last"), data / "dev.spacy", use_gpu=use_gpu, silent=True)


def per_label(scores: dict) -> dict[str, dict]:
    """{label: {"p", "r", "f"}} from spaCy's scores, for NER (ents) or spancat (spans_<key>)."""
    for key, value in scores.items():
        if key.endswith("_per_type") and isinstance(value, dict):
            return value
    return {}
