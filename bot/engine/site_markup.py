"""What static site generators add to Markdown, as what a reader of the page sees.

Hugo calls templates with shortcodes, `{{< name args >}}` and `{{% name args %}}`, around
content (`{{% alert title="Note" %}}` … `{{% /alert %}}`) or alone (`{{< figure src="…" >}}`,
`{{% param version %}}`); Jekyll with Liquid tags (`{% include badge.html %}`,
`{% highlight ruby %}` … `{% endhighlight %}`, `{% raw %}` around an example); both give
blocks classes and ids on a line of their own (`{.lead}`, kramdown's `{: #intro}`).
CommonMark reads them all as text, so excerpts would show template calls, and some passages
would be nothing else. Before parsing, each goes: an opening shortcode with a title
(`title="…"`, `header="…"`) leaves the title in bold over the content it opens; an escaped
shortcode (`{{</* name */>}}`, how a page shows one without running it) is shown as the call
it stands for, also in code blocks; a line holding nothing but a Liquid tag goes, but for
`highlight`, which opens a code block, and `endhighlight`, which closes it, and a tag with a
title (GitBook's `{% tab title="Python" %}`), whose title shows in bold.

A pure function of the source that keeps its lines one for one, so that the line numbers of
citations still point into the file. Other calls and tags in code blocks are left as they
are, and so are Liquid tags within a line of text.
"""

from __future__ import annotations

import re

from bot.engine.fences import fence_after

_ANY = re.compile(
    r"\{(?:\{[<%]\s*(?:/\*|/?\w)"
    r"|(?<=(?<![^\n])\{)(?::?[ \t]*[#.][^{}\n]*\}|%-?[ \t]*\w[^\n]*?-?%\})[ \t]*(?:\n|$))"
)
"""Where a shortcode call, an attribute line or a line of a Liquid tag may be: one scan (for
"{", then what follows) rules most files out."""
_CALL = re.compile(r"\{\{<([^<>]*?)>\}\}|\{\{%([^%]*?)%\}\}")
"""A shortcode call: no angle bracket inside one, so that tldr's key placeholders
(`{{<ArrowUp>|<ArrowDown>}}`) are none."""
_NAMED = re.compile(r"\s*(?:/\*|/?\w)")
"""How a call's inside opens: its escape, its name, or the name of the call it closes."""
_ESCAPED = re.compile(r"\s*/\*(.*?)\*/\s*", re.DOTALL)
_TITLE = re.compile(r"""\b(?:title|header)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_LIQUID_LINE = re.compile(r" {0,3}\{%-?[ \t]*(\w+)[ \t]*([^\n]*?)[ \t]*-?%\}[ \t]*")
"""A line holding nothing but a Liquid tag, with its name and arguments (indented by four
spaces, it is a line of an indented code block)."""
ATTRIBUTES = r"\{:?[ \t]*[#.][^{}\n]*\}"
"""An attribute block: `{#intro .wide}`, `{.lead}`, kramdown's `{: .note}`; on a line of its
own, the attributes of the block above; at the end of a heading, the heading's."""
_ATTRIBUTE_LINE = re.compile(rf"{ATTRIBUTES}[ \t]*")


def site_markup_as_markdown(source: str) -> str:
    """`source` with its shortcodes, Liquid tag lines and attribute lines rewritten (see
    the module)."""
    if not _ANY.search(source):
        return source
    out: list[str] = []
    text: list[str] = []
    fence = ""
    for line in source.split("\n"):
        in_code, fence = fence_after(fence, line)
        if not in_code:
            text.append(_as_read_line(line))
            continue
        if text:
            out.append(_CALL.sub(_as_read, "\n".join(text)))
            text = []
        out.append(_CALL.sub(_unescaped, line))
    if text:
        out.append(_CALL.sub(_as_read, "\n".join(text)))
    return "\n".join(out)


def _as_read_line(line: str) -> str:
    if _ATTRIBUTE_LINE.fullmatch(line):
        return ""
    tag = _LIQUID_LINE.fullmatch(line)
    if tag is None:
        return line
    if tag.group(1) == "highlight":
        return "```" + next(iter(tag.group(2).split()), "")
    if tag.group(1) == "endhighlight":
        return "```"
    # GitBook's `{% tab title="Python" %}`, `{% code title="app.js" %}`: the title shows.
    title = title_attribute(tag.group(2))
    return f"**{title}**" if title else ""


def title_attribute(attributes: str) -> str:
    """The title that attributes give a tag, a shortcode or a block (`title="Python"`,
    `header='Notes'`), stripped; "" for none."""
    found = _TITLE.search(attributes)
    return (found.group(1) or found.group(2) or "").strip() if found else ""


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
    title = title_attribute(inner)
    if inner.lstrip().startswith("/") or not title:
        return lines
    return f"**{title}**{lines}"


def _unescaped(call: re.Match[str]) -> str:
    shown = _shown(call)
    return call.group(0) if shown is None else shown


def _shown(call: re.Match[str]) -> str | None:
    """The call an escaped call shows (its lines kept), or None if it is not escaped."""
    escaped = _ESCAPED.fullmatch(_inside(call))
    if escaped is None:
        return None
    mark = call.group(0)[2]  # "<" or "%"
    closing = ">" if mark == "<" else "%"
    shown = f"{{{{{mark} {escaped.group(1).strip()} {closing}}}}}"
    return shown + "\n" * (call.group(0).count("\n") - shown.count("\n"))
