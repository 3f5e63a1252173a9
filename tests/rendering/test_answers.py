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
    listed = sorted(description(answers.documents(library)).splitlines())
    assert listed[0] == "**Plain** · `plain` · 1 passage"
    assert listed[1].startswith("**The Art of War** · Sun Tzu") and "(500 BC) · `war`" in listed[1]


STAT_BLOCK = (
    "# Monsters\n\n## Owlbear\n\n*Large monstrosity, unaligned*\n\n**Armor Class** 13\n\n"
    "**Hit Points** 59 (7d10 + 21)\n\n***Keen Sight.*** The owlbear has advantage.\n\n"
    "## Pegasus\n\n*Large celestial, chaotic good*\n\n**Armor Class** 12\n\n"
    "## Sphinx\n\nA sphinx guards secrets.\n\nIt asks riddles.\n"
)


def button(message: Message, label: str) -> ids.Action:
    [found] = [b for b in message.buttons() if b.label == label]
    action = ids.parse(found.custom_id or "")
    assert action is not None
    return action


def test_an_entry_opening_with_a_caption_is_shown_whole(write_corpus: WriteCorpus) -> None:
    """/topic owlbear: not its first line alone ("Large monstrosity, unaligned") but the
    stat block, cited as the run of passages it is; Next goes on after it, and a pin or a
    saved copy shows what was shown."""
    library = Library.load(write_corpus({"monsters.md": STAT_BLOCK}))
    message = answers.topic(library, "owlbear")
    [embed] = message.embeds
    assert embed.title == "Monsters › Owlbear ¶1–4"
    text = description(message)
    assert "**¶1** *Large monstrosity, unaligned*" in text
    assert "**¶4** ***Keen Sight.*** The owlbear has advantage." in text
    assert embed.footer is not None and embed.footer.startswith("cite: monsters/owlbear/1 ")
    assert button(message, "Next").values["cid"] == "monsters/owlbear/4"
    assert button(message, "Pin").values["cid"] == "monsters/owlbear/1"
    after = answers.action(library, button(message, "Next"), public=True)
    assert after.embeds[0].title == "Monsters › Pegasus ¶1–2"
    saved = answers.saved(library, library.cite("monsters/owlbear/1").passage)  # type: ignore[arg-type]
    assert saved.embeds[0].title == embed.title and "**¶4**" in description(saved)
    assert not violations(message.to_dict()) and not violations(saved.to_dict())


def test_a_sentence_or_a_later_passage_is_shown_alone(write_corpus: WriteCorpus) -> None:
    library = Library.load(write_corpus({"monsters.md": STAT_BLOCK}))
    sphinx = answers.topic(library, "sphinx")
    assert sphinx.embeds[0].title == "Monsters › Sphinx ¶1"
    assert description(sphinx).endswith("A sphinx guards secrets.")
    second = answers.cite(library, "monsters/owlbear/2")
    assert second.embeds[0].title == "Monsters › Owlbear ¶2"
    assert button(second, "Next").values["cid"] == "monsters/owlbear/2"
    # A sentence ends with a full stop of any script; a passage holding code is no caption.
    others = Library.load(
        write_corpus(
            {
                "zh.md": "# 指南\n\n## 介绍\n\n这是一个句子。\n\n第二段。\n",
                "code.md": "# Code\n\n## Run it\n\n```\nrun\n```\n\nThen wait.\n",
            }
        )
    )
    assert answers.cite(others, "zh/intro/1").embeds[0].title == "指南 › 介绍 ¶1"
    assert answers.cite(others, "code/run-it/1").embeds[0].title == "Code › Run it ¶1"


def test_a_caption_runs_on_only_as_far_as_the_room(write_corpus: WriteCorpus) -> None:
    long = " ".join(["The owlbear hunts at night."] * 25)
    library = Library.load(
        write_corpus({"m.md": "# M\n\n## Owlbear\n\n*Large*\n\n" + f"{long}\n\n" * 6})
    )
    message = answers.topic(library, "owlbear")
    shown = description(message).count("**¶")
    assert 1 < shown < 7
    assert message.embeds[0].title == f"M › Owlbear ¶1–{shown}"
    assert button(message, "Next").values["cid"] == f"m/owlbear/{shown}"
    assert not next(b for b in message.buttons() if b.label == "Next").disabled
    # The passage after the caption is shown however long, cut to fit.
    longer = Library.load(
        write_corpus({"n.md": "# N\n\n## Entry\n\n> Stability: 2\n\n" + f"{long} " * 8})
    )
    entry = answers.topic(longer, "entry")
    assert entry.embeds[0].title == "N › Entry ¶1–2"
    assert "cut short" in (entry.embeds[0].footer or "")
    assert not violations(entry.to_dict())


def test_a_tldr_page_is_shown_with_its_examples(tldr: Library) -> None:
    """A short block quote over an entry (a tldr page's description) is its caption too."""
    page = answers.topic(tldr, "tar")
    assert (page.embeds[0].title or "").startswith("tar ¶1–")
    text = description(page)
    assert "**¶1** > Archiving utility." in text and "**¶2** - " in text
    assert not violations(page.to_dict())


def test_a_long_block_quote_is_no_caption(write_corpus: WriteCorpus) -> None:
    quote = "> " + "A long note about the entry. " * 20
    library = Library.load(write_corpus({"q.md": f"# Q\n\n## Entry\n\n{quote}\n\nMore.\n"}))
    assert answers.topic(library, "entry").embeds[0].title == "Q › Entry ¶1"
