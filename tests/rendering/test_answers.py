"""Answers as the member sees them: inert and short whatever was typed, paged while more match."""

from __future__ import annotations

from bot.engine.library import Library
from bot.rendering import answers
from bot.rendering import custom_ids as ids
from bot.rendering.escape import ZWSP
from bot.rendering.message import Button, Message
from tests.conftest import WriteCorpus
from tests.rendering.discord_limits import violations


def description(message: answers.Message) -> str:
    [embed] = message.embeds
    assert embed.description is not None
    return embed.description


def test_random_quotes_an_unknown_document_or_topic_inertly(bundled: Library) -> None:
    for options in ({"document": "@everyone **now**"}, {"topic": "<@123> @here"}):
        text = description(answers.random(bundled, "key", **options))  # type: ignore[arg-type]
        assert "@everyone" not in text and "@here" not in text and "<@123>" not in text
        assert ZWSP in text
        assert "**now**" not in text


def test_random_and_cite_do_not_echo_6000_characters(bundled: Library) -> None:
    huge = "lighthouse " * 545 + "x"
    assert len(description(answers.random(bundled, "key", topic=huge))) < 700
    assert len(description(answers.random(bundled, "key", document=huge))) < 700
    assert len(description(answers.cite(bundled, huge))) < 700


def next_page(message: Message) -> Button:
    return next(
        item
        for row in message.rows
        for item in row
        if isinstance(item, Button) and item.label == "Next page"
    )


def test_search_pages_go_on_while_more_passages_match(write_corpus: WriteCorpus) -> None:
    library = Library.load(
        write_corpus(
            {"d.md": "# D\n\n" + "\n\n".join(f"Lighthouse {n}." for n in range(200)) + "\n"}
        )
    )
    [embed] = answers.search(library, "lighthouse").embeds
    assert embed.footer is not None and embed.footer.endswith("+ passages matched")
    last_ranked = -(-library.search("lighthouse").total // 5)
    beyond = answers.search(library, "lighthouse", page=last_ranked)
    assert not next_page(beyond).disabled
    assert answers.search(library, "lighthouse", page=last_ranked + 1).embeds[0].fields


def test_the_last_page_of_a_search_that_ranked_every_match(write_corpus: WriteCorpus) -> None:
    library = Library.load(
        write_corpus({"d.md": "# D\n\n" + "\n\n".join(f"Harbour {n}." for n in range(12)) + "\n"})
    )
    [embed] = answers.search(library, "harbour").embeds
    assert embed.footer == "Page 1 of 3 · 12 passages matched"
    assert not next_page(answers.search(library, "harbour", page=2)).disabled
    assert next_page(answers.search(library, "harbour", page=3)).disabled


def test_one_passage_matched_is_said_in_the_singular(write_corpus: WriteCorpus) -> None:
    library = Library.load(write_corpus({"d.md": "# D\n\nHarbour lights.\n\nQuiet sea.\n"}))
    [embed] = answers.search(library, "harbour").embeds
    assert embed.footer == "Page 1 of 1 · 1 passage matched"


def test_a_hard_wrapped_passage_reads_as_one_paragraph(nodejs: Library) -> None:
    passage = nodejs.cite("path/path-extname-path/2").passage
    assert passage is not None
    source = passage.text
    assert "the last\noccurrence" in source
    text = description(answers.cite(nodejs, "path/path-extname-path/2"))
    assert "from the last occurrence of the `.` (period) character" in text
    assert "\n```js\npath.extname('index.html');\n// Returns: '.html'\n" in text


def test_a_topic_found_by_its_text_says_so(bundled: Library) -> None:
    text = description(answers.topic(bundled, "foreign direct investment"))
    assert "Legal and Regulatory Cooperation" in text
    assert "No heading is called **foreign direct investment**" in text
    named = description(answers.topic(bundled, "legal and regulatory cooperation"))
    assert "No heading is called" not in named


def test_an_excerpt_reads_tldr_flag_letters_as_the_word(write_corpus: WriteCorpus) -> None:
    library = Library.load(
        write_corpus({"tar.md": "# tar\n\n- E[x]tract a [f]ile:\n\n`tar x[f] {{file}}`\n"})
    )
    [embed] = answers.cite(library, "tar/intro/1").embeds
    assert embed.description is not None
    assert embed.description.startswith("- Extract a file:")
    assert "`tar x[f] {{file}}`" in embed.description


def test_a_thousand_documents_are_listed_a_page_at_a_time(tldr: Library) -> None:
    first = answers.documents(tldr)
    pages = int(first.embeds[0].footer.split(" of ")[1].split(" ")[0])
    assert pages == -(-len(tldr.documents) // 40)
    listed: list[str] = []
    message = first
    for page in range(1, pages + 1):
        payload = message.to_dict()
        assert violations(payload) == []
        description = message.embeds[0].description or ""
        listed += [line.split("`")[1] for line in description.splitlines()]
        buttons = [b for row in message.rows for b in row if isinstance(b, Button)]
        assert [b.disabled for b in buttons] == [page == 1, page == pages]
        action = ids.parse(buttons[1].custom_id or "")
        assert action is not None and action.values == {"page": str(page + 1)}
        message = answers.action(tldr, action, public=False)
    assert listed == [d.id for d in tldr.documents]
    scoped = answers.action(
        tldr, ids.Action(ids.DOCS, {"page": "1"}), public=False, documents=["tar"]
    )
    assert (scoped.embeds[0].description or "").count("\n") == 0 and not scoped.rows


def test_an_excerpt_and_the_contents_name_the_author_inertly(write_corpus: WriteCorpus) -> None:
    library = Library.load(
        write_corpus(
            {
                "war.md": "# Title: The Art of War\n\n## Author: Sun Tzu @everyone\n\n"
                "## Year: 500 BC\n\n### Laying plans\n\nThe art of war is of vital importance.\n",
                "plain.md": "# Plain\n\nNo author here.\n",
            }
        )
    )
    passage = library.cite("war/laying-plans/1").passage
    excerpt = answers.show(library, passage, public=True)
    contents = answers.documents(library, "war")
    for message in (excerpt, contents):
        [embed] = message.embeds
        [author] = [f for f in embed.fields if f.name == "Author"]
        assert author.value.startswith("Sun Tzu") and author.value.endswith("(500 BC)")
        assert "@everyone" not in author.value and not violations(message.to_dict())
    plain = answers.show(library, library.cite("plain/intro/1").passage, public=True)
    assert all(f.name != "Author" for f in plain.embeds[0].fields)
