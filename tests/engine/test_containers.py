"""MkDocs and Docusaurus admonitions and tabs, rewritten before parsing."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.engine.containers import containers_as_markdown
from bot.engine.markdown import Block, Heading, parse_markdown


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
