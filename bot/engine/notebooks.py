"""Jupyter notebooks (.ipynb) as the Markdown a reader of the notebook sees.

A notebook is JSON: a list of cells, each holding its source. Its Markdown cells are Markdown
(Jupyter Book writes MyST in them), its code cells code in the kernel's language; raw cells
are not shown, and neither are outputs here (plots and tables as images or HTML, which an
excerpt cannot show, and a code cell's text comes before what it prints). The cells become
one Markdown document, which is parsed as any other; each of its lines keeps the line of the
notebook file it came from, so that citations point into the file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from bot.engine.fences import fence_for

_SOURCE_KEY = re.compile(r'(?<!\\)"source"\s*:\s*(\[?)')
"""Where a cell's source starts in the file (a key of that name in a string is escaped)."""


class NotebookError(ValueError):
    """The file is no notebook: why, and on which line."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Notebook:
    markdown: str
    """The notebook's cells as one Markdown document."""
    lines: list[int]
    """For each line of `markdown` (0-based), the line of the notebook file it came from."""


def notebook_as_markdown(text: str) -> Notebook:
    """The Markdown of a notebook's cells (see the module); NotebookError if `text` is no
    notebook."""
    try:
        notebook = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotebookError(exc.lineno, f"not a notebook: invalid JSON: {exc.msg}") from exc
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    if not isinstance(cells, list):
        raise NotebookError(1, "not a notebook: it holds no list of cells")
    language = _language(notebook.get("metadata"))
    starts = _source_starts(text)
    if len(starts) != len(cells):
        # A key named "source" elsewhere (in metadata): lines are not known cell by cell.
        starts = [(1, False)] * len(cells)
    out: list[str] = []
    lines: list[int] = []
    for cell, (first, listed) in zip(cells, starts, strict=True):
        if not isinstance(cell, dict):
            continue
        source = _source(cell.get("source"))
        if not source.strip():
            continue
        body = source.split("\n")
        # Saved by Jupyter, a source is a list of its lines, one a line of the file after
        # the key's; as one string, all of it is on the key's line.
        where = [first + 1 + j if listed else first for j in range(len(body))]
        if cell.get("cell_type") == "markdown":
            out += body
            lines += where
        elif cell.get("cell_type") == "code":
            fence = fence_for(source)
            out += [f"{fence}{language}", *body, fence]
            lines += [where[0], *where, where[-1]]
        else:
            continue
        out.append("")
        lines.append(lines[-1])
    return Notebook("\n".join(out), lines)


def _source(source: Any) -> str:
    if isinstance(source, str):
        return source
    if isinstance(source, list):
        return "".join(part for part in source if isinstance(part, str))
    return ""


def _language(metadata: Any) -> str:
    """The code cells' language, as a code block names it: the kernel's."""
    if not isinstance(metadata, dict):
        return ""
    for key, field in (("kernelspec", "language"), ("language_info", "name")):
        found = metadata.get(key)
        if isinstance(found, dict) and isinstance(found.get(field), str):
            return "".join(found[field].split()).lower()
    return ""


def _source_starts(text: str) -> list[tuple[int, bool]]:
    """Each "source" key's line in the file, and whether a list follows it."""
    starts: list[tuple[int, bool]] = []
    line = 1
    position = 0
    for key in _SOURCE_KEY.finditer(text):
        line += text.count("\n", position, key.start())
        position = key.start()
        starts.append((line, bool(key.group(1))))
    return starts
