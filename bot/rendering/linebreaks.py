"""Soft line breaks joined, so hard-wrapped Markdown reads as paragraphs in Discord.

Markdown sources are often wrapped at 80 columns (the Node.js docs, the Rust book): a single
line break inside a paragraph is a space to CommonMark, but Discord shows every line break,
so a wrapped passage would show as a column of short lines. A line joins the one before it
when it continues that line's paragraph, list item or block quote; everything whose lines
carry meaning stays as written: code blocks (fenced or indented), tables, headings, HTML,
new list items, and hard breaks (two trailing spaces or a backslash).

A code fence whose info string lists attributes after a comma (mdBook's `rust,ignore`) keeps
only the language before it: Discord would read the whole as a language it does not know,
and highlight nothing.
"""

from __future__ import annotations

import re

from bot.engine.fences import FENCE, fence_after

_QUOTE = re.compile(r"^(?: {0,3}> ?)+")
_ITEM = re.compile(r"^\s*(?:[-+*]|\d{1,9}[.)])\s+\S")
_OWN_LINE = re.compile(
    r"""^\s*(?:
        [-+*](?:\s|$)            # a list item
      | \d{1,9}[.)](?:\s|$)      # an ordered list item
      | \#{1,6}(?:\s|$)          # a heading
      | [<|]                     # HTML, a table row
      | (?:[-=_*]\s*){3,}$       # a thematic break, a setext underline
      | =+\s*$                   # a setext underline
    )""",
    re.VERBOSE,
)
TABLE_DELIMITER = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")


def join_soft_breaks(markdown: str) -> str:
    """`markdown` with each soft line break inside a paragraph replaced by a space."""
    if "\n" not in markdown:
        return markdown
    out: list[str] = []
    fence = ""
    table = indented = False
    blank_before = True
    joinable = False
    """The last line written is text (or a list item) that the next line may continue."""
    last_prefix = ""
    for line in markdown.split("\n"):
        quote = _QUOTE.match(line)
        prefix = quote.group().replace(" ", "") if quote else ""
        content = line[quote.end() :] if quote else line
        text = content.strip()
        opened = not fence
        in_code, fence = fence_after(fence, content)
        if in_code:
            out.append(_language_only(line, len(line) - len(content)) if opened else line)
            joinable = blank_before = False
            continue
        # An indented code block starts after a blank line and lasts while lines are
        # indented (or blank).
        indented = (indented or blank_before) and (content[:4] == "    " or content[:1] == "\t")
        blank_before = not text
        if indented:
            out.append(line)
            joinable = False
            continue
        if "|" in content and TABLE_DELIMITER.match(content):
            table = True
        elif not text:
            table = False
        continues = bool(text) and not table and not _OWN_LINE.match(content)
        if joinable and continues and prefix == last_prefix:
            out[-1] = f"{out[-1].rstrip()} {text}"
        else:
            out.append(line)
        opens_item = not table and bool(_ITEM.match(content))
        joinable = (continues or opens_item) and not line.endswith(("  ", "\\"))
        last_prefix = prefix
    return "\n".join(out)


def _language_only(line: str, start: int) -> str:
    """An opening fence line (its fence at `start`) with an info string of attributes cut
    to the language: "```rust,ignore" → "```rust"."""
    fence = FENCE.match(line, start)
    if fence is None:
        return line
    info = line[fence.end() :]
    if "," not in info:
        return line
    return line[: fence.end()] + info.split(",", 1)[0].rstrip()
