"""`Library.load` failing half way leaves nothing behind: no half-built index cache entry,
and the next load builds the whole library."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import loader
from bot.engine.library import Library
from tests.conftest import BUNDLED
from tests.reliability.loader_faults import HalfWay


def test_library_load_raising_half_way_leaves_no_trace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`Library.load` with an index cache raises half way (the tantivy writer had started
    indexing the first documents): the cache folder holds no half-built entry, and the next
    load builds a whole library. (It used to keep a `.building-*` folder of segments.)"""
    cache = tmp_path / "cache"
    failing = HalfWay(good=3)
    failing.hold.set()
    monkeypatch.setattr(loader, "read_file", failing)
    for _ in range(3):
        with pytest.raises(MemoryError):
            Library.load(BUNDLED, cache_dir=cache)
    assert [p.name for p in cache.iterdir() if p.is_dir()] == [], "a half-built entry is left"
    monkeypatch.undo()
    whole = Library.load(BUNDLED, cache_dir=cache)
    assert len(whole.corpus) == 39
