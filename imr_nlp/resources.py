"""Locate the data files shipped with the package (patterns/ and configs/)."""
from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

import srsly
from spacy.util import registry


def pattern_path(name: str) -> Traversable:
    """A file of ``patterns/``, wherever the package is installed."""
    return files("imr_nlp.patterns") / name


def config_path(name: str) -> Traversable:
    """A file of ``configs/``, wherever the package is installed."""
    return files("imr_nlp.configs") / name


def read_pattern_file(name: str) -> str:
    return pattern_path(name).read_text(encoding="utf-8")


def read_patterns(name: str) -> list[dict]:
    """The JSONL pattern lines of ``patterns/<name>``."""
    return list(srsly.read_jsonl(str(pattern_path(name))))


@registry.misc("imr_nlp.patterns.v1")
def patterns_reader(name: str) -> list[dict]:
    """Config hook: the patterns of ``patterns/<name>`` for a ruler's ``initialize``."""
    return read_patterns(name)
