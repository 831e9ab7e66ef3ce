"""``train``: spaCy's own trainer on annotate's export, then the per-label scores of the result."""
from __future__ import annotations

from pathlib import Path

from spacy.cli.evaluate import evaluate as spacy_evaluate
from spacy.cli.train import train as spacy_train


def train(config: Path, train: Path, dev: Path, out: Path, overrides: dict | None = None, use_gpu: int = -1) -> dict:
    """Train ``config`` on the ``train`` DocBin (evaluating on ``dev``) into ``out``; return the
    scores of ``out``/model-best on ``dev`` (spaCy's metrics, with per-label figures). Either may be
    annotate's silver export or the gold of ``labelstudio import``."""
    paths = {"paths.train": str(train), "paths.dev": str(dev)}
    spacy_train(config, out, overrides={**paths, **(overrides or {})}, use_gpu=use_gpu)
    best = out / "model-best"
    return spacy_evaluate(str(best if best.exists() else out / "model-last"), dev, use_gpu=use_gpu, silent=True)


def per_label(scores: dict) -> dict[str, dict]:
    """{label: {"p", "r", "f"}} from spaCy's scores, for NER (ents) or spancat (spans_<key>)."""
    for key, value in scores.items():
        if key.endswith("_per_type") and isinstance(value, dict):
            return value
    return {}
