"""A loader that fails half way through a corpus, for the reload fault tests."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from bot.engine import loader


class HalfWay:
    """`read_file` of the loader that reads `good` files, then raises: the machine running
    out of memory half way through a load. `hold` makes it wait for the test before failing
    (set it to fail at once), so a test can look at the bot while its reload is half done."""

    def __init__(self, good: int) -> None:
        self.good = good
        self.read = 0
        self.reached = threading.Event()
        self.hold = threading.Event()
        self._real = loader.read_file

    def __call__(self, path: Path, rel: str, include_from: Path | None = None) -> Any:
        if self.read >= self.good:
            self.reached.set()
            self.hold.wait(5)
            raise MemoryError  # what escapes everything, and says nothing about itself
        self.read += 1
        return self._real(path, rel, include_from)
