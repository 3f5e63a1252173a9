"""One Markdown file → front matter, headings and passages, with pulldown-cmark (pyromark).

Only top-level blocks matter here: a heading opens a section; a paragraph, list or block quote
is a passage; a code block, table or HTML block joins the passage before it (it never starts a
heading and rarely stands alone); a paragraph that ends with a colon keeps the list after it.
Passage text is the Markdown source of its blocks, so quotes stay exact, with the links
Discord cannot render (reference-style, relative) reduced to their text.
"""

from __future__ import annotations

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


def _kind(tag: Any) -> str:
    return tag if isinstance(tag, str) else next(iter(tag))


def parse_markdown(source: str) -> ParsedFile:
    """Parse Markdown (LF line ends) into headings and passages in document order."""
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
    heading_parts: list[str] = []
    # Link rewriting inside the current block: (link start, link end, replacement).
    edits: list[tuple[int, int, str]] = []
    link_stack: list[list[Any]] = []
    # Lead-in detection: 0 = not a paragraph, 1 = expecting Strong first, 2 = inside it.
    leadin_state = 0
    leadin_parts: list[str] = []
    leadin: str | None = None
    pending_colon = False
    list_after_colon = False
    front_matter = ""

    key: str
    tag: Any
    for event, span in pyromark.events_with_range(source, options=OPTIONS):
        if type(event) is dict:
            key, tag = next(iter(event.items()))
        else:
            # Bare string events: SoftBreak, HardBreak, Rule.
            if depth == 0:
                continue
            if leadin_state == 2:
                leadin_parts.append(" ")
            continue

        if key == "Start":
            kind = _kind(tag)
            if depth == 0:
                block_kind = kind
                block_start = span["start"]
                edits.clear()
                leadin = None
                leadin_state = 1 if kind == "Paragraph" else 0
                if kind == "Heading":
                    heading_parts.clear()
                elif kind == "MetadataBlock":
                    front_matter = ""
            else:
                if leadin_state == 1:
                    leadin_state = 2 if kind == "Strong" else 0
                if kind in ("Link", "Image"):
                    link_stack.append([span["start"], span["end"], tag[kind], -1, -1, kind])
            depth += 1
            continue

        if key == "End":
            depth -= 1
            kind = _kind(tag)
            if depth == 0:
                end = span["end"]
                if block_kind == "Heading":
                    level = _LEVELS[tag[kind]]
                    text = " ".join("".join(heading_parts).split())
                    items.append(Heading(level, text, lines.at(block_start)))
                elif block_kind == "MetadataBlock":
                    if block_start == 0:
                        parsed.front_matter = front_matter
                    else:
                        # Only the opening block is front matter; later ones are text.
                        _add_block(
                            items,
                            "Paragraph",
                            front_matter.strip(),
                            lines.at(block_start) + 1,
                            None,
                            False,
                        )
                    front_matter = ""
                elif block_kind == "HtmlBlock" and _only_comments(piece(block_start, end)):
                    pass
                else:
                    text = _apply_edits(piece, block_start, end, edits).rstrip()
                    if leadin_state == 3:
                        leadin = None
                    if text:
                        _add_block(
                            items,
                            block_kind,
                            text,
                            lines.at(block_start),
                            leadin,
                            list_after_colon,
                        )
                        list_after_colon = block_kind == "Paragraph" and text.endswith(":")
                block_kind = ""
                continue
            if leadin_state == 2 and kind == "Strong":
                candidate = " ".join("".join(leadin_parts).split())
                leadin_parts.clear()
                if candidate.endswith(":") and len(candidate) <= 100:
                    leadin = candidate[:-1].rstrip()
                    leadin_state = 0
                else:
                    leadin_state = 3
                    pending_colon = True
                    leadin = candidate
                continue
            if kind in ("Link", "Image") and link_stack:
                _close_link(link_stack.pop(), data, piece, edits)
            continue

        # Leaf events: Text, Code, Html, InlineHtml, FootnoteReference, ...
        if link_stack:
            for link in link_stack:
                if link[3] < 0:
                    link[3] = span["start"]
                link[4] = span["end"]
        if block_kind == "MetadataBlock" and key == "Text":
            front_matter += tag
        elif block_kind == "Heading" and key in ("Text", "Code"):
            heading_parts.append(tag)
        elif leadin_state == 2 and key in ("Text", "Code"):
            leadin_parts.append(tag)
        elif leadin_state == 3 and pending_colon:
            # "**Lead-in**: text" has its colon just after the bold text.
            pending_colon = False
            leadin_state = 0
            if key == "Text" and tag.startswith(":") and leadin and len(leadin) <= 100:
                leadin = leadin.rstrip()
            else:
                leadin = None
        elif leadin_state == 1:
            leadin_state = 0
    return parsed


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
    items.append(Block(text, line, leadin if kind == "Paragraph" else None))


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


def _only_comments(html: str) -> bool:
    rest = html.strip()
    while rest.startswith("<!--"):
        close = rest.find("-->")
        if close < 0:
            return True
        rest = rest[close + 3 :].lstrip()
    return not rest
