"""MyST Markdown (Sphinx, Jupyter Book): directives, roles, targets and comments, rewritten
before parsing as what a reader of the built page sees."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from bot.engine.loader import load_corpus
from bot.engine.myst import myst_as_markdown
from tests.conftest import WriteCorpus

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_an_admonition_is_a_callout_without_its_options() -> None:
    source = ":::{note} A title\n:class: dropdown\nSome **text**.\n\nMore.\n:::\nAfter.\n"
    assert myst_as_markdown(source) == (
        "\n> [!note] A title\n> Some **text**.\n>\n> More.\n\nAfter.\n"
    )


def test_backtick_directives_nest_and_a_seealso_reads_see_also() -> None:
    source = "````{seealso}\nRead this:\n```{code-block} python\n:linenos:\nprint(1)\n```\n````\n"
    assert myst_as_markdown(source) == (
        "> [!see-also]\n> Read this:\n>\n> ```python\n> print(1)\n> ```\n\n"
    )


def test_titled_boxes_tabs_and_versions() -> None:
    source = (
        "```{admonition} Docutils configuration\n:class: note\nSet it here.\n```\n"
        "::::{tab-set}\n:::{tab-item} Sphinx\nIn conf.py.\n:::\n::::\n"
        "```{versionadded} 1.2\nThe option.\n```\n"
    )
    assert myst_as_markdown(source) == (
        "\n> **Docutils configuration**\n> Set it here.\n\n"
        "\n**Sphinx**\nIn conf.py.\n\n\n"
        "> **New in version 1.2**\n> The option.\n\n"
    )


def test_what_shows_nothing_of_the_file_goes_and_a_figure_keeps_its_caption() -> None:
    source = (
        "```{toctree}\n:maxdepth: 2\nintro\nusage\n```\n"
        "```{figure} img/fish.png\n---\nwidth: 50%\nname: fish\n---\nA fish.\n```\n"
    )
    assert myst_as_markdown(source) == "\n\n\n\n\n\n\n\n\n\nA fish.\n\n"


def test_targets_comments_and_block_breaks_go() -> None:
    source = "(intro)=\n# Intro\n% a note to authors\nText with {term}`MyST`.\n+++\n"
    assert myst_as_markdown(source) == "\n# Intro\n\nText with MyST.\n\n"


def test_roles_show_their_text() -> None:
    source = (
        "See {ref}`the guide <guide>`, {doc}`usage`, {py:func}`~pkg.mod.load`, "
        "{class}`pkg.Thing`, {kbd}`Ctrl+C`, {abbr}`MyST (Markedly Structured Text)`, "
        "{octicon}`plug;1em` {bdg-primary}`stable ; released` and [](#install)."
    )
    assert myst_as_markdown(source) == (
        "See the guide, usage, `load()`, `pkg.Thing`, `Ctrl+C`, MyST, "
        "stable and [install](#install)."
    )


def test_an_icon_leaves_no_gap_before_punctuation_nor_inside_markup() -> None:
    source = (
        "An icon: {fa-solid}`spinner`, then text.\n"
        "**{octicon}`markdown;1.5em;sd-mr-1` CommonMark-plus**\n"
        "Press the {fas}`rocket` button {octicon}`x`"
    )
    assert myst_as_markdown(source) == (
        "An icon:, then text.\n**CommonMark-plus**\nPress the button"
    )


def test_inline_attributes_go_and_a_span_keeps_its_text() -> None:
    source = "A `literal`{.external}, a [span]{#s .warn} and a [link](https://a.org){.x}.\n{ref}`x`"
    assert myst_as_markdown(source) == "A `literal`, a span and a [link](https://a.org).\nx"


def test_code_and_examples_in_code_stay_as_written() -> None:
    source = (
        "Write `{note}` or `` {ref}`x` ``, and `sd-g-{size}-{spacing}` or `${name}`.\n"
        "````md\n```{note}\nText\n```\n{ref}`x`\n% not a comment\n````\n{ref}`y`\n"
    )
    assert myst_as_markdown(source) == source.replace("{ref}`y`", "y")


def test_a_file_without_myst_is_left_alone() -> None:
    """`%` lines, `+++` and targets mean something in MyST only; JavaScript's `${name}`
    and a type in braces after code (Node.js: `` `options` {Object} ``) are no roles."""
    for source in (
        "% of users\n+++ a diff line\n(label)=\n",
        "Use `${name}` in a template literal.\n% of users\n",
        "* `options` {Object}\n  * `encoding` {string}\n% of users\n",
    ):
        assert myst_as_markdown(source) == source


def test_the_fixture_corpora_are_not_myst() -> None:
    for path in FIXTURES.rglob("*.md"):
        source = path.read_text(encoding="utf-8")
        assert myst_as_markdown(source) == source, path


@given(
    st.lists(
        st.sampled_from(
            [
                ":::{note} T",
                "::::{tab-set}",
                ":::",
                "::::",
                "```{code-block} py",
                "```",
                ":opt: v",
                "---",
                "(t)=",
                "% c",
                "{ref}`x <y>`",
                "text",
                "",
            ]
        )
    )
)
def test_the_rewrite_keeps_every_line(lines: list[str]) -> None:
    source = "\n".join(lines)
    assert myst_as_markdown(source).count("\n") == source.count("\n")


def test_a_sphinx_page_loads_as_what_its_reader_sees(write_corpus: WriteCorpus) -> None:
    root = write_corpus(
        {
            "docs/usage.md": "(usage)=\n# Usage\n\n"
            "Call {py:func}`mypkg.load` first.\n\n"
            ":::{warning}\n:class: dropdown\nIt reads the whole file.\n:::\n\n"
            "```{toctree}\n:hidden:\napi\n```\n\n"
            "## Options\n\n% TODO: more\n```{code-block} python\n:caption: conf.py\nload(x)\n```\n"
        }
    )
    corpus = load_corpus(root)
    assert corpus.documents[0].title == "Usage"
    passages = [corpus.passage(i) for i in range(len(corpus))]
    assert [p.text for p in passages] == [
        "Call `mypkg.load()` first.",
        "> **Warning**\n> It reads the whole file.",
        "```python\nload(x)\n```",
    ]
    # A directive's first line in the text is its last line of options.
    assert [p.line for p in passages] == [4, 7, 20]
    assert not corpus.problems
