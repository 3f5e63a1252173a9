"""Shared fixtures: corpora written to temporary folders, and the bundled corpus loaded once."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

from bot.engine.library import Library

# Property tests run the same examples on every run by default, so CI is repeatable; set
# HYPOTHESIS_PROFILE=explore to draw new ones (as development runs should, now and then).
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "corpus"
NODEJS = ROOT / "tests" / "fixtures" / "nodejs-api"
RUST_BOOK = ROOT / "tests" / "fixtures" / "rust-book"
TLDR = ROOT / "tests" / "fixtures" / "tldr-pages"
VUE_ZH = ROOT / "tests" / "fixtures" / "vue-guide-zh"
DND_SRD = ROOT / "tests" / "fixtures" / "dnd-srd"
CLASSICS = ROOT / "tests" / "fixtures" / "classics"

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


@pytest.fixture(scope="session")
def rust_book() -> Library:
    return Library.load(RUST_BOOK, seed=7)


@pytest.fixture(scope="session")
def tldr() -> Library:
    return Library.load(TLDR, seed=7)


@pytest.fixture(scope="session")
def vue_zh() -> Library:
    return Library.load(VUE_ZH, seed=7)


@pytest.fixture(scope="session")
def srd() -> Library:
    return Library.load(DND_SRD, seed=7)


@pytest.fixture(scope="session")
def classics() -> Library:
    return Library.load(CLASSICS, seed=7)
