"""``to_disk``/``from_disk`` for components whose state is one JSON value (a table or a lexicon),
so ``nlp.to_disk()`` then ``spacy.load()`` carries the rules without the repo's ``patterns/``."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

import srsly


class JsonState:
    """Mixin: a component names its file (``state_file``) and says how to get and set its state.
    Listed before another base that saves state too (``RuleComponent``'s patterns), it saves both."""

    state_file: str

    def get_state(self) -> Any:
        raise NotImplementedError

    def set_state(self, state: Any) -> None:
        raise NotImplementedError

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        if hasattr(super(), "to_disk"):
            super().to_disk(path, exclude=exclude)
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / self.state_file, self.get_state())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()):
        if hasattr(super(), "from_disk"):
            super().from_disk(path, exclude=exclude)
        self.set_state(srsly.read_json(Path(path) / self.state_file))
        return self
