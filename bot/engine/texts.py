"""Passage texts packed in one UTF-8 buffer with a table of offsets, decoded when read.

As Python strings, half a million passages would cost some 60 bytes each beyond their text
(an object header and a list slot); packed, they cost the 8 bytes of their offset. Reading a
text decodes it, about a microsecond for a paragraph, and search reads a few dozen a query.
The index cache stores the same two parts as files and maps them into memory, so a start from
the cache reads no text until it is asked for and processes share the pages.
"""

from __future__ import annotations

import mmap
import os
from array import array
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import overload


class PackedTexts(Sequence[str]):
    """A growing list of texts while a corpus loads; read-only when opened from files."""

    def __init__(self) -> None:
        self._data: bytearray | mmap.mmap | bytes = bytearray()
        self._offsets = array("Q", [0])

    @classmethod
    def open(cls, texts: Path, offsets: Path) -> PackedTexts:
        """The texts a `write` stored, memory-mapped."""
        packed = cls()
        packed._offsets = array("Q")
        packed._offsets.frombytes(offsets.read_bytes())
        with texts.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            packed._data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        return packed

    def write(self, texts: Path, offsets: Path) -> None:
        with texts.open("wb") as handle, memoryview(self._data) as view:
            handle.write(view[: self._offsets[-1]])
        offsets.write_bytes(self._offsets.tobytes())

    def append(self, text: str) -> None:
        data = self._data
        if not isinstance(data, bytearray):
            raise TypeError("texts opened from files are read-only")
        data += text.encode()
        self._offsets.append(len(data))

    def __len__(self) -> int:
        return max(0, len(self._offsets) - 1)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self.text(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self.text(index)

    def text(self, index: int) -> str:
        """The text at a known-good index, without `__getitem__`'s checks (search reads
        dozens of candidates a query)."""
        offsets = self._offsets
        return self._data[offsets[index] : offsets[index + 1]].decode()

    def __iter__(self) -> Iterator[str]:
        for i in range(len(self)):
            yield self.text(i)
