"""Text helpers shared by indexing and querying: folding, slugs, plain text, word cutting.

Folding must be the same on both sides of the index: the tantivy analyzer lowercases and
folds to ASCII; `fold` adds what it cannot do (letters it does not decompose, modifier
apostrophes inside words such as `Qurʼān`, compatibility forms) and only runs on non-ASCII
text, so the common ASCII case costs nothing.
"""

from __future__ import annotations

import functools
import re
import string
import unicodedata
from collections.abc import Iterable, Mapping
from typing import AnyStr

from bot.engine import cjk

# Apostrophe-like letters that sit inside words (Qurʼān, ʻOkina); removing them joins the
# word as a reader would type it. So does removing a typographic apostrophe inside a word
# (Qur’an, Shi’a), except before the ending of a contraction or a possessive, and after an
# elided article or pronoun (one letter, or "qu"): there it is punctuation, as the ASCII
# apostrophe is. "doesn’t", "Rust’s", "l’État" and "qu’il" are what a reader types as
# "doesn't", "Rust's", "l'État" and "qu'il", and the word after an elision is one to find.
_MARKS = "[\u02bc\u02bb\u02b9\u02be\u02bf`´]"
_APOSTROPHES = "[\u2019\u2018]"
_ENDINGS = r"(?:s|t|re|ve|ll|d|m)\b"
_ELISION = r"(?<!\b\w.)(?<!\bqu.)"
# The mark comes first, so that `re` jumps from mark to mark (the look-behind then checks
# the letter before it) instead of trying the look-behind at every character.
_INNER_MARKS = re.compile(
    rf"(?:{_MARKS}|{_APOSTROPHES}{_ELISION}(?!{_ENDINGS}))(?<=\w.)(?=\w)", re.IGNORECASE
)
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_EXTRA_FOLDS = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "ı": "i",
        "þ": "th",
        "ð": "d",
    }
)

_PUNCTUATION = (
    "\u00a0\u2002\u2003\u2009\u200a\u202f"  # no-break, en, em, thin, hair spaces
    "\u2010\u2011\u2012\u2013\u2014\u2015"  # hyphens and dashes
    "\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a\u00b4"  # quotes
    "\u2026\u2022\u00b7\u2020\u2021\u00a7\u00b6\u00a9\u00ae\u00b0\u2190\u2192"  # … • and signs
)
_PUNCTUATION_MARK = re.compile(f"[{_PUNCTUATION}]")

# The same marks as byte patterns, each with a byte string that must be there first: the
# inner ones (` ´, and ’ ‘ but after an elision or before a contraction's ending, each
# between two ASCII word characters), then the punctuation, found by its lead byte.
_INNER_MARKS_UTF8 = (
    (
        b"\xe2\x80",
        re.compile(
            rb"\xe2\x80[\x98\x99](?<=\w...)(?<!\b\w...)(?<!\b[qQ][uU]...)"
            rb"(?!(?:[sStTdDmM]|[rRvV][eE]|[lL][lL])\b)(?=\w)"
        ),
    ),
    (b"`", re.compile(rb"`(?<=\w.)(?=\w)")),
    (b"\xc2\xb4", re.compile(rb"\xc2\xb4(?<=\w..)(?=\w)")),
)


def _utf8_class(lead: bytes) -> bytes:
    """The punctuation whose UTF-8 starts with `lead`, as one pattern of its last bytes."""
    tails = sorted(c.encode()[len(lead) :] for c in _PUNCTUATION if c.encode().startswith(lead))
    by_middle: dict[bytes, list[bytes]] = {}
    for tail in tails:
        by_middle.setdefault(tail[:-1], []).append(re.escape(tail[-1:]))
    branches = [
        re.escape(middle) + b"[" + b"".join(ends) + b"]" for middle, ends in by_middle.items()
    ]
    return re.escape(lead) + b"(?:" + b"|".join(branches) + b")"


_PUNCTUATION_E2_UTF8 = re.compile(_utf8_class(b"\xe2"))
_PUNCTUATION_C2_UTF8 = re.compile(_utf8_class(b"\xc2"))

_LATIN_UTF8 = re.compile(rb"[\xc3-\xc5][\x80-\xbf]")
"""A character of Latin-1 Supplement or Latin Extended-A (U+00C0 to U+017F) in UTF-8."""

_LATIN = re.compile("[\u00c0-\u017f]")

_ZERO_WIDTH_CHARS = frozenset(map(chr, _ZERO_WIDTH))
_INNER_MARK_CHARS = frozenset(_MARKS[1:-1] + _APOSTROPHES[1:-1]) - {"`"}
"""The characters of the classes `_MARKS` and `_APOSTROPHES`, but the backtick."""
_INNER_BACKTICK = re.compile(r"`(?<=\w.)(?=\w)")
_SURROGATE = re.compile("[\ud800-\udfff]")
_EXTRA_FOLD_CHARS = frozenset(map(chr, _EXTRA_FOLDS))
_ASCII_BYTES = bytes(range(128))


def ascii_fold(text: str) -> str | None:
    """What `fold` makes of `text`, with its typographic punctuation as spaces (which the
    analyzer splits at as it would at the punctuation), when that is ASCII; None when the
    text holds anything else that is not ASCII. Prose typed in a word processor (’ “ — …)
    or in a language written with Latin letters (é ñ ß ł) then takes the fast ASCII paths
    of indexing and ranking."""
    folded = ascii_fold_utf8(text.encode())
    return None if folded is None else folded.decode("ascii")


def ascii_fold_utf8(raw: bytes) -> bytes | None:
    """`ascii_fold` of UTF-8 text, as ASCII bytes. In UTF-8 every mark it removes or turns
    into a space starts with a byte sequence `re` can jump to, where over `str` it tests
    every character against a class: the Rust book's prose passages fold in about half
    the time. A mark beside a letter that is not ASCII may stay where `fold` would remove
    it; the result is not ASCII then either way."""
    if raw.isascii():
        return raw
    if b"\xca" in raw:
        # A modifier letter (ʼ ʻ ʹ ʾ ʿ) is a word character, which byte patterns cannot
        # see: it may decide whether its neighbour is inside a word.
        raw = _fold_latin_utf8(_INNER_MARKS.sub("", raw.decode()).encode())
    else:
        if _has_latin_utf8(raw):
            if b"\xe2\x80" in raw and _latin_beside_apostrophe().search(raw):
                # "x’ð", "x’ré", "ß’x", "qú’x": folded first, they would change which
                # apostrophe is removed (see `_latin_beside_apostrophe`).
                return None
            # Before the marks, so that the letters beside them are ASCII word characters.
            raw = _fold_latin_utf8(raw)
        for lead, inner in _INNER_MARKS_UTF8:
            if lead in raw:
                raw = inner.sub(b"", raw)
    raw = _PUNCTUATION_E2_UTF8.sub(b" ", raw)
    if not raw.isascii():
        raw = _PUNCTUATION_C2_UTF8.sub(b" ", raw)
    return raw if raw.isascii() else None


def _fold_latin_utf8(raw: bytes) -> bytes:
    """The Latin letters with diacritics (é ñ ü ß ł ā) as `fold` makes them, in UTF-8."""
    if not _has_latin_utf8(raw):
        return raw
    letters: list[bytes] = _LATIN_UTF8.findall(raw)
    return _replace_each(raw, letters, _latin_folds())


def _replace_each(text: AnyStr, found: Iterable[AnyStr], folds: Mapping[AnyStr, AnyStr]) -> AnyStr:
    """`text` with each letter found in it that `folds` maps replaced by its folding. A text
    uses few distinct letters: one C-fast replace each beats a call per letter."""
    for letter in set(found):
        folded = folds.get(letter)
        if folded is not None:
            text = text.replace(letter, folded)
    return text


def _has_latin_utf8(raw: bytes) -> bool:
    """Whether a Latin letter may be there: its lead byte, found much faster than by `re`."""
    return b"\xc3" in raw or b"\xc4" in raw or b"\xc5" in raw


@functools.cache
def _latin_folds() -> dict[bytes, bytes]:
    """The letters of U+00C0 to U+017F that `fold` makes ASCII letters whatever is around
    them, in UTF-8 (the others stay, and leave the text to the slow path)."""
    return {
        chr(c).encode(): folded.encode()
        for c in range(0xC0, 0x180)
        if chr(c).isalpha() and (folded := fold(chr(c))).isascii() and folded.isalnum()
    }


@functools.cache
def _latin_beside_apostrophe() -> re.Pattern[bytes]:
    """Where folding those letters before the inner apostrophes would change which
    apostrophe is removed: right after one, a letter that folds into the start of a
    contraction's ending; right before one, a letter that folds into two (ß’, æ’: no longer
    an elided letter) or into the u of "qu’"."""
    folds = _latin_folds()

    def starting(letters: bytes) -> bytes:
        found = [re.escape(k) for k, v in folds.items() if v[:1].lower() in letters]
        return b"(?:" + b"|".join(found) + b")"

    apostrophe = rb"\xe2\x80[\x98\x99]"
    after = rb"%s(?:%s|[rRvV]%s|[lL]%s)" % (
        apostrophe,
        starting(b"stdmrvl"),
        starting(b"e"),
        starting(b"l"),
    )
    expanding = b"|".join(re.escape(k) for k, v in folds.items() if len(v) > 1)
    before = rb"(?:%s|[qQ]%s)%s" % (expanding, starting(b"u"), apostrophe)
    return re.compile(after + b"|" + before)


def latin_as_ascii(text: str) -> str:
    """`text` with each Latin letter that `fold` makes one ASCII letter (é ñ ü ł, not ß)
    as that letter, one for one: what a snippet marks keeps its place."""
    letters: list[str] = _LATIN.findall(text)
    return _replace_each(text, letters, _latin_one_for_one())


@functools.cache
def _latin_one_for_one() -> dict[str, str]:
    return {
        letter.decode(): folded.decode()
        for letter, folded in _latin_folds().items()
        if len(folded) == 1
    }


def well_formed(text: str) -> str:
    """`text` with any lone surrogate (what `json.loads` makes of a stray "\\ud800", or a
    terminal of undecodable bytes) as U+FFFD, so that it can be encoded: the engine's
    front door passes every string a user typed through this."""
    return _SURROGATE.sub("\ufffd", text) if not text.isascii() else text


_MNEMONIC = re.compile(
    r"(`+).+?\1|(?<=[A-Za-z])\[([A-Za-z]+)\](?!\()|\[([A-Za-z]+)\](?=[A-Za-z])", re.DOTALL
)
"""Letters in brackets within a word, outside code: tldr pages mark the letter that names a
command's flag so ("[c]reate", "E[x]tract", "[comp]ress")."""
_BRACKETED = re.compile(r"\[[A-Za-z]+\]")
_ASCII_LETTERS = frozenset(string.ascii_letters)


_PLACEHOLDER = re.compile(r"\{\{(?![\[#])[^{}\s](?:[^{}]*[^{}\s])?\}\}")
"""A tldr page's placeholder (`{{path/to/file}}`, `{{count}}`); not its options
(`{{[-l|--lines]}}`, the flags themselves), a template's `{{ value }}`, or an mdBook
directive left unresolved (`{{#include ../listings/…/unit-like-structs/…}}`, whose path
names what it shows)."""


def without_placeholders(text: str) -> str:
    """`text` as search reads it: placeholders say what a command takes, in words that
    would otherwise match nearly every query ("file" in 451 of tldr's items), so they are
    left out."""
    return _PLACEHOLDER.sub(" ", text) if "{{" in text else text


def without_mnemonics(text: str) -> str:
    """`text` with the brackets of letters marked within a word taken away: "[c]reate" is
    the word create, as tldr shows it."""
    if "[" not in text or not _has_mnemonic_like(text):
        return text
    return _MNEMONIC.sub(_unbracket, text)


def _has_mnemonic_like(text: str) -> bool:
    """Whether letters in brackets touch a letter, code or not: a quick test that most
    text (all but tldr pages) fails, since `_MNEMONIC` scans every code span."""
    for match in _BRACKETED.finditer(text):
        start, end = match.span()
        if text[start - 1 : start] in _ASCII_LETTERS or text[end : end + 1] in _ASCII_LETTERS:
            return True
    return False


def _unbracket(match: re.Match[str]) -> str:
    return match.group(0) if match.group(1) else match.group(2) or match.group(3)


def punctuation_as_spaces(text: str) -> str:
    """Typographic punctuation as spaces, one for one (none of it is part of a word). A
    pattern, not `str.translate`, which looks every character up: ten times slower."""
    return _PUNCTUATION_MARK.sub(" ", text)


def fold(text: str) -> str:
    """Fold diacritics, compatibility forms, inner apostrophes and traditional Chinese
    characters (to simplified ones); keep other scripts."""
    if text.isascii():
        return text
    # Each step runs only if its characters are there. Which are is read once, from the
    # text's non-ASCII characters: a pattern searching the text for a class of them tests
    # every character, 30 µs for a passage of 4,500 characters with one "✔" in its code.
    present = _non_ascii(text)
    if not present.isdisjoint(_ZERO_WIDTH_CHARS):
        text = text.translate(_ZERO_WIDTH)
    if not present.isdisjoint(_INNER_MARK_CHARS):
        text = _INNER_MARKS.sub("", text)
    elif "`" in text:
        # The one ASCII mark: a pattern that starts with it is searched for at C speed.
        text = _INNER_BACKTICK.sub("", text)
    if not present.isdisjoint(_EXTRA_FOLD_CHARS):
        text = text.translate(_EXTRA_FOLDS)
    if unicodedata.is_normalized("NFKD", text):
        decomposed = text
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        present = _non_ascii(decomposed)
    if not present.isdisjoint(cjk.TRADITIONAL):
        decomposed = decomposed.translate(cjk.TO_SIMPLIFIED)
    combining = [c for c in present if unicodedata.combining(c)]
    if not combining:
        return decomposed
    marks, astral_marks = _combining_marks()
    folded = marks.sub("", decomposed)
    if any(ord(c) > 0xFFFF for c in combining):
        folded = folded.translate(astral_marks)
    return folded


def folded_in_place(text: str) -> str | None:
    """`fold(text)` lowercased, if its character `i` is what `fold` makes of the text's
    character `i` for every `i` (so that spans found in it are the text's), else None.
    Each character must fold alone to one character that nothing around it changes: not
    an apostrophe folded only between letters, not a letter that decomposes and composes
    again with its neighbours (Hangul jamo), not one folding to two (`Æ`) or none."""
    if "`" in text or not all(map(_folds_in_place, _non_ascii(text))):
        return None
    folded = unicodedata.normalize("NFC", fold(text)).lower()
    return folded if len(folded) == len(text) else None


@functools.cache
def _folds_in_place(char: str) -> bool:
    if char in _INNER_MARK_CHARS:
        return False
    folded = unicodedata.normalize("NFC", fold(char)).lower()
    return len(folded) == 1 and not "\u1100" <= folded <= "\u11ff"


def _non_ascii(text: str) -> set[str]:
    """The characters of `text` that are not ASCII: its UTF-8 without the ASCII bytes,
    which `bytes.translate` drops at C speed."""
    raw = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES)
    return set(raw.decode("utf-8", "surrogatepass"))


@functools.cache
def _combining_marks() -> tuple[re.Pattern[str], dict[int, None]]:
    """Every combining mark (what NFKD splits off a letter): those of the Basic
    Multilingual Plane as one character class, which `re` tests with a bitmap, many times
    faster than a loop over characters; the few beyond it as a table for `str.translate`
    (a class holding them would be tested range by range, slower than the loop)."""
    marks = [c for c in range(_LAST_MARK + 1) if unicodedata.combining(chr(c))]
    basic = "".join(re.escape(chr(c)) for c in marks if c <= 0xFFFF)
    return re.compile(f"[{basic}]+"), dict.fromkeys(c for c in marks if c > 0xFFFF)


_LAST_MARK = 0x1FFFF
"""No combining mark lies beyond the first two planes (the last is U+1E94A)."""


_SLUG_JUNK = re.compile(r"[^a-z0-9]+")
_CAMEL_STEP = re.compile(r"[a-z][A-Z]")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")
_CAMEL_PART = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z0-9]+|[A-Z]+")


@functools.lru_cache(maxsize=65536)
def identifier_words(text: str) -> tuple[str, ...]:
    """The words inside the text's camelCase and PascalCase identifiers, lowercased:
    `fs.readFile` → read, file; `URLSearchParams` → url, search, params. Kept for the last
    many texts: headings are asked for again for every section below them."""
    if not _CAMEL_STEP.search(text):
        return ()
    return tuple(
        part.lower()
        for name in _ASCII_WORD.findall(text)
        if _CAMEL_STEP.search(name)
        for part in _CAMEL_PART.findall(name)
    )


def slugify(text: str, limit: int) -> str:
    """A lowercase ASCII slug of at most `limit` characters, cut at a word boundary."""
    slug = _SLUG_JUNK.sub("-", fold(text).lower()).strip("-")
    if len(slug) <= limit:
        return slug
    cut = slug[: limit + 1]
    dash = cut.rfind("-")
    return (cut[:dash] if dash >= limit // 2 else slug[:limit]).strip("-")


_FENCED = re.compile(
    r"^ {0,3}(`{3,}|~{3,})[^\n]*(.*?)(?:^ {0,3}\1[`~]*[ \t]*$|\Z)", re.MULTILINE | re.DOTALL
)
"""A fenced code block, its code in group 2: read as written, set aside like a code span."""
_BLOCK_ASIDE = re.compile("\x01(\\d+)\x01")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()\s]|\([^)]*\))*(?:\s+\"[^\"]*\")?\)")
_HTML_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][^<>]*>", re.DOTALL)
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^\s<>]*|[^\s<>@:]+@[^\s<>@]+\.[A-Za-z]+)>")
"""A CommonMark autolink (`<https://…>`, `<me@example.org>`): its address is what shows."""
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.DOTALL)
# Each pattern opens with its literal marker (the look-behind comes after it) so that `re`
# jumps from marker to marker instead of trying the look-behind at every character.
_EMPHASIS = re.compile(r"\*(?<![\w*]\*)(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_UNDERSCORE = re.compile(r"_(?<![\w_]_)(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])")
_CODE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_BLOCK_MARKS = re.compile(r"^ {0,3}(?:>\s?|#{1,6}\s+)", re.MULTILINE)
_BULLET = re.compile(r"^(\s*)[*+-]\s+", re.MULTILINE)
_TABLE_RULE = re.compile(r"^ {0,3}\|?(?: *:?-+:? *\|)+ *:?-*:? *$\n?", re.MULTILINE)
"""A table's delimiter row (`| --- | :-: |`)."""
_TABLE_ROW = re.compile(r"^ {0,3}(?:\|(.*?)\|?|(.*?) *\|) *$", re.MULTILINE)
"""A table row: a line that opens with a bar, or ends with one (the first row of a snippet's
stretch of text may start inside a row)."""
_RULE_CELL = re.compile(r"-:? *\|")
"""What every delimiter row holds."""
_BAR_ENDS_LINE = re.compile(r"\| *$", re.MULTILINE)
_BAR_OPENS_LINE = re.compile(r"^ {0,3}\|", re.MULTILINE)
"""What every table row holds (see `_TABLE_ROW`)."""
_CELL_BAR = re.compile(r" *(?<!\\)\| *")
_SET_ASIDE = re.compile("\0(\\d+)\0")
"""Where a code span was set aside: its number between two NUL characters."""


def plain_text(markdown: str) -> str:
    """Markdown source reduced to what a reader sees, on one line, for snippets and
    previews.

    Each pass runs only when its marker is in the text: most passages have few kinds of
    markup, and a pass over a long passage is not free. Code blocks and spans are set aside
    first, so that no later pass takes `Box<T>` for an HTML tag, `**kwargs` for bold or a
    `# comment` for a heading."""
    text = markdown
    blocks: list[str] = []
    if "```" in text or "~~~" in text:
        text = _FENCED.sub(lambda m: _set_aside(blocks, m.group(2)), text.replace("\x01", ""))
    spans: list[str] = []
    if "`" in text:
        # Split by the pattern: text, ticks, code, text, ticks, code, ..., text.
        parts = _CODE.split(text.replace("\0", ""))
        spans = parts[2::3]
        outside = parts[0::3]
        text = "".join(f"{before}\0{i}\0" for i, before in enumerate(outside[:-1]))
        text += outside[-1]
    if "](" in text:
        text = _IMAGE.sub(r"\1", text)
        text = _LINK.sub(r"\1", text)
    if "<" in text:
        text = _HTML_TAG.sub("", _AUTOLINK.sub(r"\1", text))
    if "**" in text or "__" in text:
        text = _STRONG.sub(r"\2", text)
    if "*" in text:
        text = _EMPHASIS.sub(r"\1", text)
    if "_" in text:
        text = _UNDERSCORE.sub(r"\1", text)
    if ">" in text or "#" in text:
        text = _BLOCK_MARKS.sub("", text)
    if "|" in text:
        # A table's rows read as items of their cells, one " — " between two. Most bars
        # are in no table (`{string|Buffer}`), and the row pattern tries every line: each
        # pattern runs only where a quick search finds what it needs.
        if _RULE_CELL.search(text):
            text = _TABLE_RULE.sub("", text)
        if _BAR_ENDS_LINE.search(text) or _BAR_OPENS_LINE.search(text):
            text = _TABLE_ROW.sub(_table_row, text)
    if "\n" in text and ("-" in text or "*" in text or "+" in text):
        text = _BULLET.sub(r"\1• ", text)
    if spans:
        text = _SET_ASIDE.sub(lambda m: spans[int(m.group(1))], text)
    if blocks:
        text = _BLOCK_ASIDE.sub(lambda m: blocks[int(m.group(1))], text)
    return " ".join(text.split())


def _set_aside(blocks: list[str], code: str) -> str:
    blocks.append(code)
    return f"\n\x01{len(blocks) - 1}\x01\n"


def _table_row(match: re.Match[str]) -> str:
    row = match.group(1) if match.group(1) is not None else match.group(2)
    return "• " + " — ".join(cell for cell in _CELL_BAR.split(row.strip()) if cell)


_SENTENCE_END = re.compile(r"[.!?…][\"')\]]*\s")


def cut_text(text: str, limit: int, ellipsis: str = "…") -> str:
    """Cut `text` to at most `limit` characters at a sentence or word boundary.

    The ellipsis is counted in the limit; text that fits is returned unchanged.
    """
    if len(text) <= limit:
        return text
    room = max(limit - len(ellipsis), 0)
    head = text[:room]
    sentence_cut = -1
    for match in _SENTENCE_END.finditer(head):
        sentence_cut = match.end()
    if sentence_cut >= room * 2 // 3:
        return head[:sentence_cut].rstrip() + ellipsis
    space = max(head.rfind(" "), head.rfind("\n"))
    if space >= room // 2:
        return head[:space].rstrip() + ellipsis
    return head + ellipsis
