"""Hugo's shortcodes, Liquid tag lines and attribute lines, rewritten before parsing."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.engine.loader import load_corpus
from bot.engine.site_markup import site_markup_as_markdown
from tests.conftest import WriteCorpus


def test_calls_go_and_a_title_stays_in_bold() -> None:
    source = (
        '{{% blocks/cover\n  title="Welcome!"\n  height="full"\n%}}\n'
        "The version is {{% param version %}} now.\n"
        '{{% alert title="Warning" color="warning" %}}\nBe careful.\n{{% /alert %}}\n'
        '{{< figure src="sunset.jpg" >}}\n'
    )
    assert site_markup_as_markdown(source) == (
        "**Welcome!**\n\n\n\nThe version is  now.\n**Warning**\nBe careful.\n\n\n"
    )


def test_an_escaped_call_shows_the_call_also_in_code() -> None:
    source = (
        'Write {{</* tab header="Python" */>}} for a tab.\n\n'
        '```go-html-template\n{{</* imgproc sunset Crop "500x300" */>}}\n'
        "{{< figure >}}\n```\n"
    )
    assert site_markup_as_markdown(source) == (
        'Write {{< tab header="Python" >}} for a tab.\n\n'
        '```go-html-template\n{{< imgproc sunset Crop "500x300" >}}\n{{< figure >}}\n```\n'
    )


def test_attribute_lines_go() -> None:
    source = "A lead paragraph.\n{.lead}\n\n{: #intro .wide}\nText {.not-alone}\n"
    assert site_markup_as_markdown(source) == "A lead paragraph.\n\n\n\nText {.not-alone}\n"


def test_a_line_of_a_liquid_tag_goes_and_highlight_is_a_code_block() -> None:
    source = (
        '{% include badge.html version="4.0" %}\n{% raw %}\n```liquid\n{% for p in site.posts %}\n'
        "```\n{% endraw %}\n  {%- if site.x -%}\n{% highlight ruby linenos %}\nputs 1\n"
        "{% endhighlight %}\nSee {% link about.md %} for more.\n\n    {% if indented_code %}\n"
    )
    assert site_markup_as_markdown(source) == (
        "\n\n```liquid\n{% for p in site.posts %}\n```\n\n\n```ruby\nputs 1\n```\n"
        "See {% link about.md %} for more.\n\n    {% if indented_code %}\n"
    )


def test_a_gitbook_tab_shows_its_title_and_a_hint_its_content() -> None:
    source = (
        '{% tabs %}\n{% tab title="Python" %}\nUse pip.\n{% endtab %}\n{% endtabs %}\n'
        '{% hint style="info" %}\nA hint.\n{% endhint %}\n'
    )
    assert site_markup_as_markdown(source) == "\n**Python**\nUse pip.\n\n\n\nA hint.\n\n"
    # Liquid takes single quotes as well.
    assert site_markup_as_markdown("{% tab title='Go' %}\n") == "**Go**\n"


def test_what_only_looks_like_a_call_is_left_as_written() -> None:
    """tldr's keys (`{{<ArrowUp>|<ArrowDown>}}`), templates' `{{ value }}`, JSON."""
    for source in (
        "- Scroll: `{{<ArrowUp>|<ArrowDown>}}`\n",
        '- Extract: `xidel {{url}} "{{<a>{.}</a>*}}"`\n',
        "<span>{{ msg }}</span> and {% raw %}\n",
        '{\n  "a": {...rest}\n}\n',
    ):
        assert site_markup_as_markdown(source) == source


@given(
    st.lists(
        st.sampled_from(
            [
                "{{< a >}}",
                '{{% b title="T" %}}',
                "{{% /b %}}",
                "{{</* c */>}}",
                "{{<",
                "%}}",
                "{.x}",
                "```",
                "text",
                "",
            ]
        )
    )
)
def test_the_rewrite_keeps_every_line(lines: list[str]) -> None:
    source = "\n".join(lines)
    assert site_markup_as_markdown(source).count("\n") == source.count("\n")


def test_a_hugo_page_loads_as_what_its_reader_sees(write_corpus: WriteCorpus) -> None:
    root = write_corpus(
        {
            "docs/install.md": "---\ntitle: Install\n---\n\n"
            '{{% pageinfo color="info" %}}\nThis page is a draft.\n{{% /pageinfo %}}\n\n'
            "## Requirements\n\n"
            '{{% alert title="Note" %}}\nGo 1.22 or later.\n{{% /alert %}}\n\n'
            'Download it {{< link href="/dl" >}}here{{< /link >}}.\n{.lead}\n'
        }
    )
    corpus = load_corpus(root)
    assert [corpus.texts[i] for i in range(len(corpus))] == [
        "This page is a draft.",
        "**Note**\nGo 1.22 or later.",
        "Download it here.",
    ]
    assert not corpus.problems
