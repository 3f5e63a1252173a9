"""Snippets: the part of a passage around the matched words, with those words marked.

The snippet is data (segments flagged as matched or not), so each front end marks it its own
way: the JSON output and the console with `**bold**`, Discord with escaped text and bold.

Passages can be long, so the work is bounded: matched words are found with one compiled
pattern of the query's terms, and only a region around the first match is reduced to plain
text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import lru_cache

from bot.engine import cjk
from bot.engine.text import (
    fold,
    folded_in_place,
    latin_as_ascii,
    plain_text,
    punctuation_as_spaces,
)

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


@lru_cache(maxsize=512)
def _ascii_terms(terms: frozenset[str]) -> tuple[str, ...]:
    return tuple(t for t in terms if t and t.isascii() and " " not in t)


@lru_cache(maxsize=512)
def _phrases(terms: frozenset[str]) -> tuple[re.Pattern[str], ...]:
    """A pattern for each phrase among the terms ("know the enemy"), its words apart by
    anything but letters and digits, as the index reads them."""
    patterns = []
    for term in terms:
        if " " in term:
            words = r"[\W_]+".join(map(re.escape, term.split()))
            patterns.append(re.compile(rf"(?<![^\W_]){words}(?![^\W_])", re.IGNORECASE))
    return tuple(patterns)


def _matches(plain: str, terms: frozenset[str]) -> list[tuple[int, int]]:
    """Spans of the whole words of `plain` that are one of the terms, in any case."""
    if not plain.isascii():
        # Punctuation is no part of a word: as spaces (one for one, so spans stay), most
        # prose is ASCII; so are most words of languages written in Latin letters, folded.
        plain = punctuation_as_spaces(plain)
        if not plain.isascii():
            plain = latin_as_ascii(plain)
    if not plain.isascii():
        # Folded whole, the text is searched term by term as ASCII is, when folding keeps
        # each character in its place (Chinese, Japanese and Korean text mostly does).
        folded = folded_in_place(plain)
        if folded is not None:
            return cjk.marked_in_folded(folded, terms)
        spans: list[tuple[int, int]] = []
        for m in _WORD.finditer(plain):
            word = m.group()
            if fold(word).lower() in terms:
                spans.append(m.span())
            elif cjk.has_cjk(word):
                spans += [
                    (m.start() + a, m.start() + b) for a, b in cjk.marked_spans(word, terms, fold)
                ]
        return spans
    # str.find per term is C-fast; a regex alternation would try every term at every position.
    lowered = plain.lower()
    found: list[tuple[int, int]] = []
    for term in _ascii_terms(terms):
        start = lowered.find(term)
        while start >= 0:
            end = start + len(term)
            before = lowered[start - 1] if start else " "
            after = lowered[end] if end < len(lowered) else " "
            if not before.isalnum() and not after.isalnum():
                found.append((start, end))
            start = lowered.find(term, end)
    found += [m.span() for pattern in _phrases(terms) for m in pattern.finditer(plain)]
    # A phrase is marked whole, not word by word inside it.
    found.sort(key=lambda span: (span[0], -span[1]))
    kept: list[tuple[int, int]] = []
    for span in found:
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def make_snippet(markdown: str, terms: Collection[str], size: int = SNIPPET_CHARS) -> Snippet:
    """The window of `size` characters of the passage that holds the most matched words."""
    wanted = terms if isinstance(terms, frozenset) else frozenset(terms)
    region_start = 0
    if len(markdown) > size * 2:
        # Pick the densest stretch in the raw text first, so that only it (with some room for
        # the markup that plain_text will remove) goes through the slower Markdown clean-up.
        raw = markdown[: size * 12]
        matches = _matches(raw, wanted)
        if not matches and len(markdown) > len(raw):
            # The words come later in a long passage (a long code block, a paragraph no one
            # broke): look for them in all of it rather than show an opening without them.
            raw = markdown
            matches = _matches(raw, wanted)
        start, _ = _window(raw, matches, size)
        region_start = start
        markdown = markdown[start : start + size * 2]
    plain = plain_text(markdown)
    matches = _matches(plain, wanted)
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
    return Snippet(tuple(segments), start > 0 or region_start > 0, end < len(plain))


def _window(plain: str, matches: list[tuple[int, int]], size: int) -> tuple[int, int]:
    if len(plain) <= size:
        return 0, len(plain)
    best_start, best_count = 0, -1
    ends = [e for _, e in matches]
    for i, (m_start, _) in enumerate(matches):
        # The matches from this one that end within the window (ends ascend with starts).
        count = bisect.bisect_right(ends, m_start + size, i) - i
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
