"""Pandoc's Markdown as Quarto and R Markdown write it, as a reader of the built page sees it.

Pandoc gives blocks attributes in braces. A fenced div (`::: {.callout-note}` … `:::`) wraps
Markdown in a box that CommonMark reads as two paragraphs of colons; a code block's
attributes (```` ```{python} ````, ```` ```{r setup, include=FALSE} ````,
```` ``` {.bash filename="Terminal"} ````) are no language Discord knows, and an executable
cell opens with its options (`#| echo: false`), which the page does not show. Before
parsing, a callout becomes an Obsidian-style callout (its title from `title="…"` or from the
heading that opens it), any other div gives way to its content, and a code block's
attributes to its language, after its option lines.

A pure function of the source that keeps its lines one for one, so that the line numbers of
citations still point into the file (a cell's code block opens on its last option line).
`::: callout-note`, a div named by one word, is read with the other sites' containers
(`containers`).
"""

from __future__ import annotations

import re

from bot.engine.fences import MAX_NESTING, fence_after, outside_code
from bot.engine.site_markup import title_attribute

_MARKER = re.compile(r"\{(?:(?<=[:`~]{3}\{)|(?<=[:`~]{3} \{))")
"""What may open a div or a code block with attributes: a brace after three colons or
backticks (a literal first, so that a scan takes a millisecond or two a megabyte)."""
_DIV = re.compile(r"( {0,3})(:{3,})[ \t]*\{[ \t]*((?:(?:[.#]|[\w-]+=)[^{}]*)?)\}[ \t]*:*[ \t]*")
"""A fenced div's opening line, its attributes (if any) opening with a class, an id or a
key."""
_CLOSE = re.compile(r" {0,3}:{3,}[ \t]*")
_OPEN = re.compile(r" {0,3}:{3,}[ \t]*[^:\s]")
_CODE = re.compile(r"( {0,3})(`{3,}|~{3,})[ \t]*\{[ \t]*([.=]?)([A-Za-z][\w+#-]*)[^{}]*\}[ \t]*")
"""A code block's opening line with attributes: `{python}`, `{.bash …}`, `{=html}` (raw)."""
_CELL_OPTION = re.compile(r"[ \t]*#\|")
_CAPTION = re.compile(
    r"[ \t]*#\|[ \t]*(?:fig|tbl)-cap:[ \t]*(?:\"([^\"]+)\"|'([^']+)'|([^\s\"'|>-].*?))[ \t]*$"
)
_CLASS = re.compile(r"(?<![^\s{])\.([\w-]+)")
_HEADING = re.compile(r" {0,3}#{1,6}[ \t]+(.*?)[ \t#]*")

_ENGINE_NAMES = """python r julia ojs bash sh shell sql mermaid dot js javascript css stan rcpp
cpp c perl ruby scala go rust octave sas node ipython ipython3"""
ENGINES = frozenset(_ENGINE_NAMES.split())
"""What Quarto and R Markdown run a cell with: `{python}` and `{r label}` open executable
cells. (Another name in braces is left to MyST, whose directives look alike.)"""


def pandoc_as_markdown(source: str) -> str:
    """`source` with its fenced divs and code block attributes rewritten (see the module)."""
    if not any(_starts_block(source, m.start()) for m in _MARKER.finditer(source)):
        return source
    return "\n".join(_rewrite(source.split("\n")))


def _starts_block(source: str, brace: int) -> bool:
    line_start = source.rfind("\n", 0, brace) + 1
    line_end = source.find("\n", brace)
    line = source[line_start : line_end if line_end >= 0 else len(source)]
    return bool(_DIV.fullmatch(line) or _code_block(line))


def _code_block(line: str) -> re.Match[str] | None:
    found = _CODE.fullmatch(line)
    if found is None or (not found.group(3) and found.group(4).lower() not in ENGINES):
        return None
    return found


def _rewrite(lines: list[str], depth: int = 0) -> list[str]:
    out: list[str] = []
    fence = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        if not fence and (code := _code_block(line)) is not None:
            indent, marks, prefix, language = code.groups()
            if prefix == "=":
                end = _raw_end(lines, i, marks)
                shown = language.lower() == "html"
                out += ["", *(lines[i + 1 : end] if shown else [""] * (end - i - 1))]
                out += [""] if end < len(lines) else []
                i = end + 1
                continue
            options = 0
            while i + 1 + options < len(lines) and _CELL_OPTION.match(lines[i + 1 + options]):
                options += 1
            captions = [c for c in map(_caption, lines[i + 1 : i + 1 + options]) if c]
            if captions and len(captions) < options:
                captions.insert(0, "")  # apart from a paragraph just above
            out += [*captions, *[""] * (options - len(captions)), f"{indent}{marks}{language}"]
            fence = marks
            i += 1 + options
            continue
        div = None if fence or depth >= MAX_NESTING else _DIV.fullmatch(line)
        if div is not None:
            end = _closing(lines, i)
            out += _div(div, _rewrite(lines[i + 1 : end], depth + 1), end < len(lines))
            i = end + 1
            continue
        _, fence = fence_after(fence, line)
        out.append(line)
        i += 1
    return out


def _raw_end(lines: list[str], start: int, marks: str) -> int:
    """The closing fence of the raw block opened at `start`, or the end of the lines."""
    for j in range(start + 1, len(lines)):
        if not fence_after(marks, lines[j])[1]:
            return j
    return len(lines)


def _caption(option: str) -> str:
    """A cell option's caption (`#| fig-cap: "…"`), which the page shows under the cell's
    output; "" for any other option."""
    found = _CAPTION.match(option)
    return found.group(1) or found.group(2) or found.group(3) if found else ""


def _closing(lines: list[str], start: int) -> int:
    """The line of colons that closes the div opened at `start` (divs nest: each line of
    colons closes the innermost), skipping code blocks; the end of the lines if none."""
    depth = 0
    for j, line in outside_code(lines, start + 1):
        if _CLOSE.fullmatch(line):
            if depth == 0:
                return j
            depth -= 1
        elif _OPEN.match(line):
            depth += 1
    return len(lines)


def _div(div: re.Match[str], inner: list[str], closed: bool) -> list[str]:
    """The lines a div becomes: a callout, or its content alone."""
    indent, _, attributes = div.groups()
    end = [""] if closed else []
    kind = next(
        (c[8:] for c in _CLASS.findall(attributes) if c.startswith("callout-") and c[8:]), None
    )
    if kind is None:
        return ["", *inner, *end]
    title = title_attribute(attributes)
    opening = 1
    first = next((k for k, text in enumerate(inner) if text.strip()), None)
    if not title and first is not None and (heading := _HEADING.fullmatch(inner[first])):
        # Quarto: a heading that opens a callout is its title, and the callout opens there.
        title = heading.group(1)
        rest = inner[first + 1 :]
        blank = next((k for k, text in enumerate(rest) if text.strip()), len(rest))
        opening += first + 1 + blank
        inner = rest[blank:]
    head = f"{indent}> [!{kind}] {' '.join(title.split())}".rstrip()
    quoted = [f"{indent}> {text}" if text.strip() else f"{indent}>" for text in inner]
    return [*[""] * (opening - 1), head, *quoted, *end]
