"""One Markdown file → front matter, headings and passages, with pulldown-cmark (pyromark).

Only top-level blocks matter here: a heading opens a section; a paragraph, list or block quote
is a passage; a code block, table or HTML block joins the passage before it (it never starts a
heading and rarely stands alone); a paragraph that ends with a colon keeps the list after it,
and a list that ends with one the paragraph after it (a tldr page's command under its
"- Create an archive:").
Passage text is the Markdown source of its blocks, so quotes stay exact, with what Discord
cannot render reduced to what a reader sees: links (reference-style, relative) to their text,
HTML comments to nothing, HTML tags to the Markdown they stand for (`<kbd>` as code) or to
the text between them, Obsidian's wikilinks to the text Obsidian shows, a callout's marker to
its kind and title in bold (MkDocs and Docusaurus admonitions become callouts first, see
`containers`; MyST's directives and roles what they show, see `myst`; Pandoc's divs and
code attributes, see `pandoc`), a reference link
defined nowhere to its text; an HTML heading is a heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from typing import Any

import pyromark

from bot.engine.containers import containers_as_markdown, mdx_as_markdown
from bot.engine.fences import fence_for
from bot.engine.myst import myst_as_markdown
from bot.engine.pandoc import pandoc_as_markdown
from bot.engine.site_markup import ATTRIBUTES, site_markup_as_markdown
from bot.engine.text import without_mnemonics

OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_STRIKETHROUGH
    | pyromark.Options.ENABLE_YAML_STYLE_METADATA_BLOCKS
    | pyromark.Options.ENABLE_FOOTNOTES
    | pyromark.Options.ENABLE_WIKILINKS
)

ATTACH_LIMIT = 3500
"""A block that joins the previous passage must keep it under this many characters."""

_LEVELS = {"H1": 1, "H2": 2, "H3": 3, "H4": 4, "H5": 5, "H6": 6}
_ATTACHED = frozenset({"CodeBlock", "Table", "HtmlBlock", "FootnoteDefinition"})
_INTRODUCING = frozenset({"Paragraph", "List"})
_TITLE = "Title"
"""A paragraph of bold words alone, no sentence (`**Sneak Attack**`): a title that the text
under it, converted from a PDF or a word processor, has in place of a heading."""
_INTRODUCED = frozenset(
    {
        ("List", "Paragraph"),
        ("Paragraph", "List"),
        ("Paragraph", _TITLE),
        ("List", _TITLE),
        ("BlockQuote", _TITLE),
    }
)
"""(block, the block before it that ends with a colon or is a title) that join: the list a
sentence introduces ("The options are:"), the paragraph a list item introduces, such as the
command under each "- Create an archive:" of a tldr page, and the text under a title, which
is then the passage's lead-in."""
_SENTENCE_END = (".", "!", "?", "。", "！", "？")
_RENDERABLE_URL = ("http://", "https://")


@dataclass(slots=True)
class Heading:
    level: int
    text: str
    line: int
    anchor: str = ""
    """The id its attribute block gives it (`## Deep Watchers {#deep-watchers}`), if any."""


@dataclass(slots=True)
class Block:
    """A passage in the making: its text, first line, and bold lead-in if it opens with one."""

    text: str
    line: int
    leadin: str | None = None
    title: str | None = None
    """The bold title alone on its line over the text (`**Actions**`), when one heads it."""


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


def parse_markdown(source: str, *, mdx: bool = False) -> ParsedFile:
    """Parse Markdown (LF line ends; with `mdx`, an MDX file) into headings and passages in
    document order.

    This loop sees every event of the file, so it is written for speed: leaf events (text,
    code, HTML) cost two dict look-ups unless something in the current block needs them (a
    heading's words, front matter, a possible lead-in, a link to rewrite).
    """
    if mdx:
        source = mdx_as_markdown(source)
    source = myst_as_markdown(pandoc_as_markdown(source))
    source = containers_as_markdown(site_markup_as_markdown(source))
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
    # heading, as a sidebar does: "> ### The Stack and the Heap"), 5 = inside that heading,
    # 6 = inside an opening Emphasis, whose first child may be the Strong: bold italics
    # (`***Multiattack.***`) open with Emphasis in pulldown-cmark.
    leadin_state = 0
    leadin: str | None = None
    after_colon = ""
    """The kind of the block before, if it ended with a colon (it introduces this one)."""
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
                if leadin_state == 1 or leadin_state == 6:
                    opens_italic = kind == "Emphasis" and leadin_state == 1
                    leadin_state = 2 if kind == "Strong" else 6 if opens_italic else 0
                    watching = leadin_state in (2, 6) or bool(links)
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
                title = (
                    leadin_state == 3
                    and block_kind == "Paragraph"
                    and leadin is not None
                    and not leadin.endswith(_SENTENCE_END)
                )
                if leadin_state == 3 and not title:
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
                    # A title under a title opens a passage of its own.
                    "" if title and after_colon == _TITLE else after_colon,
                    edits,
                    piece,
                    lines,
                    data,
                )
                if colon is not None:
                    after_colon = _TITLE if title else colon
                block_kind = ""
                leadin_state = 0
                watching = False
            elif leadin_state == 2 and kind == "Strong":
                candidate = " ".join("".join(collected).split())
                if candidate.endswith(":") and len(candidate) <= 100:
                    leadin = candidate[:-1].rstrip() or None
                    leadin_state = 0
                else:
                    leadin = candidate if 0 < len(candidate) <= 100 else None
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
            # "**Lead-in**: text" has its colon just after the bold text; a run-in name
            # ("**Multiattack.** The owlbear…") any text.
            if not (
                text is not None
                and "Text" in event
                and (text.startswith(":") or (leadin is not None and leadin.endswith(".")))
            ):
                leadin = None
            elif leadin is not None and leadin.endswith("."):
                leadin = _run_in_name(leadin)
            leadin_state = 0
            watching = bool(links)
        elif leadin_state == 1 or leadin_state == 6:
            leadin_state = 0
            watching = bool(links)
    return parsed


def _run_in_name(bold: str) -> str | None:
    """The name a bold run-in heading gives its paragraph ("Legendary Resistance (3/Day)."),
    or None for a bold sentence ("This module is pending deprecation."): a name has three
    words at most, or six in title case."""
    name = bold[:-1].rstrip()
    words = name.split()
    if not words:
        return None
    if len(words) <= 3:
        return name
    titled = all(len(w) <= 3 or not w[0].isalpha() or w[0].isupper() for w in words)
    return name if titled and len(words) <= 6 else None


def _finish_block(
    items: list[Heading | Block],
    parsed: ParsedFile,
    kind: str,
    start: int,
    end: int,
    tag: Any,
    collected: list[str],
    leadin: str | None,
    after_colon: str,
    edits: list[tuple[int, int, str]],
    piece: Any,
    lines: _Lines,
    data: bytes,
) -> str | None:
    """Add the finished top-level block; its kind when it is a paragraph or list ending
    with a colon (it introduces the next block), "" when not, None when the block left no
    trace (an HTML comment)."""
    if kind == "Heading":
        text = " ".join("".join(collected).split())
        anchor = ""
        if text.endswith("}") and _ATTRIBUTES_IN_SOURCE.search(piece(start, end)):
            attributes = _ATTRIBUTES.search(text)
            if attributes is not None:
                found = _ANCHOR.search(attributes.group())
                anchor = found.group(1) if found else ""
                text = text[: attributes.start()]
        items.append(Heading(_LEVELS[tag[kind]], text, lines.at(start), anchor))
    elif kind == "MetadataBlock":
        if start == 0:
            parsed.front_matter = "".join(collected)
        else:
            # Only the opening block is front matter; a later one is text.
            text = "".join(collected).strip()
            if text:
                _add_block(items, "Paragraph", text, lines.at(start) + 1, None, "")
    elif kind in ("HtmlBlock", "Paragraph") and _invisible(piece(start, end)):
        return None
    elif kind == "HtmlBlock" and _SCRIPT_OR_STYLE.fullmatch(piece(start, end)):
        # A Vue or MDX page's `<script setup>`, a page's `<style>`: run, never shown.
        return None
    elif (
        kind == "Paragraph"
        and data[start : start + 4].lstrip()[:1] in (b"!", b"[")
        and _IMAGES_ONLY.fullmatch(piece(start, end))
    ):
        # Badges, a logo, a figure: what it shows is not here, and its alt text alone
        # ("Build Status") is no passage.
        return None
    elif kind == "HtmlBlock" and (heading := _HTML_HEADING.fullmatch(piece(start, end).strip())):
        # `<h4>Serialization</h4>`, a README's `<h1 align="center">Name</h1>`: a heading.
        text = " ".join(_text_of(heading.group(2)).split())
        if not text:
            return None
        items.append(Heading(int(heading.group(1)), text, lines.at(start)))
    elif kind == "HtmlBlock" and (whole := _whole_html_block(piece(start, end))):
        _add_block(items, kind, whole, lines.at(start), None, "")
    else:
        html = (
            kind != "CodeBlock"
            and _HTML_START.search(data, start, end) is not None
            and not (kind == "HtmlBlock" and _RAW_HTML.match(data, start))
        )
        if html:
            html = _add_html_edits(piece(start, end), start, data, edits)
        text = _apply_edits(piece, start, end, edits).rstrip()
        if html:
            text = _tidy_lines(text, kind)
        if "[" in text and kind in _WITH_LINKS:
            # tldr's flag letters: "E[x]tract" is the word a reader of the page sees.
            text = without_mnemonics(text)
            if "][" in text:
                text = _UNDEFINED_REFERENCE.sub(_reference_text, text)
        if kind == "BlockQuote" and (callout := _CALLOUT.match(text)) is not None:
            text, leadin = _callout_as_text(text, callout, leadin)
        if text:
            _add_block(items, kind, text, lines.at(start), leadin, after_colon)
            return kind if kind in _INTRODUCING and text.endswith(":") else ""
    return ""


_WITH_LINKS = frozenset({"Paragraph", "List", "BlockQuote", "Table"})
_UNDEFINED_REFERENCE = re.compile(
    r"(`+).+?\1|(?<![\w\])])!?\[((?:[^\[\]]|\[[^\[\]]*\])+)\]\[[^\[\]]*\]", re.DOTALL
)
"""A reference link whose label is defined nowhere in the file, outside code and not
indexing a name (`x[0][1]`): CommonMark leaves it as written, but the site it was written
for resolves it (mkdocstrings' `[`ConfigDict`][pydantic.ConfigDict]`), so a reader sees its
text."""


def _reference_text(match: re.Match[str]) -> str:
    return match.group(0) if match.group(1) else match.group(2)


_CALLOUT = re.compile(r"(>[ \t]*)\[!([A-Za-z][\w-]*)\][+-]?[ \t]*(.*)")
"""The first line of an Obsidian callout or a GitHub alert: `> [!tip]- Title`, `> [!NOTE]`."""


def _callout_as_text(
    text: str, callout: re.Match[str], leadin: str | None
) -> tuple[str, str | None]:
    """A callout's marker as a reader sees it, its kind in bold before its title ("> **Tip:
    Use shortcuts**"); its title, if any, is a lead-in topic of its own, as a sidebar's
    heading is."""
    prefix, kind, title = callout.groups()
    kind = kind.replace("-", " ").capitalize()
    shown = f"{kind}: {title.strip()}" if title.strip() else kind
    text = f"{prefix}**{shown}**{text[callout.end() :]}"
    name = " ".join(title.split())
    if leadin is None and 0 < len(name) <= 100:
        leadin = name
    return text, leadin


def _add_block(
    items: list[Heading | Block],
    kind: str,
    text: str,
    line: int,
    leadin: str | None,
    after_colon: str,
) -> None:
    previous = items[-1] if items else None
    joins = isinstance(previous, Block) and (
        kind in _ATTACHED or (kind, after_colon) in _INTRODUCED
    )
    if joins and isinstance(previous, Block) and len(previous.text) + len(text) < ATTACH_LIMIT:
        previous.text = f"{previous.text}\n\n{text}"
        if after_colon == _TITLE:
            # The title and the paragraph's own lead-in both name the passage: a stat
            # block's "**Actions**" over "***Multiattack.*** The owlbear…".
            previous.title, previous.leadin = previous.leadin, leadin
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
    wiki = info.get("link_type")
    if isinstance(wiki, dict) and "WikiLink" in wiki:
        # Obsidian: an embed shows a note or image that is not here; a link shows its alias,
        # else its target ("Note#Heading" as Obsidian shows it, "Note > Heading").
        if kind == "Image":
            _add_edit(edits, data, start, end, piece(start, end), "")
        elif (wiki["WikiLink"] or {}).get("has_pothole"):
            edits.append((start, end, inner))
        else:
            edits.append((start, end, " > ".join(p for p in inner.split("#") if p)))
    elif kind == "Image":
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


_IMAGE = r"!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])"
_IMAGES_ONLY = re.compile(rf"(?:\s*(?:{_IMAGE}|\[\s*{_IMAGE}\s*\](?:\([^)]*\)|\[[^\]]*\])))+\s*")
"""A paragraph of nothing but images, each maybe a link (a row of badges)."""
_HTML_START = re.compile(rb"<[A-Za-z/!]")
_SCRIPT_OR_STYLE = re.compile(
    r"\s*(?:<(script|style)\b[^>]*>.*?</\1\s*>\s*)+", re.DOTALL | re.IGNORECASE
)
_RAW_HTML = re.compile(rb"\s*<(?:pre|script|style|textarea)[\s>]", re.IGNORECASE)
"""HTML blocks whose content is shown as written: not rewritten tag by tag (a `<pre>` block
becomes a code block as a whole)."""
_PRE = re.compile(r"\s*<pre[\s>]", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TABLE = re.compile(r"\s*<table[\s>]", re.IGNORECASE)
_ATTRIBUTES = re.compile(rf"\s*{ATTRIBUTES}$")
"""A heading's attribute block (`## Deep Watchers {#deep-watchers}`, `{.unlisted}`), as
VitePress, Pandoc, kramdown and Hugo write it: no part of the heading's name. Only a block
opening with an id or a class: a heading ending in `{Buffer}` keeps it."""
_ANCHOR = re.compile(r"#([A-Za-z0-9][\w:.-]*)")
"""The id in a heading's attribute block."""
_ATTRIBUTES_IN_SOURCE = re.compile(rf"{ATTRIBUTES}[ \t#]*$", re.MULTILINE)
"""The same block ending a line of the heading's source, so not inside a code span."""
_HTML_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.DOTALL | re.IGNORECASE)
_ROW = re.compile(r"<tr\b[^>]*>(.*?)(?=<tr\b|</table>|\Z)", re.DOTALL | re.IGNORECASE)
_CELL = re.compile(r"<(t[dh])\b[^>]*>(.*?)(?=<t[dh]\b|</tr>|\Z)", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(
    r"""<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*/?>"""
)
"""An opening or closing tag, as CommonMark reads one (a quoted value may hold "<")."""
_TAG_MARKDOWN = {
    **dict.fromkeys(("code", "kbd", "samp", "tt", "var"), "`"),
    **dict.fromkeys(("em", "i", "cite", "dfn"), "*"),
    **dict.fromkeys(("strong", "b"), "**"),
    **dict.fromkeys(("del", "s", "strike"), "~~"),
    "br": " ",
    "sup": "^",
}
"""What an HTML tag becomes, opening or closing (any other: nothing, its text stays); only
an opening `<sup>` becomes "^" (2<sup>32</sup> reads 2^32)."""
_BLOCK_END_NAMES = """td th p div li dt dd h1 h2 h3 h4 h5 h6 tr section article header footer
blockquote details summary figcaption"""
_BLOCK_ENDS = frozenset(_BLOCK_END_NAMES.split())
"""Elements whose end a reader sees as a break: the words on either side stay apart."""
_ALT = re.compile(r"""\salt\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_TEXT_ELEMENT_NAMES = """a abbr b bdi bdo big br center cite code data del dfn div em font i img
ins kbd mark p q s samp small span strike strong sub sup time tt u var wbr"""
_HTML_ELEMENTS = frozenset(_TEXT_ELEMENT_NAMES.split())
"""The HTML elements that occur within text."""


def _tidy_lines(text: str, kind: str) -> str:
    """The lines left empty by HTML that was rewritten to nothing, dropped: in an HTML block
    (a table's rows and cells were lines of tags), every empty line; in a block quote, runs
    of empty quoted lines become one, and none opens or ends the quote."""
    if kind == "HtmlBlock":
        return "\n".join(line.strip() for line in text.splitlines() if line.strip())
    kept: list[str] = []
    for line in text.split("\n"):
        if not (_quote_blank(line) and (not kept or _quote_blank(kept[-1]))):
            kept.append(line)
    while kept and _quote_blank(kept[-1]):
        kept.pop()
    return "\n".join(kept)


def _quote_blank(line: str) -> bool:
    return ">" in line and not line.replace(">", "").strip()


def _inline_tag_markdown(match: re.Match[str]) -> str:
    """Inside text only HTML's own elements are markup: `Vec<String>` typed without
    backticks stays as written."""
    if match.group(2).lower() not in _HTML_ELEMENTS:
        return match.group(0)
    return _tag_markdown(match)


def _tag_markdown(match: re.Match[str]) -> str:
    name = match.group(2).lower()
    if name == "img":
        # What a reader of the page is told the image shows, as for a Markdown image.
        alt = _ALT.search(match.group(0))
        return " ".join((alt.group(1) or alt.group(2) or "").split()) if alt else ""
    if match.group(1):
        if name in _BLOCK_ENDS:
            return " "
        if name == "sup":
            return ""
    if name == "sup" and match.group(0).endswith("/>"):
        return ""  # an empty superscript, such as VitePress's version badge
    return _TAG_MARKDOWN.get(name, "")


def _whole_html_block(html: str) -> str | None:
    """An HTML block read as a whole rather than tag by tag: a `<pre>` block as code, a
    table as a list of its rows; None for any other."""
    if _PRE.match(html):
        return _pre_as_code(html)
    if _TABLE.match(html):
        return _table_as_list(html) or None
    return None


def _table_as_list(html: str) -> str:
    """An HTML table as a list a reader can follow in Discord, which shows no tables: a row
    an item, its cells joined by " — ", a row of header cells in bold."""
    items: list[str] = []
    for row in _ROW.findall(html):
        cells = [(tag.lower(), _shown(text)) for tag, text in _CELL.findall(row)]
        shown = [f"**{text}**" if tag == "th" else text for tag, text in cells if text]
        if shown:
            items.append("- " + " — ".join(shown))
    return "\n".join(items)


def _shown(html: str) -> str:
    """The text a reader sees of a piece of HTML, on one line."""
    return " ".join(unescape(_TAG.sub(_tag_markdown, _COMMENT.sub("", html))).split())


def _text_of(html: str) -> str:
    """The characters a piece of HTML shows, its tags and comments gone, as written."""
    return unescape(_TAG.sub("", _COMMENT.sub("", html)))


def _pre_as_code(html: str) -> str:
    """A `<pre>` block as a fenced code block of the text it shows."""
    shown = _text_of(html).strip("\n")
    fence = fence_for(shown)
    return f"{fence}\n{shown}\n{fence}"


def _add_html_edits(
    block: str, offset: int, data: bytes, edits: list[tuple[int, int, str]]
) -> bool:
    """Add the edits that rewrite the HTML of a top-level block (at byte `offset`) as
    Markdown; True if there were any. The few blocks with a "<" are parsed again on their
    own for this, rather than the loop over every event of the file looking for HTML."""
    count = len(edits)
    in_comment = False
    for event, span in pyromark.events_with_range(block, options=OPTIONS):
        if event.__class__ is dict:
            html = event.get("InlineHtml")
            inline = html is not None
            if not inline:
                html = event.get("Html")
            if html is not None:
                in_comment = _add_html_edit(
                    html,
                    offset + span["start"],
                    offset + span["end"],
                    data,
                    edits,
                    in_comment,
                    inline,
                )
    return len(edits) > count


def _add_html_edit(
    html: str,
    start: int,
    end: int,
    data: bytes,
    edits: list[tuple[int, int, str]],
    in_comment: bool,
    inline: bool,
) -> bool:
    """Rewrite one HTML event (a tag or comment in text, a line of an HTML block) as
    Markdown; True while inside a comment that goes on in the next event."""
    if inline:
        # One whole comment, or one tag (anything else, such as `<?php … ?>`, stays).
        if html.startswith("<!--"):
            _add_edit(edits, data, start, end, html, "")
        elif (tag := _TAG.fullmatch(html)) is not None:
            _add_edit(edits, data, start, end, html, _inline_tag_markdown(tag))
        return False
    text = html
    if in_comment:
        close = text.find("-->")
        if close < 0:
            edits.append((start, end, "\n" if text.endswith("\n") else ""))
            return True
        text = text[close + 3 :]
    text = _COMMENT.sub("", text)
    opened = text.find("<!--")
    if opened >= 0:
        text = text[:opened] + ("\n" if html.endswith("\n") else "")
    replacement = _TAG.sub(_tag_markdown, text)
    if "&" in replacement:
        replacement = unescape(replacement)
    _add_edit(edits, data, start, end, html, replacement)
    return opened >= 0


def _add_edit(
    edits: list[tuple[int, int, str]], data: bytes, start: int, end: int, old: str, new: str
) -> None:
    if new == old:
        return
    if not new and data[start - 1 : start] == b" " and data[end : end + 1] == b" ":
        # "now <!-- ignore --> and": one space between the words, not two.
        end += 1
    edits.append((start, end, new))
