"""Hugo's markup, as what a reader of the page sees.

A Hugo page calls templates with shortcodes, `{{< name args >}}` and `{{% name args %}}`,
around content (`{{% alert title="Note" %}}` … `{{% /alert %}}`) or alone
(`{{< figure src="…" >}}`, `{{% param version %}}`), and gives blocks classes and ids on a
line of their own (`{.lead}`, kramdown's `{: #intro}`). CommonMark reads both as text, so
excerpts would show template calls, and some passages would be nothing else. Before parsing,
each goes: an opening call with a title (`title="…"`, `header="…"`) leaves the title in
bold over the content it opens; an escaped call
(`{{</* name */>}}`, how a page shows a shortcode without running it) is shown as the call
it stands for, also in code blocks.

A pure function of the source that keeps its lines one for one, so that the line numbers of
citations still point into the file. Other calls in code blocks are left as they are.
"""

from __future__ import annotations

import re

from bot.engine.fences import fence_after

_ANY = re.compile(
    r"\{(?:\{[<%]\s*(?:/\*|/?\w)|(?<=(?<![^\n])\{):?[ \t]*[#.][^{}\n]*\}[ \t]*(?:\n|$))"
)
"""Where a shortcode call or an attribute line may be: one scan (for "{", then what follows)
rules most files out."""
_CALL = re.compile(r"\{\{<([^<>]*?)>\}\}|\{\{%([^%]*?)%\}\}")
"""A shortcode call: no angle bracket inside one, so that tldr's key placeholders
(`{{<ArrowUp>|<ArrowDown>}}`) are none."""
_NAMED = re.compile(r"\s*(?:/\*|/?\w)")
"""How a call's inside opens: its escape, its name, or the name of the call it closes."""
_ESCAPED = re.compile(r"\s*/\*(.*?)\*/\s*", re.DOTALL)
_TITLE = re.compile(r'\b(?:title|header)\s*=\s*"([^"]*)"')
_ATTRIBUTE_LINE = re.compile(r"\{:?[ \t]*[#.][^{}\n]*\}[ \t]*")
"""`{.lead}`, `{#intro .wide}`, kramdown's `{: .note}`: the attributes of the block above."""


def hugo_as_markdown(source: str) -> str:
    """`source` with its shortcode calls and attribute lines rewritten (see the module)."""
    if not _ANY.search(source):
        return source
    out: list[str] = []
    text: list[str] = []
    fence = ""
    for line in source.split("\n"):
        in_code, fence = fence_after(fence, line)
        if not in_code:
            text.append("" if _ATTRIBUTE_LINE.fullmatch(line) else line)
            continue
        if text:
            out.append(_CALL.sub(_as_read, "\n".join(text)))
            text = []
        out.append(_CALL.sub(_unescaped, line))
    if text:
        out.append(_CALL.sub(_as_read, "\n".join(text)))
    return "\n".join(out)


def _inside(call: re.Match[str]) -> str:
    return call.group(1) if call.group(1) is not None else call.group(2)


def _as_read(call: re.Match[str]) -> str:
    inner = _inside(call)
    if not _NAMED.match(inner):
        return call.group(0)
    shown = _shown(call)
    if shown is not None:
        return shown
    lines = "\n" * call.group(0).count("\n")
    title = _TITLE.search(inner)
    if inner.lstrip().startswith("/") or title is None or not title.group(1).strip():
        return lines
    return f"**{title.group(1).strip()}**{lines}"


def _unescaped(call: re.Match[str]) -> str:
    shown = _shown(call)
    return call.group(0) if shown is None else shown


def _shown(call: re.Match[str]) -> str | None:
    """The call an escaped call shows (its lines kept), or None if it is not escaped."""
    inner, (opening, closing) = (
        (call.group(1), "<>") if call.group(1) is not None else (call.group(2), "%%")
    )
    escaped = _ESCAPED.fullmatch(inner)
    if escaped is None:
        return None
    shown = f"{{{{{opening} {escaped.group(1).strip()} {closing}}}}}"
    return shown + "\n" * (call.group(0).count("\n") - shown.count("\n"))
