"""Parsing one Markdown file into headings and passages."""

from __future__ import annotations

from bot.engine.markdown import Block, Heading, parse_markdown


def headings(source: str) -> list[tuple[int, str]]:
    return [(i.level, i.text) for i in parse_markdown(source).items if isinstance(i, Heading)]


def blocks(source: str) -> list[Block]:
    return [i for i in parse_markdown(source).items if isinstance(i, Block)]


def test_atx_and_setext_headings_in_order_with_lines() -> None:
    source = "# Title\n\nintro\n\nPart one\n========\n\ntext\n\nSub\n---\n\n### Deep ###\n"
    parsed = parse_markdown(source)
    found = [(i.level, i.text, i.line) for i in parsed.items if isinstance(i, Heading)]
    assert found == [(1, "Title", 1), (1, "Part one", 5), (2, "Sub", 10), (3, "Deep", 13)]


def test_hash_lines_inside_code_fences_are_not_headings() -> None:
    source = "# Real\n\n```sh\n# not a heading\n## nor this\n```\n\n~~~\n# nor\n~~~\n"
    assert headings(source) == [(1, "Real")]
    assert "# not a heading" in blocks(source)[0].text


def test_code_block_and_table_join_the_passage_before_them() -> None:
    source = (
        "## Example\n\nRead a file:\n\n```js\nfs.readFile(p)\n```\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\nNext paragraph.\n"
    )
    found = blocks(source)
    assert len(found) == 2
    assert found[0].text.startswith("Read a file:")
    assert "fs.readFile(p)" in found[0].text and "| 1 | 2 |" in found[0].text
    assert found[1].text == "Next paragraph."


def test_code_block_right_after_a_heading_is_its_own_passage() -> None:
    found = blocks("## Usage\n\n```\nnpm start\n```\n")
    assert [b.text for b in found] == ["```\nnpm start\n```"]


def test_paragraph_ending_with_colon_keeps_its_list() -> None:
    found = blocks("These include:\n\n- one\n- two\n\nAfter.\n\n- separate list\n")
    assert [b.text for b in found] == [
        "These include:\n\n- one\n- two",
        "After.",
        "- separate list",
    ]


def test_a_list_item_ending_with_colon_keeps_the_paragraph_it_introduces() -> None:
    """A tldr page: each "- what it does:" introduces the command under it (and its flag
    letters, "[c]reate", read as the word)."""
    found = blocks(
        "# tar\n\n> Archiving utility.\n\n- [c]reate an archive from files:\n\n"
        "`tar cf {{target.tar}} {{file1 file2}}`\n\n- List the contents\n\nNot a command.\n"
    )
    assert [b.text for b in found] == [
        "> Archiving utility.",
        "- create an archive from files:\n\n`tar cf {{target.tar}} {{file1 file2}}`",
        "- List the contents",
        "Not a command.",
    ]


def test_obsidian_wikilinks_read_as_obsidian_shows_them() -> None:
    found = blocks(
        "See [[Internal links|an internal link]], [[Internal links#Link to a heading]], "
        "[[#Local heading]] and ![[img.png]] here.\n\n![[Whole note]]\n\nAfter.\n"
    )
    assert [b.text for b in found] == [
        "See an internal link, Internal links > Link to a heading, Local heading and here.",
        "After.",
    ]


def test_callouts_and_alerts_show_their_kind_and_title() -> None:
    found = blocks(
        "> [!warning]- Avoid circular references\n> A formula cannot refer to itself.\n\n"
        "Between.\n\n> [!NOTE]\n> Useful information.\n\n> [!] no kind, [!tip] later\n"
    )
    assert [(b.text, b.leadin) for b in found] == [
        (
            "> **Warning: Avoid circular references**\n> A formula cannot refer to itself.",
            "Avoid circular references",
        ),
        ("Between.", None),
        ("> **Note**\n> Useful information.", None),
        ("> [!] no kind, [!tip] later", None),
    ]


def test_an_html_heading_is_a_heading() -> None:
    source = (
        '<h1 align="center">My <b>Tool</b> &amp; co</h1>\n\nIntro.\n\n<h4>Usage</h4>\n\nRun it.\n'
    )
    items = parse_markdown(source).items
    assert [(type(i).__name__, i.text) for i in items] == [
        ("Heading", "My Tool & co"),
        ("Block", "Intro."),
        ("Heading", "Usage"),
        ("Block", "Run it."),
    ]


def test_a_reference_link_defined_nowhere_reads_as_its_text() -> None:
    found = blocks(
        "Set [`regex_engine`][pydantic.ConfigDict.regex_engine], see [`zoneinfo`][] and "
        "[the docs][d]; `a[0][1]` and x[0][1] stay.\n\n[d]: https://example.org\n"
    )
    assert [b.text for b in found] == [
        "Set `regex_engine`, see `zoneinfo` and [the docs](https://example.org); "
        "`a[0][1]` and x[0][1] stay."
    ]


def test_a_paragraph_of_only_images_is_no_passage() -> None:
    found = blocks(
        "# Tool\n\n[![Build Status](https://ci/badge.svg)](https://ci) ![npm][n]\n\n"
        "![Diagram of the event loop](loop.png)\n\nText with an ![inline](i.png) image.\n\n"
        "[n]: https://npm/badge.svg\n"
    )
    assert [b.text for b in found] == ["Text with an inline image."]


def test_the_end_of_an_html_block_element_keeps_words_apart() -> None:
    found = blocks(
        "Intro.\n\n<ul><li>one</li><li>two</li></ul>\n\n<div>alpha</div><div>beta</div>\n"
    )
    assert [b.text for b in found] == ["Intro.\n\none two\n\nalpha beta"]


def test_block_quotes_and_lists_stay_whole() -> None:
    found = blocks("> quoted\n> still quoted\n\n1. first\n   more of first\n2. second\n")
    assert found[0].text == "> quoted\n> still quoted"
    assert found[1].text.startswith("1. first") and "2. second" in found[1].text


def test_bold_lead_in_is_detected_with_colon_inside_or_after() -> None:
    found = blocks(
        "**2. Intelligence Gathering:** Timely information.\n\n"
        "**Note**: after the bold.\n\n**Bold** but no colon.\n\nPlain **bold:** later.\n"
    )
    assert [b.leadin for b in found] == ["2. Intelligence Gathering", "Note", None, None]


def test_a_bold_title_alone_heads_the_text_under_it() -> None:
    # A rules book converted from a PDF: each feature titled by a bold line, not a heading.
    found = blocks(
        "**Expertise**\n\nChoose two skills.\n\n"
        "**Sneak Attack**\n\nOnce per turn, deal extra damage.\n\nIt grows.\n\n"
        "**Example**\n\n- one\n- two\n"
    )
    assert [(b.text, b.title, b.leadin) for b in found] == [
        ("**Expertise**\n\nChoose two skills.", "Expertise", None),
        ("**Sneak Attack**\n\nOnce per turn, deal extra damage.", "Sneak Attack", None),
        ("It grows.", None, None),
        ("**Example**\n\n- one\n- two", "Example", None),
    ]


def test_bold_italic_and_run_in_lead_ins_name_their_paragraph() -> None:
    # A stat block: traits run in bold italics, ending with a full stop.
    found = blocks(
        "***Multiattack.*** The owlbear makes two attacks.\n\n"
        "***Tentacle.** Melee Weapon Attack:* +9 to hit.\n\n"
        "_**Keen Sight.**_ It sees far.\n\n"
        "**Wing Attack (Costs 2 Actions).** The dragon beats its wings.\n\n"
        "***Bite:*** Piercing.\n\n"
        "**This module is pending deprecation.** Use the other one.\n\n"
        "*An aside* in italics.\n\n**A bold sentence.**\n"
    )
    assert [b.leadin for b in found] == [
        "Multiattack",
        "Tentacle",
        "Keen Sight",
        "Wing Attack (Costs 2 Actions)",
        "Bite",
        None,
        None,
        None,
    ]


def test_a_title_over_a_named_paragraph_keeps_both_names() -> None:
    found = blocks(
        "***Actions***\n\n***Multiattack.*** The owlbear makes two attacks.\n\n"
        "***Beak.*** Piercing damage.\n"
    )
    assert [(b.title, b.leadin) for b in found] == [("Actions", "Multiattack"), (None, "Beak")]
    assert found[0].text.startswith("***Actions***\n\n***Multiattack.***")


def test_a_bold_sentence_or_a_title_under_a_title_stays_a_passage_of_its_own() -> None:
    found = blocks(
        "**Never store passwords in plain text.**\n\nHash them.\n\n"
        "**Part One**\n\n**Chapter One**\n\nIt begins.\n\n**Last title**\n\n# Heading\n"
    )
    assert [(b.text, b.title or b.leadin) for b in found] == [
        ("**Never store passwords in plain text.**", None),
        ("Hash them.", None),
        ("**Part One**", "Part One"),
        ("**Chapter One**\n\nIt begins.", "Chapter One"),
        ("**Last title**", "Last title"),
    ]


def test_a_block_quote_is_named_by_its_opening_heading_or_lead_in() -> None:
    found = blocks(
        "> ### The Stack and the [Heap](#heap) `alloc`\n>\n> Both are memory.\n\n"
        "> **Note:** careful.\n\n> plain quote\n\n> text first\n> ### Late heading\n"
    )
    assert [b.leadin for b in found] == ["The Stack and the Heap alloc", "Note", None, None]
    assert found[0].text.startswith("> ### The Stack and the Heap `alloc`")


def test_front_matter_only_at_the_top() -> None:
    parsed = parse_markdown("---\ntitle: T\nid: x\n---\n# H\n\ntext\n")
    assert parsed.front_matter == "title: T\nid: x\n"
    later = parse_markdown("# H\n\ntext\n\n---\nkey: value\n---\n")
    assert later.front_matter is None
    assert any("key: value" in b.text for b in later.items if isinstance(b, Block))


def test_reference_links_become_text_or_inline_links() -> None:
    source = (
        "See [`fs.readFile()`][] and [the docs][d] or [local](#anchor), "
        "[web](https://example.com) ![img](a.png).\n\n"
        "[`fs.readFile()`]: #fs_fs_readfile\n[d]: https://nodejs.org/docs\n"
    )
    text = blocks(source)[0].text
    assert text == (
        "See `fs.readFile()` and [the docs](https://nodejs.org/docs) or local, "
        "[web](https://example.com) img."
    )


def test_invisible_html_blocks_are_dropped_the_text_of_visible_html_kept() -> None:
    found = blocks('<!-- YAML\nadded: v1\n-->\n\nText.\n\n<a id="ERR_X"></a>\n\n<div>kept</div>\n')
    assert [b.text for b in found] == ["Text.\n\nkept"]


def test_inline_html_becomes_what_a_reader_sees() -> None:
    source = (
        "Press <kbd>Ctrl</kbd>+<kbd>C</kbd> now <!-- ignore --> and see "
        '<span class="filename">Filename: src/main.rs</span>, 2<sup>32</sup>, '
        "<em>very</em> <strong>bold</strong> <code>x</code><br>end. "
        '<img src="ferris.svg" alt="Ferris with a\nquestion mark"/> <img src="x.png">\n'
    )
    assert blocks(source)[0].text == (
        "Press `Ctrl`+`C` now and see Filename: src/main.rs, 2^32, *very* **bold** `x` end. "
        "Ferris with a question mark"
    )


def test_an_empty_superscript_leaves_nothing() -> None:
    """VitePress marks what a version added with an empty `<sup>` badge."""
    source = 'Use `onWatcherCleanup()` <sup class="vt-badge" data-text="3.5+" /> API.\n'
    assert blocks(source)[0].text == "Use `onWatcherCleanup()` API."


def test_html_in_text_beyond_ascii_is_rewritten_in_place() -> None:
    source = (
        "Café <kbd>é</kbd> <!-- x --> naïve “q” <span>ß</span>.\n\n<table><tr><td>ä</td></table>\n"
    )
    assert blocks(source)[0].text == "Café `é` naïve “q” ß.\n\n- ä"


def test_html_inside_code_stays_as_written() -> None:
    source = "Use `<kbd>` or `<!-- x -->` here:\n\n```html\n<kbd>A</kbd> <!-- c -->\n```\n"
    assert blocks(source)[0].text == source.rstrip("\n")


def test_an_html_table_becomes_a_list_of_its_rows() -> None:
    source = (
        "Constants:\n\n<table>\n  <tr>\n    <th>Constant</th>\n    <th>Meaning</th>\n  </tr>\n"
        "  <tr>\n    <td><code>SIGHUP</code></td>\n    <td>Hang up &amp;\n    exit.</td>\n  </tr>\n"
        "  <tr><td><code>SIGINT</code><td>Interrupt (<kbd>Ctrl</kbd>+<kbd>C</kbd>).\n"
        "</table>\n"
    )
    assert blocks(source)[0].text == (
        "Constants:\n\n- **Constant** — **Meaning**\n- `SIGHUP` — Hang up & exit.\n"
        "- `SIGINT` — Interrupt (`Ctrl`+`C`)."
    )


def test_a_pre_block_becomes_a_code_block_of_its_text() -> None:
    source = "Like this:\n\n<pre><code>match <em>VALUE</em> {\n    x =&gt; y,\n}</code></pre>\n"
    assert blocks(source)[0].text == "Like this:\n\n```\nmatch VALUE {\n    x => y,\n}\n```"


def test_html_lines_of_a_block_quote_leave_no_empty_quoted_lines() -> None:
    source = (
        '> <Listing file-name="a.rs" caption="Uses `Option<i32>`">\n>\n'
        "> <!-- CAN'T\n> EXTRACT -->\n>\n> The text.\n>\n> More.\n>\n> </Listing>\n"
    )
    assert blocks(source)[0].text == "> The text.\n>\n> More."


def test_non_ascii_text_keeps_exact_characters_and_lines() -> None:
    source = "# Qurʼān\n\nCafé — naïve “quotes”.\n\n## Ümlaut\n\nEnd.\n"
    parsed = parse_markdown(source)
    assert headings(source) == [(1, "Qurʼān"), (2, "Ümlaut")]
    assert [b.text for b in blocks(source)] == ["Café — naïve “quotes”.", "End."]
    assert [i.line for i in parsed.items] == [1, 3, 5, 7]


def test_heading_text_is_plain_text() -> None:
    assert headings("#### `fs.readFile(path[, options], callback)`\n") == [
        (4, "fs.readFile(path[, options], callback)")
    ]
    defined = "## Class: [`Buffer`][] *api*\n\n[`Buffer`]: buffer.html\n"
    assert headings(defined) == [(2, "Class: Buffer api")]
    # Without a definition the brackets are literal text, as CommonMark says.
    assert headings("## Class: [`Buffer`][]\n") == [(2, "Class: [Buffer][]")]


def test_a_headings_attribute_block_is_no_part_of_its_name() -> None:
    """VitePress, Pandoc and Hugo give headings ids and classes in braces at the end."""
    assert headings("## Deep Watchers {#deep-watchers}\n") == [(2, "Deep Watchers")]
    assert headings("Setext {#s .c}\n------\n") == [(2, "Setext")]
    assert headings("### Closed {.unlisted} ###\n") == [(3, "Closed")]
    # Braces that are no attribute block, or are in code, stay.
    assert headings("## Event: 'data' {Buffer}\n") == [(2, "Event: 'data' {Buffer}")]
    assert headings("## The `{#id}` syntax\n") == [(2, "The {#id} syntax")]
    assert headings("## Ends in `{.x}`\n") == [(2, "Ends in {.x}")]


def test_a_headings_id_is_kept_apart() -> None:
    def anchors(source: str) -> list[str]:
        return [i.anchor for i in parse_markdown(source).items if isinstance(i, Heading)]

    assert anchors("## Deep Watchers {#deep-watchers}\n") == ["deep-watchers"]
    assert anchors("## 侦听器 {.c #watchers}\n") == ["watchers"]
    assert anchors("## Closed {.unlisted}\n## The `{#id}` syntax\n") == ["", ""]


def test_script_and_style_blocks_are_no_passages() -> None:
    """A Vue or MDX page runs its `<script setup>`; a reader never sees it."""
    source = (
        "<script setup>\nimport { ref } from 'vue'\nconst v = ref()\n</script>\n\n"
        "# Releases\n\n<style scoped>\n.a { color: red }\n</style>\n\nThe text.\n\n"
        "```html\n<script>shown as code</script>\n```\n"
    )
    assert [b.text for b in blocks(source)] == [
        "The text.\n\n```html\n<script>shown as code</script>\n```"
    ]


def test_an_html_comment_between_a_colon_and_its_list_changes_nothing() -> None:
    found = blocks("Options allowed are:\n\n<!-- generated start -->\n\n* `-C`\n* `--x`\n")
    assert [b.text for b in found] == ["Options allowed are:\n\n* `-C`\n* `--x`"]
