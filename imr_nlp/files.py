"""Atomic file writes: a temporary name, fsync, then a rename, so no reader sees half a file."""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


@contextmanager
def atomic_path(path: Path, *, durable: bool = True) -> Iterator[Path]:
    """A temporary path for a writer that takes a file name (Parquet, say): renamed to ``path``
    when the block ends without error; ``durable`` waits for the disk (fsync) first."""
    tmp = path.with_name(path.name + ".tmp")
    yield tmp
    if durable:
        handle = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
    tmp.replace(path)


def write_atomic(path: Path, data: str | bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` all or nothing; ``durable`` also waits for the disk (fsync),
    which files that a resumed run rewrites anyway (review pages) can skip."""
    with atomic_path(path, durable=durable) as tmp:
        tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
