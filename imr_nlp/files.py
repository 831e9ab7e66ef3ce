"""Atomic file writes: a temporary name, fsync, then a rename, so no reader sees half a file."""
from __future__ import annotations

import os
from pathlib import Path


def write_atomic(path: Path, data: str | bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` all or nothing; ``durable`` also waits for the disk (fsync),
    which files that a resumed run rewrites anyway (review pages) can skip."""
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as handle:
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        if durable:
            handle.flush()
            os.fsync(handle.fileno())
    tmp.replace(path)
