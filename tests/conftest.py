"""Shared fixtures: corpora written to temporary folders, and the bundled corpus loaded once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.engine.library import Library

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "corpus"
NODEJS = ROOT / "tests" / "fixtures" / "nodejs-api"

WriteCorpus = Callable[[dict[str, str | bytes]], Path]


@pytest.fixture
def write_corpus(tmp_path: Path) -> WriteCorpus:
    """Write {relative name: text or bytes} into a fresh corpus folder and return it."""

    def write(files: dict[str, str | bytes]) -> Path:
        root = tmp_path / "corpus"
        root.mkdir(exist_ok=True)
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return write


@pytest.fixture(scope="session")
def bundled() -> Library:
    return Library.load(BUNDLED, seed=7)


@pytest.fixture(scope="session")
def nodejs() -> Library:
    return Library.load(NODEJS, seed=7)
