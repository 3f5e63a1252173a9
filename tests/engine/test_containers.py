"""MkDocs and Docusaurus admonitions and tabs, rewritten before parsing."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.engine.containers import containers_as_markdown, mdx_as_markdown
from bot.engine.loader import load_corpus
from bot.engine.markdown import Block, Heading, parse_markdown
from tests.conftest import WriteCorpus


def test_a_mkdocs_admonition_is_a_callout_out_of_its_indentation() -> None:
    source = (
        'Intro.\n\n!!! note "Strict mode"\n    Applies to [types](https://x.y).\n\n'
        "    Second paragraph.\n\nAfter.\n\n??? tip\n    Folded.\n"
    )
    assert containers_as_markdown(source) == (
        "Intro.\n\n> [!note] Strict mode\n> Applies to [types](https://x.y).\n>\n"
        "> Second paragraph.\n\nAfter.\n\n> [!tip]\n> Folded.\n"
    )


def test_a_mkdocs_tab_is_its_title_over_its_content() -> None:
    source = '=== "pip"\n\n    ```bash\n    pip install x\n    ```\n\n=== "uv"\n\n    uv add x\n'
    assert containers_as_markdown(source) == (
        "**pip**\n\n```bash\npip install x\n```\n\n**uv**\n\nuv add x\n"
    )


def test_a_docusaurus_admonition_is_a_callout_and_its_closing_line_goes() -> None:
    source = ":::note Title\n\nText with `:::`.\n\n```\n:::\n```\n\n:::\n\n:::tip[Other]\nx\n:::\n"
    assert containers_as_markdown(source) == (
        "> [!note] Title\n>\n> Text with `:::`.\n>\n> ```\n> :::\n> ```\n>\n\n\n"
        "> [!tip] Other\n> x\n\n"
    )


def test_a_vitepress_container_with_a_space_after_its_colons_is_a_callout() -> None:
    source = "::: warning Important\nOnly with the full build.\n:::\n\n::: details\nMore.\n:::\n"
    assert containers_as_markdown(source) == (
        "> [!warning] Important\n> Only with the full build.\n\n\n> [!details]\n> More.\n\n"
    )


def test_code_blocks_and_unclosed_markers_are_left_as_written() -> None:
    source = "```md\n!!! note\n    in code\n:::tip\n:::\n```\n\n:::warning never closed\n\ntext\n"
    assert containers_as_markdown(source) == source


def test_parsed_admonitions_read_as_callouts_with_their_lines_kept() -> None:
    source = (
        '# Doc\n\n!!! warning "Data loss"\n    This [cannot][] be undone.\n\n'
        ":::note\n\nSee.\n\n:::\n"
    )
    items = parse_markdown(source).items
    assert isinstance(items[0], Heading)
    found = [(i.text, i.line, i.leadin) for i in items if isinstance(i, Block)]
    assert found == [
        ("> **Warning: Data loss**\n> This cannot be undone.", 3, "Data loss"),
        ("> **Note**\n>\n> See.\n>", 6, None),
    ]


@given(st.lists(st.sampled_from(["!!! note", '=== "t"', ":::tip", ":::", "    x", "```", "", "a"])))
def test_the_rewrite_keeps_every_line(lines: list[str]) -> None:
    source = "\n".join(lines)
    assert containers_as_markdown(source).count("\n") == source.count("\n")


def test_mdx_statements_and_comments_are_blanked_line_for_line() -> None:
    source = (
        "import Tabs from '@theme/Tabs';\nexport const meta = {\n  a: 1,\n};\n\n"
        "{/* a note\nto editors */}\n\n# Title\n\n```js\nimport x from 'y';\n```\n"
    )
    assert mdx_as_markdown(source) == (
        "\n\n\n\n\n\n\n\n# Title\n\n```js\nimport x from 'y';\n```\n"
    )


def test_an_mdx_file_loads_as_its_markdown(write_corpus: WriteCorpus) -> None:
    root = write_corpus(
        {
            "install.mdx": "import Tabs from '@theme/Tabs';\n\n# Install\n\n<Tabs>\n"
            '  <TabItem value="npm">\n\n```bash\nnpm install foo\n```\n\n  </TabItem>\n</Tabs>\n\n'
            ":::tip\n\nUse a lock file.\n\n:::\n"
        }
    )
    corpus = load_corpus(root)
    assert corpus.problems == []
    assert [d.title for d in corpus.documents] == ["Install"]
    assert list(corpus.texts) == [
        "```bash\nnpm install foo\n```",
        "> **Tip**\n>\n> Use a lock file.\n>",
    ]
    assert corpus.passage_line[1] == 15
