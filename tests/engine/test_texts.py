"""Packed passage texts: a list of strings in memory, the same read back from files."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.texts import PackedTexts

TEXTS = ["plain", "Qurʼān café 😀", "", "x" * 5000]


def packed(texts: list[str]) -> PackedTexts:
    store = PackedTexts()
    for text in texts:
        store.append(text)
    return store


def reads_like_the_list(store: PackedTexts, texts: list[str]) -> None:
    assert list(store) == texts and len(store) == len(texts)
    assert [store.text(i) for i in range(len(texts))] == texts
    assert store[-1] == texts[-1] and store[1:3] == texts[1:3]
    with pytest.raises(IndexError):
        store[len(texts)]


def test_texts_read_back_as_they_were_appended() -> None:
    reads_like_the_list(packed(TEXTS), TEXTS)
    assert not PackedTexts() and list(PackedTexts()) == []


def test_texts_written_to_files_open_memory_mapped_and_read_only(tmp_path: Path) -> None:
    packed(TEXTS).write(tmp_path / "texts.bin", tmp_path / "offsets.bin")
    opened = PackedTexts.open(tmp_path / "texts.bin", tmp_path / "offsets.bin")
    reads_like_the_list(opened, TEXTS)
    with pytest.raises(TypeError):
        opened.append("more")


def test_no_texts_write_and_open(tmp_path: Path) -> None:
    PackedTexts().write(tmp_path / "texts.bin", tmp_path / "offsets.bin")
    assert len(PackedTexts.open(tmp_path / "texts.bin", tmp_path / "offsets.bin")) == 0
