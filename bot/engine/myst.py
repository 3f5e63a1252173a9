"""MyST Markdown, the Markdown of Sphinx and Jupyter Book, as a reader of the built page sees it.

MyST extends CommonMark with directives, fenced like code (```` ```{note} ```` or
`:::{note}`, an argument after the name, `:option: value` lines or a `---` YAML block
opening the body, closed by the same fence), with roles (`` {ref}`Title <label>` ``,
`` {py:func}`~pkg.mod.name` ``), targets (`(label)=` on a line of its own), comments (lines
opening with `%`) and block breaks (`+++`). CommonMark reads a directive as a code block or
a paragraph and a role as text followed by code, so excerpts would show the markup, not the
note or the name a reader sees. Before parsing, each becomes what it shows:

- an admonition (`note`, `warning`, … `seealso`) an Obsidian-style callout, which the
  parser shows as its kind and title in bold; a titled box (`admonition`, `dropdown`,
  `versionadded`) a block quote under its title in bold; a tab or card its title in bold
  over its content;
- a code directive (`code-block`, `code-cell`, `math`) a fenced code block;
- what shows no text of this file (`toctree`, `include`, `image`) nothing;
- any other directive its content (a figure its caption);
- a role the text it shows: its explicit title, a cross-reference's target, an API
  object's name in code (`~` keeping the last part, as Sphinx does).

Only a file that holds a directive, a role or a target is read as MyST, since `%` and `+++`
lines mean nothing in other Markdown. A pure function of the source that keeps its lines one
for one, so that the line numbers of citations still point into the file (a directive's
passage starts on its last line of options, which has become its callout's or code block's
first line); code blocks are left as they are.
"""

from __future__ import annotations

import re

from bot.engine.fences import MAX_NESTING, fence_after, fence_for, outside_code

_IDENT = r"[A-Za-z_][\w:+.-]*"
_NAME = rf"\{{({_IDENT})\}}"
_MARKER = re.compile(
    rf"\{{(?:(?<=[`~:]{{3}}\{{)|(?<=[`~:]{{3}}[ \t]\{{)){_IDENT}\}}"
    rf"|\{{(?<![`\w\\$]\{{){_IDENT}\}}`"
)
"""What may open a directive (a name in braces after a fence), or a role (not after a
letter, a backslash or a "$": `${name}` is JavaScript). Each alternative opens with a
literal, so that a scan of a file takes about two milliseconds a megabyte."""
_DIRECTIVE = re.compile(rf"([ \t]*)(`{{3,}}|~{{3,}}|:{{3,}})[ \t]*{_NAME}[ \t]*(.*?)[ \t]*")
_OPTION = re.compile(r"[ \t]*:[\w-]+:(?:[ \t].*)?")
_TARGET = re.compile(r"[ \t]*\([^\s()]+\)=[ \t]*")
_COMMENT_OR_BREAK = re.compile(r"%.*|\+\+\+.*|\^{3,}[ \t]*$")
_INLINE = re.compile(
    rf"(?<![`\w\\$])\{{(?P<role>{_IDENT})\}}(?P<ticks>`+)(?!`)(?P<content>[^\n]*?[^`\n])(?P=ticks)(?!`)"
    r"|(?<!`)(?P<code>`+)(?!`)[^\n]*?[^`\n](?P=code)(?!`)"
    r"|(?<![!\]\\])\[\]\((?P<target>[^()\s]+)\)"
    r"|(?<![!\]\\])\[(?P<span>[^\[\]\n]+)\]\{[#.][^{}\n]*\}"
    r"|(?<=[`)\]])\{[#.][^{}\n]*\}"
)
"""A role; a code span (left as it is: a role in it is an example); a link with no text;
a span with attributes (`[text]{.class}`); the attributes of a code span or link."""
_INLINE_HINTS = ("}`", "[](", "]{", "`{", "){")
_TITLED_TARGET = re.compile(r"(.*?[^\s\\])\s*<([^<>]+)>")

_ADMONITION_NAMES = "attention caution danger error hint important note tip todo warning"
CALLOUTS = {**{name: name for name in _ADMONITION_NAMES.split()}, "seealso": "see-also"}
"""Admonitions shown as a callout of their kind (an argument is the callout's title)."""
BOXES = {
    "admonition": "",
    "dropdown": "",
    "topic": "",
    "sidebar": "",
    "versionadded": "New in version",
    "versionchanged": "Changed in version",
    "deprecated": "Deprecated since version",
    "versionremoved": "Removed in version",
}
"""Boxes shown as a block quote under their title in bold: the argument, after these words."""
_TITLED_NAMES = "tab-item tab card grid-item-card rubric table list-table csv-table"
TITLED = frozenset(_TITLED_NAMES.split())
"""Directives whose argument is a title, shown in bold over their content."""
_CODE_NAMES = "code code-block sourcecode code-cell math mermaid graphviz"
CODE = frozenset(_CODE_NAMES.split())
_HIDDEN_NAMES = "toctree contents tableofcontents include literalinclude image index bibliography"
HIDDEN = frozenset(_HIDDEN_NAMES.split())
"""Directives that show nothing of this file's text: a table of contents, another file."""

_CODE_ROLE_NAMES = "code kbd samp file command program option envvar literal regexp makevar math"
_CODE_ROLES = frozenset(_CODE_ROLE_NAMES.split())
_OBJECT_ROLE_NAMES = """func meth class mod attr data exc obj const type member macro struct
union enum enumerator var function method property module attribute exception"""
_OBJECT_ROLES = frozenset(_OBJECT_ROLE_NAMES.split())
"""Roles naming an API object, which Sphinx shows in code."""
_CALLED = frozenset({"func", "meth", "function", "method"})
"""Object roles Sphinx shows with "()" after the name."""
_ICON_ROLES = frozenset({"octicon", "fa", "fas", "far", "fab"})
"""sphinx-design's icons (also `fa-*`, `material-*`): a picture, no text."""
_ICON = "\x00"
"""Where an icon was, until the spaces around it are settled (`_without_icon`)."""
_ICON_GAP = re.compile(r"[ \t]*\x00+[ \t]*")
_CLOSING = frozenset(",.;:!?)]")
_DOMAINS = frozenset({"py", "c", "cpp", "js", "rst"})
"""Sphinx's domains of API objects (`{py:class}`, `{c:func}`)."""


def myst_as_markdown(source: str) -> str:
    """`source` with its MyST directives, roles, targets, comments and block breaks
    rewritten (see the module); unchanged if it holds none of the first three."""
    if not _is_myst(source):
        return source
    return "\n".join(_rewrite(source.split("\n")))


def _is_myst(source: str) -> bool:
    """Whether `source` holds a role, or a directive at the start of a line. (A file with
    targets alone is not taken for MyST: they come with directives and roles.)"""
    for marker in _MARKER.finditer(source):
        if marker.group().endswith("`"):
            return True
        line_start = source.rfind("\n", 0, marker.start()) + 1
        if _DIRECTIVE.fullmatch(source, line_start, marker.end()):
            return True
    return False


def _rewrite(lines: list[str], depth: int = 0) -> list[str]:
    out: list[str] = []
    fence = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        directive = None if fence or depth >= MAX_NESTING else _DIRECTIVE.fullmatch(line)
        if directive is not None:
            end = _closing(lines, i, directive.group(2))
            out += _directive(directive, lines[i + 1 : end], end < len(lines), depth)
            i = end + 1
            continue
        in_code, fence = fence_after(fence, line)
        if in_code:
            out.append(line)
        elif _TARGET.fullmatch(line) or _COMMENT_OR_BREAK.match(line):
            out.append("")
        else:
            out.append(_inline(line))
        i += 1
    return out


def _closing(lines: list[str], start: int, fence: str) -> int:
    """The line that closes the directive opened at `start` with `fence` (as long or
    longer, alone on its line), or the end of the lines. In a colon fence, code blocks are
    skipped: their lines close nothing."""
    mark = fence[0]
    following = enumerate(lines[start + 1 :], start + 1)
    for j, line in outside_code(lines, start + 1) if mark == ":" else following:
        stripped = line.strip()
        if len(stripped) >= len(fence) and stripped == mark * len(stripped):
            return j
    return len(lines)


def _directive(directive: re.Match[str], body: list[str], closed: bool, depth: int) -> list[str]:
    """The lines a directive becomes: as many as its opening, body and closing lines."""
    indent, fence, name, argument = directive.groups()
    name = name.lower()
    skip = _options(body)
    content = [_dedent(line, indent) for line in body[skip:]]
    blank = [""] * (1 + skip)
    end = [""] if closed else []
    if name in HIDDEN or (name == "raw" and argument.lower() != "html"):
        return blank + [""] * len(content) + end
    if name in CODE:
        code = fence if fence[0] != ":" else fence_for("\n".join(content))
        language = "" if name == "math" else next(iter(argument.split()), "")
        opening = [*blank[:-1], f"{indent}{code}{language}"]
        return opening + [indent + line for line in content] + ([indent + code] if closed else [])
    inner = _rewrite(content, depth + 1)
    argument = _inline(argument)
    if name in CALLOUTS or name in BOXES:
        if name in CALLOUTS:
            head = f"[!{CALLOUTS[name]}] {argument}".rstrip()
        else:
            title = " ".join(filter(None, (BOXES[name], argument)))
            head = f"**{title}**" if title else ""
        quoted = [f"{indent}> {line}" if line.strip() else f"{indent}>" for line in inner]
        if head:
            return [*blank[:-1], f"{indent}> {head}", *quoted, *end]
        return [*blank, *quoted, *end]
    if name in TITLED and argument:
        return [*blank[:-1], f"{indent}**{argument}**", *(indent + line for line in inner), *end]
    return blank + [indent + line for line in inner] + end


def _options(body: list[str]) -> int:
    """How many lines of `body` are the directive's options: `:key: value` lines, or a
    YAML block between `---` lines."""
    if body and body[0].strip() == "---":
        for j in range(1, len(body)):
            if body[j].strip() == "---":
                return j + 1
        return 0
    count = 0
    while count < len(body) and _OPTION.fullmatch(body[count]):
        count += 1
    return count


def _dedent(line: str, indent: str) -> str:
    return line[len(indent) :] if line.startswith(indent) else line.lstrip(" \t")


def _inline(text: str) -> str:
    if not any(hint in text for hint in _INLINE_HINTS):
        return text
    shown = _INLINE.sub(_shown, text)
    return _ICON_GAP.sub(_without_icon, shown) if _ICON in shown else shown


def _without_icon(gap: re.Match[str]) -> str:
    """What stays where icons were: a space between two words, nothing after markup
    (`**<icon> Title**` stays bold) or before punctuation."""
    text = gap.string
    before = text[gap.start() - 1] if gap.start() else ""
    after = text[gap.end()] if gap.end() < len(text) else ""
    if not after or after in _CLOSING or not (before.isalnum() or before in _CLOSING):
        return ""
    return " "


def _shown(match: re.Match[str]) -> str:
    """What a reader sees of an inline piece of MyST (see `_INLINE`)."""
    found = match.groupdict()
    if found["role"] is not None:
        return _role(found["role"].lower(), found["content"].strip())
    if found["code"] is not None:
        return match.group()
    if found["target"] is not None:
        # MyST fills an empty link with its target's title; the target names it here.
        target = found["target"]
        label = target.rsplit("#", 1)[-1].removesuffix(".md") or target
        return f"[{label}]({target})"
    return found["span"] or ""


def _role(name: str, content: str) -> str:
    short = name.rsplit(":", 1)[-1]
    if short.startswith("bdg"):
        content = _badge_text(short, content)
    titled = _TITLED_TARGET.fullmatch(content)
    text = titled.group(1) if titled else content
    if short in _ICON_ROLES or short.startswith(("fa-", "material-")):
        return _ICON
    if short == "strong":
        return f"**{text}**"
    if short in ("emphasis", "dfn"):
        return f"*{text}*"
    if short == "sup":
        return f"^{text}"
    if short == "abbr":
        return text.split(" (", 1)[0]
    if short in _CODE_ROLES:
        return _code(text)
    if short in _OBJECT_ROLES or (":" in name and name.split(":", 1)[0] in _DOMAINS):
        if titled is None:
            text = text.lstrip("!")
            if text.startswith("~"):
                text = text[1:].rsplit(".", 1)[-1]
            if short in _CALLED and not text.endswith(")"):
                text += "()"
        return _code(text)
    return text


def _badge_text(role: str, content: str) -> str:
    """A sphinx-design badge's text, without the tooltip after its last `;` (which, in a
    link or reference badge, only the `text <target>` form has)."""
    text, semicolon, _ = content.rpartition(";")
    if not semicolon or text.endswith("\\"):
        return content
    text = text.rstrip()
    if ("link" in role or "ref" in role) and not text.endswith(">"):
        return content
    return text


def _code(text: str) -> str:
    ticks = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"
