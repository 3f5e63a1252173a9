"""Hard-wrapped Markdown shows as paragraphs in Discord; lines that mean something stay."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from bot.engine.library import Library
from bot.rendering.linebreaks import join_soft_breaks


def words(markdown: str) -> list[str]:
    """The words of `markdown`, without the block quote markers that open its lines."""
    return re.sub(r"(?m)^(?: {0,3}> ?)+", " ", markdown).split()


def test_a_wrapped_paragraph_becomes_one_line() -> None:
    text = (
        "The `path.extname()` method returns the extension of the `path`, from the last\n"
        "occurrence of the `.` (period) character."
    )
    assert join_soft_breaks(text) == text.replace("\n", " ")


def test_paragraphs_stay_apart() -> None:
    assert join_soft_breaks("one\ntwo\n\nthree\nfour") == "one two\n\nthree four"


def test_code_blocks_keep_their_lines() -> None:
    fenced = "Use it:\n\n```js\nconst a = 1;\nconst b = 2;\n```\nthen\nmore"
    assert (
        join_soft_breaks(fenced) == "Use it:\n\n```js\nconst a = 1;\nconst b = 2;\n```\nthen more"
    )
    tilde = "~~~~\na\n~~~\nb\n~~~~"
    assert join_soft_breaks(tilde) == tilde
    indented = "Like this:\n\n    let x = 5;\n    let y = x;\n\nDone\nnow"
    assert join_soft_breaks(indented) == "Like this:\n\n    let x = 5;\n    let y = x;\n\nDone now"


def test_list_items_join_their_own_wrapped_lines_only() -> None:
    text = "- first item\n  wrapped\n- second\n  - nested\n    wrapped too\n1. one\n   more\n2) two"
    assert join_soft_breaks(text) == (
        "- first item wrapped\n- second\n  - nested wrapped too\n1. one more\n2) two"
    )


def test_block_quotes_join_within_the_quote() -> None:
    text = "> a quoted\n> line\n>\n> > nested\n> > too\nafter"
    assert join_soft_breaks(text) == "> a quoted line\n>\n> > nested too\nafter"


def test_tables_headings_html_and_hard_breaks_stay() -> None:
    table = "Name | Size\n--- | ---\na | 1\nb | 2"
    assert join_soft_breaks(table) == table
    piped = "| a | b |\n|---|---|\n| 1 | 2 |"
    assert join_soft_breaks(piped) == piped
    assert join_soft_breaks("# Title\ntext\nmore\n---") == "# Title\ntext more\n---"
    assert join_soft_breaks("text\n<div>\nx</div>") == "text\n<div>\nx</div>"
    assert join_soft_breaks("line one  \nline two\\\nline three") == (
        "line one  \nline two\\\nline three"
    )


def test_a_fence_keeps_its_language_without_mdbooks_attributes() -> None:
    assert join_soft_breaks("```rust,ignore\nfn main() {}\n```") == "```rust\nfn main() {}\n```"
    assert join_soft_breaks("> ~~~ rust, noplayground\n> x\n> ~~~") == "> ~~~ rust\n> x\n> ~~~"
    assert join_soft_breaks("```js\nlet a, b;\n```") == "```js\nlet a, b;\n```"
    assert join_soft_breaks("Text with rust,ignore\nwrapped") == "Text with rust,ignore wrapped"


@given(st.text(alphabet=st.sampled_from(list("ab |-#>*`~1.  \n\t\\<")), max_size=200))
def test_only_line_breaks_change(text: str) -> None:
    joined = join_soft_breaks(text)
    assert words(joined) == words(text)
    assert joined.count("\n") <= text.count("\n")


def test_every_nodejs_passage_keeps_its_words_and_loses_lines(nodejs: Library) -> None:
    fences = re.compile(r"(?ms)^ {0,3}```.*?^ {0,3}```")
    corpus = nodejs.corpus
    before = after = 0
    for pid in range(len(corpus)):
        text = corpus.texts[pid]
        joined = join_soft_breaks(text)
        assert words(joined) == words(text)
        assert fences.findall(joined) == fences.findall(text)
        before += fences.sub("", text).count("\n")
        after += fences.sub("", joined).count("\n")
    # The Node.js docs are wrapped at 80 columns: outside code, most line breaks are soft.
    assert after < before * 0.6
