"""Markdown tables as lists, since Discord shows a table's pipes and padding as written.

A GFM table (a header row, a delimiter row of dashes, then rows) becomes one list item a
row, its cells joined by " — " and the header's cells in bold; a wide table padded to line
up in a monospaced editor then reads as well on a phone as on a desktop. Tables inside code
blocks or block quotes are left as written.
"""

from __future__ import annotations

import re

from bot.engine.fences import fence_after
from bot.rendering.linebreaks import TABLE_DELIMITER

_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def tables_as_lists(markdown: str) -> str:
    """`markdown` with every table outside code blocks and quotes written as a list."""
    if "|" not in markdown or "-" not in markdown:
        return markdown
    lines = markdown.split("\n")
    out: list[str] = []
    fence = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        in_code, fence = fence_after(fence, line)
        if in_code:
            out.append(line)
            i += 1
            continue
        header = _cells(line)
        delimiter = lines[i + 1] if i + 1 < len(lines) else ""
        if not (header and "|" in delimiter and TABLE_DELIMITER.match(delimiter)):
            out.append(line)
            i += 1
            continue
        if len(_cells(delimiter)) != len(header):
            # Not a table to CommonMark's GFM extension: the header and delimiter differ.
            out.append(line)
            i += 1
            continue
        indent = line[: len(line) - len(line.lstrip())]
        if any(header):
            out.append(f"{indent}- " + " — ".join(f"**{cell}**" for cell in header if cell))
        i += 2
        while i < len(lines) and lines[i].strip() and "|" in lines[i]:
            row = [cell for cell in _cells(lines[i]) if cell]
            if row:
                out.append(f"{indent}- " + " — ".join(row))
            i += 1
    return "\n".join(out)


def _cells(line: str) -> list[str]:
    """The cells of a table row (`| a | b |` or `a | b`), unescaped; [] if it is no row."""
    text = line.strip()
    if "|" not in text or text.startswith(">"):
        return []
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return [cell.strip().replace("\\|", "|") for cell in _CELL_SPLIT.split(text)]
