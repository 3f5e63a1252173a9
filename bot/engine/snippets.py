"""Snippets: the part of a passage around the matched words, with those words marked.

The snippet is data (segments flagged as matched or not), so each front end marks it its own
way: the JSON output and the console with `**bold**`, Discord with escaped text and bold.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass

from bot.engine.text import fold, plain_text

SNIPPET_CHARS = 300
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class Snippet:
    segments: tuple[tuple[str, bool], ...]
    cut_before: bool = False
    cut_after: bool = False

    def render(self, escape: Callable[[str], str] = str, mark: str = "**") -> str:
        out = ["…" if self.cut_before else ""]
        for text, matched in self.segments:
            out.append(f"{mark}{escape(text)}{mark}" if matched else escape(text))
        if self.cut_after:
            out.append("…")
        return "".join(out)

    @property
    def text(self) -> str:
        return self.render(mark="")

    @property
    def matched(self) -> list[str]:
        return [text for text, matched in self.segments if matched]


def _key(word: str) -> str:
    return fold(word).lower()


def make_snippet(markdown: str, terms: Collection[str], size: int = SNIPPET_CHARS) -> Snippet:
    """The window of `size` characters of the passage that holds the most matched words."""
    plain = " ".join(plain_text(markdown).split())
    matches = [m.span() for m in _WORD.finditer(plain) if _key(m.group()) in terms]
    start, end = _window(plain, matches, size)
    segments: list[tuple[str, bool]] = []
    pos = start
    for m_start, m_end in matches:
        if m_start < start or m_end > end:
            continue
        if m_start > pos:
            segments.append((plain[pos:m_start], False))
        segments.append((plain[m_start:m_end], True))
        pos = m_end
    if pos < end:
        segments.append((plain[pos:end], False))
    return Snippet(tuple(segments), start > 0, end < len(plain))


def _window(plain: str, matches: list[tuple[int, int]], size: int) -> tuple[int, int]:
    if len(plain) <= size:
        return 0, len(plain)
    best_start, best_count = 0, -1
    for i, (m_start, _) in enumerate(matches):
        count = sum(1 for s, e in matches[i:] if e <= m_start + size)
        if count > best_count:
            best_start, best_count = m_start, count
    # Give the first matched word some context before it, starting at a word.
    start = max(0, best_start - size // 5)
    if start > 0:
        space = plain.find(" ", start)
        start = space + 1 if 0 <= space < best_start else best_start
    end = min(len(plain), start + size)
    if end < len(plain):
        space = plain.rfind(" ", start, end)
        if space > start + size // 2:
            end = space
    return start, end
