"""Names derived from a letter's id: its train/dev side and its review page."""
from __future__ import annotations

import hashlib
import re


def in_train(id_: str, split: float) -> bool:
    """Deterministic train/dev assignment by a hash of the id (independent of input order)."""
    digest = hashlib.sha1(id_.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 < split


def file_name(id_: str, suffix: str) -> str:
    """A file named for a letter: readable, and unique through a hash of the id."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", id_)[:80]
    return f"{safe}-{hashlib.sha1(id_.encode('utf-8')).hexdigest()[:8]}{suffix}"


def page_name(id_: str) -> str:
    """The review page file of a letter."""
    return file_name(id_, ".html")
