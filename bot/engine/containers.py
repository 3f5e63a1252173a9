"""Admonitions and tabs of documentation sites, as the Markdown a reader of the page sees.

MkDocs (`!!! note "Title"`, `??? tip`, `=== "Tab"`, content indented by four spaces),
Docusaurus and VitePress (`:::note Title` … `:::`) wrap text in boxes that CommonMark does not
know: it reads an indented admonition body as a code block (its links and emphasis left raw)
and a `:::` line as a paragraph of its own. Before parsing, each admonition becomes an
Obsidian-style callout (`> [!note] Title`, then its lines quoted), which the parser shows as
its kind and title in bold, and a tab its title in bold over its content, out of its
indentation.

A pure function of the source that keeps its lines one for one, so that the line numbers of
citations still point into the file. Code blocks are left as they are.
"""

from __future__ import annotations

import re

from bot.engine.fences import MAX_NESTING, fence_after, outside_code

_ANY = re.compile(r'\n(?:!!!|\?\?\?|===\+? "|:::)')
"""A line that may open a container: one quick scan of the file, past newlines, rules most
files out."""
_MKDOCS = re.compile(r'(!!!|\?\?\?\+?)[ \t]+([\w-]+)(?:[ \t]+[\w-]+)*(?:[ \t]+"(.*)")?[ \t]*')
_TAB = re.compile(r'===\+?[ \t]+"(.*)"[ \t]*')
_CALLOUT_NAMES = """note tip info warning danger caution important details success secondary
abstract summary tldr todo hint check done question help faq attention failure fail missing
error bug example quote cite"""
CALLOUT_KINDS = frozenset(_CALLOUT_NAMES.split())
"""The containers that are callouts (Docusaurus's, VitePress's, Obsidian's kinds; Quarto's
`callout-note`): another name, such as Pandoc's `::: columns`, only groups content."""
_DOCUSAURUS = re.compile(r"(:{3,})[ \t]*([\w-]+)(?:\[(.*)\]|[ \t]+(.*?))?[ \t]*")
"""`:::note Title`, or VitePress's `::: warning Title` (a space after the colons), or a
Pandoc div named by one class (`::: callout-tip`)."""


def containers_as_markdown(source: str) -> str:
    """`source` with its MkDocs and Docusaurus containers rewritten (see the module)."""
    if not _ANY.search(source) and not _ANY.match(f"\n{source[:5]}"):
        return source
    return "\n".join(_rewrite(source.split("\n")))


def _rewrite(lines: list[str], depth: int = 0) -> list[str]:
    closes: dict[int, int] | None = None
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
        nested = depth < MAX_NESTING
        admonition = _MKDOCS.fullmatch(line) if nested else None
        tab = _TAB.fullmatch(line) if nested else None
        docusaurus = _DOCUSAURUS.fullmatch(line) if nested else None
        if docusaurus is not None and closes is None:
            closes = _closings(lines)  # once, and only for lines that open one
        if admonition or tab:
            end = _indented_end(lines, i + 1)
            body = _rewrite([_dedent(text) for text in lines[i + 1 : end]], depth + 1)
            if admonition:
                kind, title = admonition.group(2), admonition.group(3) or ""
                out.append(f"> [!{kind}] {title}".rstrip())
                out += [_quoted(text) for text in body]
            elif tab:
                out.append(f"**{tab.group(1).strip()}**" if tab.group(1).strip() else "")
                out += body
            i = end
        elif docusaurus and closes and (end := closes.get(i, 0)):
            title = (docusaurus.group(3) or docusaurus.group(4) or "").strip()
            kind = docusaurus.group(2).removeprefix("callout-")
            body = _rewrite(lines[i + 1 : end], depth + 1)
            if kind.lower() in CALLOUT_KINDS:
                out.append(f"> [!{kind}] {title}".rstrip())
                out += [_quoted(text) for text in body]
            else:
                # A div of another kind (Pandoc's `::: footer`, `::: panel-tabset`): its
                # content, under its title if it has one.
                out.append(f"**{title}**" if title else "")
                out += body
            out.append("")
            i = end + 1
        else:
            out.append(line)
            i += 1
    return out


def _indented_end(lines: list[str], start: int) -> int:
    """Where the indented body that starts at `start` ends: at the first line indented less
    than four columns, not counting the empty lines before it."""
    end = start
    last = start
    while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) >= 4):
        end += 1
        if lines[end - 1].strip():
            last = end
    return last


def _closings(lines: list[str]) -> dict[int, int]:
    """For each Docusaurus container opened in `lines`, the line that closes it: its colons
    alone, outside code blocks, past the containers of as many colons nested in it. One
    pass, so that a file of many containers never closed costs no more than one scan."""
    closes: dict[int, int] = {}
    open_at: dict[str, list[int]] = {}
    for j, line in outside_code(lines, 0):
        stripped = line.strip()
        if open_at.get(stripped):
            closes[open_at[stripped].pop()] = j
        elif (opener := _DOCUSAURUS.fullmatch(stripped)) is not None:
            open_at.setdefault(opener.group(1), []).append(j)
    return closes


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))


def _dedent(line: str) -> str:
    expanded = line.expandtabs(4)
    return expanded[min(4, _indent(line)) :]


def _quoted(line: str) -> str:
    return f"> {line}" if line.strip() else ">"


_ESM = re.compile(r"(?:import|export)\s")
_JSX_COMMENT = re.compile(r"\{/\*.*?\*/\}", re.DOTALL)


def mdx_as_markdown(source: str) -> str:
    """An MDX file's Markdown: its `import` and `export` statements (each up to the next
    empty line) and its `{/* comments */}` blanked out, outside code blocks, line for line.
    Its JSX elements are HTML to the parser, which keeps the text between their tags."""
    if "{/*" in source:
        source = _JSX_COMMENT.sub(lambda m: "\n" * m.group().count("\n"), source)
    lines = source.split("\n")
    fence = ""
    statement = False
    for i, line in enumerate(lines):
        if not fence and (statement or _ESM.match(line)):
            statement = bool(line.strip())
            lines[i] = ""
        else:
            _, fence = fence_after(fence, line)
    return "\n".join(lines)
