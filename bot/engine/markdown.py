"""One Markdown file → front matter, headings and passages, with pulldown-cmark (pyromark).

Only top-level blocks matter here: a heading opens a section; a paragraph, list or block quote
is a passage; a code block, table or HTML block joins the passage before it (it never starts a
heading and rarely stands alone); a paragraph that ends with a colon keeps the list after it.
Passage text is the Markdown source of its blocks, so quotes stay exact, with the links
Discord cannot render (reference-style, relative) reduced to their text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pyromark

OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_STRIKETHROUGH
    | pyromark.Options.ENABLE_YAML_STYLE_METADATA_BLOCKS
    | pyromark.Options.ENABLE_FOOTNOTES
)

ATTACH_LIMIT = 3500
"""A block that joins the previous passage must keep it under this many characters."""

_LEVELS = {"H1": 1, "H2": 2, "H3": 3, "H4": 4, "H5": 5, "H6": 6}
_ATTACHED = frozenset({"CodeBlock", "Table", "HtmlBlock", "FootnoteDefinition"})
_RENDERABLE_URL = ("http://", "https://")


@dataclass(slots=True)
class Heading:
    level: int
    text: str
    line: int


@dataclass(slots=True)
class Block:
    """A passage in the making: its text, first line, and bold lead-in if it opens with one."""

    text: str
    line: int
    leadin: str | None = None


@dataclass(slots=True)
class ParsedFile:
    front_matter: str | None = None
    """The YAML between the opening `---` lines, which start on line 1."""
    items: list[Heading | Block] = field(default_factory=list)
    """Headings and passages in document order."""


class _Lines:
    """Byte offset → 1-based line number, counting forward as offsets grow."""

    __slots__ = ("_data", "_line", "_pos")

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._pos = 0
        self._line = 1

    def at(self, offset: int) -> int:
        if offset >= self._pos:
            self._line += self._data.count(b"\n", self._pos, offset)
        else:
            self._line -= self._data.count(b"\n", offset, self._pos)
        self._pos = offset
        return self._line


def parse_markdown(source: str) -> ParsedFile:
    """Parse Markdown (LF line ends) into headings and passages in document order.

    This loop sees every event of the file, so it is written for speed: leaf events (text,
    code, HTML) cost two dict look-ups unless something in the current block needs them (a
    heading's words, front matter, a possible lead-in, a link to rewrite).
    """
    data = source.encode()
    ascii_only = len(data) == len(source)
    lines = _Lines(data)
    parsed = ParsedFile()
    items = parsed.items

    def piece(start: int, end: int) -> str:
        return source[start:end] if ascii_only else data[start:end].decode()

    depth = 0
    block_kind = ""
    block_start = 0
    collected: list[str] = []
    """Heading words, front matter text, or the words of a possible bold lead-in."""
    edits: list[tuple[int, int, str]] = []
    """Link rewriting inside the current block: (link start, link end, replacement)."""
    links: list[list[Any]] = []
    # Lead-in detection: 0 = no, 1 = paragraph started, 2 = inside its opening Strong,
    # 3 = Strong closed without a colon, which may follow as the next text, 4 = block
    # quote started (its first paragraph may open with a lead-in, or it may open with a
    # heading, as a sidebar does: "> ### The Stack and the Heap"), 5 = inside that heading.
    leadin_state = 0
    leadin: str | None = None
    list_after_colon = False
    watching = False
    """True while leaf events matter: in a heading or front matter, a lead-in, a link."""

    tag: Any
    for event, span in pyromark.events_with_range(source, options=OPTIONS):
        if event.__class__ is not dict:
            # SoftBreak, HardBreak, Rule.
            if leadin_state == 2:
                collected.append(" ")
            continue
        tag = event.get("Start")
        if tag is not None:
            kind = tag if tag.__class__ is str else next(iter(tag))
            if depth == 0:
                block_kind = kind
                block_start = span["start"]
                edits.clear()
                collected.clear()
                leadin = None
                leadin_state = 1 if kind == "Paragraph" else 4 if kind == "BlockQuote" else 0
                watching = leadin_state > 0 or kind in ("Heading", "MetadataBlock")
            else:
                if leadin_state == 1:
                    leadin_state = 2 if kind == "Strong" else 0
                    watching = leadin_state == 2 or bool(links)
                elif leadin_state == 4:
                    leadin_state = 1 if kind == "Paragraph" else 5 if kind == "Heading" else 0
                    watching = leadin_state > 0 or bool(links)
                if kind == "Link" or kind == "Image":
                    links.append([span["start"], span["end"], tag[kind], -1, -1, kind])
                    watching = True
            depth += 1
            continue
        tag = event.get("End")
        if tag is not None:
            depth -= 1
            kind = tag if tag.__class__ is str else next(iter(tag))
            if depth == 0:
                if leadin_state == 3:
                    leadin = None
                colon = _finish_block(
                    items,
                    parsed,
                    block_kind,
                    block_start,
                    span["end"],
                    tag,
                    collected,
                    leadin,
                    list_after_colon,
                    edits,
                    piece,
                    lines,
                )
                if colon is not None:
                    list_after_colon = colon
                block_kind = ""
                leadin_state = 0
                watching = False
            elif leadin_state == 2 and kind == "Strong":
                candidate = " ".join("".join(collected).split())
                if candidate.endswith(":") and len(candidate) <= 100:
                    leadin = candidate[:-1].rstrip()
                    leadin_state = 0
                else:
                    leadin = candidate if len(candidate) <= 100 else None
                    leadin_state = 3 if leadin else 0
                watching = leadin_state == 3 or bool(links)
            elif leadin_state == 5 and kind == "Heading":
                candidate = " ".join("".join(collected).split())
                leadin = candidate if 0 < len(candidate) <= 100 else None
                leadin_state = 0
                watching = bool(links)
            elif (kind == "Link" or kind == "Image") and links:
                _close_link(links.pop(), data, piece, edits)
                watching = bool(links) or leadin_state in (2, 3, 5) or block_kind == "Heading"
            continue
        if not watching:
            continue
        # A leaf event (Text, Code, Html, ...) that matters.
        for link in links:
            if link[3] < 0:
                link[3] = span["start"]
            link[4] = span["end"]
        text = event.get("Text")
        if text is None:
            text = event.get("Code")
        if block_kind in ("Heading", "MetadataBlock") or leadin_state == 2 or leadin_state == 5:
            if text is not None:
                collected.append(text)
        elif leadin_state == 3:
            # "**Lead-in**: text" has its colon just after the bold text.
            if not (text is not None and "Text" in event and text.startswith(":")):
                leadin = None
            leadin_state = 0
            watching = bool(links)
        elif leadin_state == 1:
            leadin_state = 0
            watching = bool(links)
    return parsed


def _finish_block(
    items: list[Heading | Block],
    parsed: ParsedFile,
    kind: str,
    start: int,
    end: int,
    tag: Any,
    collected: list[str],
    leadin: str | None,
    list_after_colon: bool,
    edits: list[tuple[int, int, str]],
    piece: Any,
    lines: _Lines,
) -> bool | None:
    """Add the finished top-level block; True when it is a paragraph ending with a colon
    (the list after it joins it), None when the block left no trace (an HTML comment)."""
    if kind == "Heading":
        text = " ".join("".join(collected).split())
        items.append(Heading(_LEVELS[tag[kind]], text, lines.at(start)))
    elif kind == "MetadataBlock":
        if start == 0:
            parsed.front_matter = "".join(collected)
        else:
            # Only the opening block is front matter; a later one is text.
            text = "".join(collected).strip()
            if text:
                _add_block(items, "Paragraph", text, lines.at(start) + 1, None, False)
    elif kind in ("HtmlBlock", "Paragraph") and _invisible(piece(start, end)):
        return None
    else:
        text = _apply_edits(piece, start, end, edits).rstrip()
        if text:
            _add_block(items, kind, text, lines.at(start), leadin, list_after_colon)
            return kind == "Paragraph" and text.endswith(":")
    return False


def _add_block(
    items: list[Heading | Block],
    kind: str,
    text: str,
    line: int,
    leadin: str | None,
    list_after_colon: bool,
) -> None:
    previous = items[-1] if items else None
    joins = isinstance(previous, Block) and (
        kind in _ATTACHED or (kind == "List" and list_after_colon)
    )
    if joins and isinstance(previous, Block) and len(previous.text) + len(text) < ATTACH_LIMIT:
        previous.text = f"{previous.text}\n\n{text}"
        return
    items.append(Block(text, line, leadin if kind in ("Paragraph", "BlockQuote") else None))


def _close_link(
    link: list[Any], data: bytes, piece: Any, edits: list[tuple[int, int, str]]
) -> None:
    start, end, info, inner_start, inner_end, kind = link
    if info.get("link_type") == "Collapsed" and data[end : end + 2] == b"[]":
        end += 2
    inner = piece(inner_start, inner_end) if inner_start >= 0 else ""
    url = str(info.get("dest_url", ""))
    if kind == "Image":
        edits.append((start, end, inner))
    elif info.get("link_type") in ("Inline", "Autolink", "Email") and url.startswith(
        _RENDERABLE_URL
    ):
        return
    elif url.startswith(_RENDERABLE_URL):
        edits.append((start, end, f"[{inner}]({url})"))
    elif info.get("link_type") not in ("Autolink", "Email"):
        edits.append((start, end, inner))


def _apply_edits(piece: Any, start: int, end: int, edits: list[tuple[int, int, str]]) -> str:
    if not edits:
        return str(piece(start, end))
    out: list[str] = []
    pos = start
    for edit_start, edit_end, replacement in sorted(edits):
        if edit_start < pos:
            continue
        out.append(piece(pos, edit_start))
        out.append(replacement)
        pos = edit_end
    out.append(piece(pos, end))
    return "".join(out)


_TAG_OR_COMMENT = re.compile(r"<!--.*?(?:-->|$)|</?[A-Za-z][^<>]*>", re.DOTALL)


def _invisible(html: str) -> bool:
    """A block a reader never sees: HTML comments, or tags with no text between them
    (`<a id="ERR_X"></a>` anchors). Its words must not make it match a search."""
    return html.lstrip().startswith("<") and not _TAG_OR_COMMENT.sub("", html).strip()
