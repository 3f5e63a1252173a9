"""/search end to end: visibility, document filter, nothing found, paging, opening a result."""

from __future__ import annotations

from bot.discord_app.client import ExcerptBot
from tests.conftest import WriteCorpus
from tests.e2e.conftest import (
    COLOR,
    NOTICE_COLOR,
    Launcher,
    cited,
    colors,
    enabled,
    labels,
    only_embed,
    select_values,
)
from tests.standin import FakeDiscord, Guild, Member

TELESCOPES: dict[str, str | bytes] = {
    "optics.md": "---\nid: optics\n---\n# Optics\n\n## Mirrors\n\n"
    "A telescope gathers light with a curved mirror.\n\n"
    "A larger telescope mirror shows fainter stars.\n",
    "gardens.md": "---\nid: gardens\n---\n# Gardens\n\n## Soil\n\n"
    "Compost feeds the soil and the roses.\n",
}


def field_ids(embed: dict[str, object]) -> list[str]:
    """The citation id that closes every result field (`` `doc/section/n` ``)."""
    fields = embed.get("fields") or []
    assert isinstance(fields, list)
    return [str(field["value"]).rsplit("`", 2)[-2] for field in fields]


async def test_search_is_private_by_default_with_citations_a_select_and_pages(
    fake: FakeDiscord, bot: ExcerptBot, alice: Member
) -> None:
    reply = await alice.slash("search", query="security")
    assert reply.type == 4 and reply.ephemeral
    embed = only_embed(reply)
    assert embed["title"] == "Search: security" and embed["color"] == COLOR
    ids = field_ids(embed)
    assert len(ids) == 5 and "cooperation/enhancing-international/1" in ids
    assert "**security**" in reply.text, "matched words are bold"
    assert select_values(reply) == ids, "the select opens exactly the listed passages"
    assert labels(reply) == ["Previous page", "Next page"]
    assert not enabled(reply, "Previous page") and enabled(reply, "Next page")
    assert embed["footer"]["text"].startswith("Page 1 of ")
    assert fake.channel_messages(alice.channel) == [], "nothing lands in the channel"


async def test_search_public_true_lands_in_the_channel(
    fake: FakeDiscord, bot: ExcerptBot, alice: Member
) -> None:
    reply = await alice.slash("search", query="disaster relief", public=True)
    assert not reply.ephemeral
    assert fake.channel_messages(alice.channel) == [reply.message]
    assert field_ids(only_embed(reply))


async def test_search_in_one_document(bot: ExcerptBot, alice: Member) -> None:
    reply = await alice.slash("search", query="security", document="interests")
    embed = only_embed(reply)
    ids = field_ids(embed)
    assert ids and all(cid.startswith("interests/") for cid in ids)
    assert "In document `interests` only." in embed["description"]


async def test_document_autocomplete_offers_the_documents(bot: ExcerptBot, alice: Member) -> None:
    choices = await alice.autocomplete("search", "document", "disas", query="aid")
    assert choices and choices[0]["value"] == "disaster"
    everything = await alice.autocomplete("search", "document", "")
    assert {c["value"] for c in everything} == {
        "partnerships",
        "disaster",
        "communities",
        "cooperation",
        "interests",
    }


async def test_search_in_an_unknown_document_says_so(bot: ExcerptBot, alice: Member) -> None:
    reply = await alice.slash("search", query="security", document="atlantis")
    assert reply.ephemeral and colors(reply) == {NOTICE_COLOR}
    assert "No document matches **atlantis**" in reply.text
    assert "/documents" in reply.text


async def test_a_misspelled_query_shows_what_it_searched_for(
    bot: ExcerptBot, alice: Member
) -> None:
    reply = await alice.slash("search", query="inteligence gathring")
    assert "interests/islamic-nation-protects/3" in field_ids(only_embed(reply))
    assert "Showing results for **intelligence gathering**." in reply.text


async def test_nothing_found_offers_did_you_mean_with_a_button(
    bot: ExcerptBot, alice: Member
) -> None:
    reply = await alice.slash("search", query="sekurty")
    assert reply.ephemeral and colors(reply) == {NOTICE_COLOR}
    assert "Nothing matches **sekurty**." in reply.text
    assert "Did you mean **security**?" in reply.text
    assert labels(reply) == ["Search for “security”"]
    again = await alice.click(reply, "Search for “security”")
    assert again.type == 7 and again.message == reply.message, "updated in place"
    assert only_embed(again)["title"] == "Search: security"
    assert field_ids(only_embed(again))


async def test_a_word_missing_from_the_chosen_document_finds_nothing_there(
    fake: FakeDiscord, launcher: Launcher, guild: Guild, write_corpus: WriteCorpus
) -> None:
    settings = launcher.settings(write_corpus(TELESCOPES))
    alice = fake.member(guild, "alice")
    async with launcher.running(settings):
        everywhere = await alice.slash("search", query="telescope")
        assert set(field_ids(only_embed(everywhere))) == {"optics/mirrors/1", "optics/mirrors/2"}
        reply = await alice.slash("search", query="telescope", document="gardens")
        assert "Nothing matches **telescope** in `gardens`." in reply.text


async def test_paging_buttons_walk_the_results_in_place(bot: ExcerptBot, alice: Member) -> None:
    first = await alice.slash("search", query="security")
    page_one = field_ids(only_embed(first))
    second = await alice.click(first, "Next page")
    assert second.type == 7 and second.message == first.message
    embed = only_embed(second)
    assert embed["footer"]["text"].startswith("Page 2 of ")
    page_two = field_ids(embed)
    assert page_two and not set(page_two) & set(page_one)
    assert enabled(second, "Previous page")
    assert select_values(second) == page_two
    back = await alice.click(second, "Previous page")
    assert field_ids(only_embed(back)) == page_one


async def test_the_select_opens_a_result_in_full_and_keeps_the_list(
    bot: ExcerptBot, alice: Member
) -> None:
    results = await alice.slash("search", query="security")
    wanted = select_values(results)[1]
    before = results.embeds
    opened = await alice.select(results, [wanted])
    assert opened.type == 4 and opened.message != results.message
    assert opened.ephemeral and cited(opened) == [wanted]
    assert labels(opened) == ["Previous", "Next", "Whole section", "Post to channel", "Save"]
    assert results.embeds == before, "the list stays as it was"


async def test_a_public_result_opens_publicly_only_for_who_searched(
    fake: FakeDiscord, bot: ExcerptBot, alice: Member, mod: Member
) -> None:
    results = await alice.slash("search", query="security", public=True)
    wanted = select_values(results)[0]
    mine = await alice.select(results, [wanted])
    assert not mine.ephemeral and cited(mine) == [wanted]
    assert "Pin" in labels(mine)
    theirs = await mod.select(results, [wanted])
    assert theirs.ephemeral and "Post to channel" in labels(theirs)
    assert fake.channel_messages(alice.channel) == [results.message, mine.message]


async def test_a_chinese_word_inside_a_sentence_is_found_and_bold(
    fake: FakeDiscord, launcher: Launcher, guild: Guild, write_corpus: WriteCorpus
) -> None:
    """Chinese puts no spaces between words: the word is found inside its clause."""
    corpus = {
        "vue.md": "---\nid: vue\n---\n# 响应式基础\n\n## 声明响应式状态\n\n"
        "此对象的所有顶层属性都会被代理到组件实例上。\n\n计算属性会基于其响应式依赖被缓存。\n"
    }
    alice = fake.member(guild, "alice")
    async with launcher.running(launcher.settings(write_corpus(corpus))):
        reply = await alice.slash("search", query="顶层属性")
        assert field_ids(only_embed(reply))[0].startswith("vue/")
        assert "**顶层属性**" in reply.text
