"""No input string makes the engine raise: queries, topic names, citation ids, Markdown (with
every site's markup read before parsing, which keeps the lines)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.engine.containers import containers_as_markdown, mdx_as_markdown
from bot.engine.library import Library
from bot.engine.loader import load_corpus
from bot.engine.markdown import Block, parse_markdown
from bot.engine.myst import myst_as_markdown
from bot.engine.pandoc import pandoc_as_markdown
from bot.engine.site_markup import site_markup_as_markdown

NASTY = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=80),
    # What `json.loads` makes of a "\\ud800" escape, or a terminal of invalid UTF-8.
    st.text(alphabet=st.characters(categories=["Cs", "Ll", "Zs"]), min_size=1, max_size=20),
    st.sampled_from(
        [
            "",
            " ",
            "x" * 6000,
            "😀🎉 emoji only",
            "قرآن كريم",
            "\x00\x01\x1f control",
            '"unclosed quote',
            '""',
            "AND OR NOT * ? ~ ^ : ( ) [ ] { }",
            "@everyone <@123> <#1>",
            "a/b/c@d",
            "///",
            "-1",
            "99999999999999999999",
            "lone \ud800 surrogate",
        ]
    ),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=NASTY)
def test_every_query_gets_an_answer(bundled: Library, text: str) -> None:
    result = bundled.search(text)
    assert result.total >= len(result.hits)
    bundled.search(text, documents=["interests"], offset=3)
    bundled.find_source(text)
    bundled.topic(text)
    assert len(bundled.suggest_topics(text)) <= 25
    assert len(bundled.suggest_citations(text)) <= 25
    assert len(bundled.suggest_documents(text)) <= 25
    bundled.cite(text)
    bundled.random(text, document=text or None, topic=text or None)
    bundled.document(text)


MARKDOWN_PIECES = st.sampled_from(
    [
        "# ",
        "## ",
        "###### ",
        "\n",
        "\n\n",
        "```",
        "~~~",
        "    ",
        "> ",
        "- ",
        "1. ",
        "**",
        "__",
        "*",
        "***",
        "_",
        "Bite. ",
        "[",
        "](",
        ")",
        "[x]: /y\n",
        "<!-- ",
        " -->",
        "<div>",
        "<kbd>",
        "</kbd>",
        '<span class="x">',
        "</span>",
        "<pre>",
        "</pre>",
        "<table><tr><td>",
        "</td></tr></table>",
        '<img alt="a">',
        "<sup>",
        "&amp;",
        '<Listing caption="`a<b>`">',
        "[[",
        "]]",
        "|",
        "#",
        "![[",
        "[!tip]- ",
        "[!NOTE]",
        "E[x]tract ",
        '!!! note "T"\n',
        '=== "tab"\n',
        ":::tip\n",
        ":::\n",
        "::: footer\n",
        ":::{note} T\n",
        "::::{tab-set}\n",
        "```{code-block} py\n",
        "```{toctree}\n",
        ":class: x\n",
        "(label)=\n",
        "% c\n",
        "+++\n",
        "{ref}`a <b>`",
        "{py:func}`~a.b`",
        "`x`{.y}",
        "[](#a)",
        "[s]{.c}",
        "::: {.callout-tip}\n",
        "```{python}\n",
        "#| fig-cap: x\n",
        "```{=html}\n",
        "{{< x >}}",
        '{{% y title="T" %}}',
        "{{</* z */>}}",
        '{% tab title="T" %}\n',
        "{% highlight rb %}\n",
        "{.lead}\n",
        "<h2>",
        "</h2>",
        "][",
        "---\n",
        "===\n",
        "| a | b |\n|---|---|\n",
        ":",
        "\r\n",
        "\t",
        "word ",
        "Qurʼān ",
        "😀",
        "\u200b",
        "\ufeff",
    ]
)


@settings(max_examples=200, deadline=None)
@given(pieces=st.lists(st.one_of(MARKDOWN_PIECES, st.text(max_size=20)), max_size=60))
def test_any_markdown_parses(pieces: list[str]) -> None:
    source = "".join(pieces).replace("\r\n", "\n").replace("\r", "\n")
    parsed = parse_markdown(source)
    lines = source.count("\n") + 1
    for item in parsed.items:
        assert 1 <= item.line <= lines
        if isinstance(item, Block):
            # A passage's names travel to the loader on one line each (`loader.Item`).
            for name in (item.leadin, item.title):
                assert name is None or (0 < len(name) <= 100 and "\n" not in name)


@settings(max_examples=200, deadline=None)
@given(pieces=st.lists(st.one_of(MARKDOWN_PIECES, st.text(max_size=20)), max_size=60))
def test_every_rewrite_before_parsing_keeps_the_lines(pieces: list[str]) -> None:
    """Citations count lines in the file: what reads sites' markup must keep them."""
    source = "".join(pieces).replace("\r\n", "\n").replace("\r", "\n")
    for rewrite in (
        mdx_as_markdown,
        pandoc_as_markdown,
        myst_as_markdown,
        site_markup_as_markdown,
        containers_as_markdown,
    ):
        assert rewrite(source).count("\n") == source.count("\n"), rewrite.__name__


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(files=st.lists(st.one_of(MARKDOWN_PIECES, st.text(max_size=30)), min_size=1, max_size=40))
def test_any_file_loads_and_every_passage_is_citable(tmp_path: Path, files: list[str]) -> None:
    root = tmp_path / f"c{abs(hash(tuple(files)))}"
    root.mkdir()
    (root / "a.md").write_text("".join(files), encoding="utf-8", errors="surrogatepass")
    (root / "b.txt").write_text("".join(reversed(files)), encoding="utf-8", errors="surrogatepass")
    corpus = load_corpus(root)
    library = Library(corpus)
    ids = [corpus.passage(i).citation_id for i in range(len(corpus))]
    assert len(ids) == len(set(ids))
    for cid in ids:
        resolution = library.cite(cid)
        assert resolution.exact, cid


@pytest.mark.parametrize(
    "opener", [":::{note}\n", "::: {.x}\n", ":::tip\n", "```{admonition} T\n", "!!! note\n    "]
)
def test_thousands_of_unclosed_containers_still_parse(opener: str) -> None:
    """Each level of nesting is a call: past `MAX_NESTING` openers stay as written."""
    source = opener * 3000 + "the words\n"
    parsed = parse_markdown(source)
    assert parsed.items
    assert "the words" in "\n".join(getattr(item, "text", "") for item in parsed.items)
