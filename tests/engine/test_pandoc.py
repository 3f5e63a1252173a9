"""Pandoc's fenced divs and code block attributes (Quarto, R Markdown), rewritten before
parsing as what a reader of the built page sees."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from bot.engine.containers import containers_as_markdown
from bot.engine.loader import load_corpus
from bot.engine.pandoc import pandoc_as_markdown
from tests.conftest import WriteCorpus

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_a_callout_div_is_a_callout_titled_by_its_attribute_or_heading() -> None:
    source = (
        '::: {.callout-warning title="Careful" collapse="true"}\nBody.\n:::\n\n'
        "::: {.callout-tip}\n## Tip with a title\n\nUse it.\n:::\n"
    )
    assert pandoc_as_markdown(source) == (
        "> [!warning] Careful\n> Body.\n\n\n\n\n> [!tip] Tip with a title\n> Use it.\n\n"
    )


def test_other_divs_give_way_to_their_content_and_nest() -> None:
    source = ':::: {.columns}\n::: {.column width="40%"}\nLeft\n:::\n::: {}\nRight\n:::\n::::\n'
    assert pandoc_as_markdown(source) == "\n\nLeft\n\n\nRight\n\n\n"


def test_a_cell_is_a_code_block_in_its_language_under_its_caption() -> None:
    source = (
        'Intro\n```{python}\n#| label: fig-polar\n#| fig-cap: "A polar plot"\n'
        "import numpy\n```\n"
        '``` {.bash filename="Terminal"}\nquarto render\n```\n'
        "```{r setup, include=FALSE}\nknitr::opts_chunk$set()\n```\n"
    )
    assert pandoc_as_markdown(source) == (
        "Intro\n\nA polar plot\n```python\nimport numpy\n```\n"
        "```bash\nquarto render\n```\n```r\nknitr::opts_chunk$set()\n```\n"
    )


def test_a_raw_html_block_is_html_and_other_raw_formats_go() -> None:
    source = "```{=html}\n<kbd>Ctrl</kbd>\n```\n```{=latex}\n\\newpage\n```\n"
    assert pandoc_as_markdown(source) == "\n<kbd>Ctrl</kbd>\n\n\n\n\n"


def test_myst_directives_and_examples_in_code_are_left_alone() -> None:
    for source in (
        ":::{note}\nMyST\n:::\n```{note}\nMyST\n```\n",
        "````markdown\n::: {.callout-note}\nExample\n:::\n```{python}\n#| echo: false\n```\n````\n",
    ):
        assert pandoc_as_markdown(source) == source


def test_a_one_word_div_is_a_callout_only_when_it_names_one() -> None:
    source = "::: callout-note\nSee.\n:::\n\n::: footer\nA footer\n:::\n"
    assert containers_as_markdown(source) == "> [!note]\n> See.\n\n\n\nA footer\n\n"


def test_the_fixture_corpora_hold_no_pandoc_blocks() -> None:
    for path in FIXTURES.rglob("*.md"):
        source = path.read_text(encoding="utf-8")
        assert pandoc_as_markdown(source) == source, path


@given(
    st.lists(
        st.sampled_from(
            [
                "::: {.callout-note}",
                ":::: {.columns}",
                ":::",
                "::::",
                "## Title",
                "```{python}",
                "#| fig-cap: x",
                "#| echo: false",
                "```{=latex}",
                "```",
                "text",
                "",
            ]
        )
    )
)
def test_the_rewrite_keeps_every_line(lines: list[str]) -> None:
    source = "\n".join(lines)
    assert pandoc_as_markdown(source).count("\n") == source.count("\n")


def test_a_quarto_document_loads_as_its_page_reads(write_corpus: WriteCorpus) -> None:
    root = write_corpus(
        {
            "guide/plots.qmd": "---\ntitle: Plots\n---\n\n"
            "::: {.callout-note}\n## Before you start\n\nInstall matplotlib.\n:::\n\n"
            "```{python}\n#| fig-cap: A line\nimport matplotlib\n```\n",
            "report.Rmd": "# Report\n\n```{r}\nsummary(cars)\n```\n",
        }
    )
    corpus = load_corpus(root)
    assert [d.title for d in corpus.documents] == ["Plots", "Report"]
    passages = [corpus.passage(i) for i in range(len(corpus))]
    assert [p.text for p in passages] == [
        "> **Note: Before you start**\n> Install matplotlib.",
        "A line\n\n```python\nimport matplotlib\n```",
        "```r\nsummary(cars)\n```",
    ]
    # A callout titled by a heading opens just above its text, a cell on its first line.
    assert [p.line for p in passages] == [7, 11, 3]
    assert not corpus.problems
