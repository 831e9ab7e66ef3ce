"""imr_nlp: a spaCy pipeline for California workers' compensation IMR Final Determination Letters.

Importing the package imports nothing heavy, so that ``python -m imr_nlp --help`` answers at once;
``load()`` imports spaCy and the components.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

__version__ = "0.1.0"


def load(config: str | Path | None = None, model: str | Path | None = None) -> Language:
    """Build the pipeline from ``configs/pipeline.cfg`` (or ``config``) and load its rules; with
    ``model`` (a trained pipeline from ``train``), its entities replace the rules' entity labels."""
    from spacy import util

    from . import components  # noqa: F401  (registers the factories and the custom attributes)
    from .resources import config_path

    cfg = util.load_config(Path(config) if config else Path(str(config_path("pipeline.cfg"))))
    nlp = util.load_model_from_config(cfg, auto_fill=True, validate=True)
    nlp.initialize()
    if model is not None:
        nlp.add_pipe("imr_model_entities", before="imr_entities", config={"model": str(model)})
    return nlp
