"""Folding, slugs, plain text and cutting."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from bot.engine.text import (
    ascii_fold,
    cut_text,
    fold,
    identifier_words,
    plain_text,
    slugify,
    without_mnemonics,
    without_placeholders,
)


def test_fold() -> None:
    assert fold("Qurʼān") == "Quran"
    assert fold("Qur’an Shi’a") == "Quran Shia"
    assert fold("l’État qu’il O’Brien") == "l’Etat qu’il O’Brien"  # elisions stay apart
    assert fold("Rust’s DON’T we’ve I’m") == "Rust’s DON’T we’ve I’m"
    assert fold("café Ümlaut ß Øre") == "cafe Umlaut ss Ore"
    assert fold("ﬁle") == "file"
    assert fold("zero\u200bwidth") == "zerowidth"
    assert fold("قرآن") == "قران"  # other scripts keep their letters, lose their marks
    assert fold("plain ascii") == "plain ascii"


def _fold_by_definition(text: str) -> str:
    """What `fold` means, written plainly (it is written for speed)."""
    if text.isascii():
        return text
    text = text.translate(dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad")))
    apostrophe = r"[\u2019\u2018](?<!\b\w.)(?<!\bqu.)(?!(?:s|t|re|ve|ll|d|m)\b)"
    text = re.sub(
        rf"(?<=\w)(?:[\u02bc\u02bb\u02b9\u02be\u02bf`´]|{apostrophe})(?=\w)", "", text, flags=re.I
    )
    extra = {"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O"}
    extra |= {"đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ı": "i", "þ": "th", "ð": "d"}
    decomposed = unicodedata.normalize("NFKD", text.translate(str.maketrans(extra)))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_TRICKY = st.sampled_from(
    [
        *"\u200bʼ’‘ßæıé\u0301\U0001d165\U0001d15fﬁ x",
        *("ق", "آ", "’s", "’T", "’ll", "’an", "a", " l’", "Qu’", "qu’", "ß’", "qú’"),
    ]
)


@given(st.lists(st.one_of(st.characters(), _TRICKY), max_size=40).map("".join))
def test_fold_keeps_its_definition(text: str) -> None:
    assert fold(text) == _fold_by_definition(text)


_PROSE = st.sampled_from(
    [*"’‘`´ʼ“”—–…•·«»§©°→\u00a0é_─", *"aZ9 ", "a`b", "x´y", "é’s", "_’t"]
    + [*"ÉðßłšñŁ×ſŉ", "rè", "vÉ", "lł", "Ærø", " l’É", " qu’i", " qú’a", " ß’x", "æ’"]
    + [
        f"{a}{m}{end}"
        for a in "a9é"
        for m in "’‘"
        for end in ("s", "T", "rE", "ve", "Ll", "d", "m", "an", "ð", "rè", "Ét")
    ]
)


def _fold_latin(text: str) -> str:
    return "".join(
        fold(c) if "\u00c0" <= c <= "\u017f" and c.isalpha() and fold(c).isascii() else c
        for c in text
    )


@given(st.lists(st.one_of(st.characters(max_codepoint=127), _PROSE), max_size=12).map("".join))
def test_ascii_fold_keeps_its_definition(text: str) -> None:
    """ASCII as it is (as `fold` leaves it); other text with its inner marks removed as
    `fold` removes them, its Latin letters folded as `fold` folds them and its typographic
    punctuation one space each, or None unless that leaves ASCII. (Or None where an
    apostrophe comes beside a Latin letter: there the text may take the slow path.)"""
    apostrophe = r"[\u2019\u2018](?<!\b\w.)(?<!\bqu.)(?!(?:s|t|re|ve|ll|d|m)\b)"
    marks = rf"[\u02bc\u02bb\u02b9\u02be\u02bf`´]|{apostrophe}"
    expected = re.sub(rf"(?<=\w)(?:{marks})(?=\w)", "", text, flags=re.I)
    expected = re.sub(
        "[\u00a0\u2010-\u2015\u2018-\u201f«»‹›´…•·†‡§¶©®°←→\u2002\u2003\u2009\u200a\u202f]",
        " ",
        _fold_latin(expected),
    )
    if text.isascii():
        expected = text
    wanted = expected if expected.isascii() else None
    if re.search("[\u2019\u2018][rRvVlL]?[\u00c0-\u017f]|[\u00c0-\u017f][\u2019\u2018]", text):
        assert ascii_fold(text) in (wanted, None)
    else:
        assert ascii_fold(text) == wanted


def test_slugify_cuts_at_words() -> None:
    assert slugify("Enhancing Safety and Security", 40) == "enhancing-safety-and-security"
    assert slugify("fs.readFile(path[, options], callback)", 20) == "fs-readfile-path"
    assert slugify("!!!", 10) == ""
    assert len(slugify("x" * 100, 12)) == 12


def test_plain_text_strips_markup() -> None:
    text = "**Bold:** a [link](https://x.y) and `code` _em_ *em*\n\n> quote\n\n- item"
    assert plain_text(text) == "Bold: a link and code em em quote • item"


def test_plain_text_reads_code_blocks_as_written() -> None:
    """A Python comment is no heading, `__init__` no emphasis, `**kwargs` no bold."""
    text = (
        "Define it:\n\n```python\ndef __init__(self, **kwargs):\n# set up\n"
        "    return a * b * c\n```\n\nThen **call** it.\n\n````\nunclosed _x_ and `y`"
    )
    assert plain_text(text) == (
        "Define it: def __init__(self, **kwargs): # set up return a * b * c Then call it. "
        "unclosed _x_ and `y`"
    )


def test_plain_text_shows_the_address_of_an_autolink() -> None:
    text = "More information: <https://www.gnu.org/software/tar/>. Mail <a@b.org>, <b>bold</b>"
    assert (
        plain_text(text)
        == "More information: https://www.gnu.org/software/tar/. Mail a@b.org, bold"
    )


def test_plain_text_keeps_what_code_spans_hold() -> None:
    text = "A box is written `Box<T>`; pass `**kwargs` or `[a](b)` to `my_var_name` <b>now</b>"
    assert plain_text(text) == "A box is written Box<T>; pass **kwargs or [a](b) to my_var_name now"
    assert plain_text("``a ` b`` and a lone ` tick") == "a ` b and a lone ` tick"


def test_plain_text_reads_a_table_as_its_cells() -> None:
    text = (
        "Table B-2:\n\n| Symbol   | Explanation         |\n| -------- | :-----------------: |\n"
        '| `\'ident` | Named lifetime      |\n| `"..."`  | String literal |  |\n\n'
        "Types such as {string|Buffer} keep their bar."
    )
    assert plain_text(text) == (
        "Table B-2: • Symbol — Explanation • 'ident — Named lifetime "
        '• "..." — String literal Types such as {string|Buffer} keep their bar.'
    )
    # A stretch of text that starts inside a row.
    assert plain_text("expr | Remainder | Rem |\n| `%=` | Assign |") == (
        "• expr — Remainder — Rem • %= — Assign"
    )


def test_letters_bracketed_within_a_word_are_the_word() -> None:
    text = "[c]reate a g[z]ipped archive, E[x]tract it, [comp]ress, Lis[t]"
    assert without_mnemonics(text) == "create a gzipped archive, Extract it, compress, List"
    kept = "`arr[i]` and ```\nbuf[index]\n``` a [link](https://x.y)text, x[0], [see] this, [a][b]"
    assert without_mnemonics(kept) == kept


def test_cut_prefers_sentence_then_word() -> None:
    text = "First sentence here. Second sentence is longer than the rest of it."
    assert cut_text(text, 30) == "First sentence here.…"
    assert cut_text("alpha beta gamma delta", 15) == "alpha beta…"
    assert cut_text("short", 10) == "short"


@given(st.text(), st.integers(1, 500))
def test_cut_never_exceeds_the_limit(text: str, limit: int) -> None:
    assert len(cut_text(text, limit)) <= max(limit, 1)


def test_identifier_words_split_camel_and_pascal_case() -> None:
    assert identifier_words("fs.readFile(path[, options])") == ("read", "file")
    assert identifier_words("Class: URLSearchParams") == ("url", "search", "params")
    assert identifier_words("getHTTPHeader") == ("get", "http", "header")
    assert identifier_words("ERR_HTTP2_STREAM and plain words") == ()
    assert identifier_words("filehandle.close()") == ()


def test_placeholders_are_left_out_but_options_templates_and_directives_stay() -> None:
    text = "`tar cf {{path/to/target.tar}} {{path/to/file1 path/to/file2 ...}}`"
    assert without_placeholders(text).split() == ["`tar", "cf", "`"]
    kept = "`wc {{[-l|--lines]}}` and {{ value }} and {{#include ../listings/a.rs}}"
    assert without_placeholders(kept) == kept
