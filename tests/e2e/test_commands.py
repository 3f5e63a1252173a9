"""/topic, /random, /cite, /documents, /help and the Find source menu, end to end."""

from __future__ import annotations

import re

from bot.discord_app.client import ExcerptBot
from bot.engine.library import Library
from bot.engine.loader import load_corpus
from tests.conftest import NODEJS
from tests.e2e.conftest import (
    COLOR,
    ERROR_COLOR,
    NOTICE_COLOR,
    Launcher,
    cited,
    colors,
    enabled,
    labels,
    only_embed,
)
from tests.standin import FakeDiscord, Guild, Member

EXCERPT_BUTTONS = ["Previous", "Next", "Whole section", "Pin", "Save"]
PRIVATE_EXCERPT_BUTTONS = ["Previous", "Next", "Whole section", "Post to channel", "Save"]


# -- /topic ---------------------------------------------------------------------------------


async def test_topic_is_public_with_its_heading_citation_and_buttons(
    fake: FakeDiscord, bot: ExcerptBot, alice: Member
) -> None:
    reply = await alice.slash("topic", name="Solidifying the Islamic Ummah")
    assert reply.type == 4 and not reply.ephemeral
    embed = only_embed(reply)
    assert embed["description"].startswith("📖 **Solidifying the Islamic Ummah**")
    assert embed["title"].endswith("› Solidifying the Islamic Ummah ¶1")
    assert cited(reply) == ["communities/solidifying-islamic-ummah/1"]
    assert labels(reply) == EXCERPT_BUTTONS
    assert fake.channel_messages(alice.channel) == [reply.message]


async def test_topic_public_false_is_private(bot: ExcerptBot, alice: Member) -> None:
    reply = await alice.slash("topic", name="conclusion", public=False)
    assert reply.ephemeral and labels(reply) == PRIVATE_EXCERPT_BUTTONS


async def test_topic_autocomplete_offers_at_most_25_short_choices(
    bot: ExcerptBot, alice: Member
) -> None:
    everything = await alice.autocomplete("topic", "name", "")
    assert len(everything) == 25, "the bundled corpus has more topics than Discord shows"
    for choices in (everything, await alice.autocomplete("topic", "name", "umm")):
        assert all(1 <= len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in choices)
    umm = await alice.autocomplete("topic", "name", "umm")
    assert umm[0]["value"] == "communities/solidifying-islamic-ummah"
    assert len(umm[0]["name"]) == 100 and umm[0]["name"].endswith("…"), "long names are cut"
    picked = await alice.slash("topic", name=umm[0]["value"])
    assert cited(picked) == ["communities/solidifying-islamic-ummah/1"]


async def test_topic_autocomplete_on_a_corpus_with_thousands_of_topics(
    fake: FakeDiscord, launcher: Launcher, guild: Guild
) -> None:
    alice = fake.member(guild, "alice")
    async with launcher.running(launcher.settings(NODEJS)):
        for typed in ("re", "fs.read", "stream pi", "x" * 90):
            choices = await alice.autocomplete("topic", "name", typed)
            assert len(choices) <= 25
            assert all(1 <= len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in choices)
        choices = await alice.autocomplete("topic", "name", "readFileSync")
        assert "fs/fs-readfilesync-path-options" in [c["value"] for c in choices]


async def test_a_misspelled_topic_is_found(bot: ExcerptBot, alice: Member) -> None:
    reply = await alice.slash("topic", name="inteligence gathring")
    assert cited(reply) == ["interests/islamic-nation-protects/3"]
    assert "📖 **2\\. Intelligence Gathering**" in reply.text


async def test_a_topic_described_in_other_words_is_found_by_its_text(
    bot: ExcerptBot, alice: Member
) -> None:
    reply = await alice.slash("topic", name="foreign direct investment")
    assert not reply.ephemeral
    assert cited(reply) == ["partnerships/legal-regulatory/1"]
    assert "📖 **Legal and Regulatory Cooperation**" in reply.text
    assert "No heading is called **foreign direct investment**" in reply.text


async def test_an_unknown_topic_gets_a_private_notice(bot: ExcerptBot, alice: Member) -> None:
    reply = await alice.slash("topic", name="quantum chromodynamics")
    assert reply.ephemeral and colors(reply) == {NOTICE_COLOR}
    assert "No topic matches **quantum chromodynamics**" in reply.text
    assert not labels(reply)


# -- /random --------------------------------------------------------------------------------


async def test_random_shows_every_passage_of_a_document_before_repeating(
    bot: ExcerptBot, alice: Member
) -> None:
    library = bot.state.library
    disaster = library.document("disaster")
    assert disaster is not None
    size = len(library.corpus.document_passages(disaster))
    drawn: list[str] = []
    for _ in range(size):
        reply = await alice.slash("random", document="disaster")
        assert not reply.ephemeral and "🎲 A random passage" in reply.text
        [cid] = cited(reply)
        drawn.append(cid)
    assert all(cid.startswith("disaster/") for cid in drawn)
    assert len(set(drawn)) == size, f"a repeat before all {size} were shown: {drawn}"
    again = await alice.slash("random", document="disaster")
    assert cited(again)[0] in drawn


async def test_random_from_a_topic(bot: ExcerptBot, alice: Member) -> None:
    reply = await alice.slash("random", topic="Intelligence Gathering", public=False)
    assert reply.ephemeral and cited(reply) == ["interests/islamic-nation-protects/3"]
    choices = await alice.autocomplete("random", "topic", "conclu", document="interests")
    assert choices and all("interests" in c["value"] for c in choices)


async def test_random_from_an_unknown_document_says_so(bot: ExcerptBot, alice: Member) -> None:
    reply = await alice.slash("random", document="atlantis")
    assert reply.ephemeral and colors(reply) == {NOTICE_COLOR}
    assert "No document matches “atlantis”." in reply.text


# -- /cite ----------------------------------------------------------------------------------


async def test_cite_shows_exactly_that_passage(bot: ExcerptBot, alice: Member) -> None:
    reply = await alice.slash("cite", id="interests/islamic-nation-protects/3")
    assert not reply.ephemeral
    assert cited(reply) == ["interests/islamic-nation-protects/3"]
    embed = only_embed(reply)
    assert embed["description"].startswith("**2. Intelligence Gathering:**")
    assert embed["title"] == (
        "Protection of National Interests Abroad › "
        "How an Islamic Nation Protects Its Interests Abroad ¶3"
    )
    choices = await alice.autocomplete("cite", "id", "interests/isl")
    assert choices and all(
        c["value"].startswith("interests/islamic-nation-protects/") for c in choices
    )


async def test_cite_an_unknown_id_offers_the_closest(bot: ExcerptBot, alice: Member) -> None:
    reply = await alice.slash("cite", id="nope/safety/1")
    assert reply.ephemeral and colors(reply) == {NOTICE_COLOR}
    assert "No document has the id `nope`." in reply.text
    assert "The closest passage is `communities/enhancing-safety-security/1`" in reply.text
    # Nothing is offered for its numbers alone.
    numbers = await alice.slash("cite", id="nope/nothing/1")
    assert "No document has the id `nope`." in numbers.text
    assert "closest" not in numbers.text


async def test_cite_an_old_version_says_the_text_changed(bot: ExcerptBot, alice: Member) -> None:
    current = bot.state.library.cite("interests/intro/1").passage
    assert current is not None
    old = await alice.slash("cite", id="interests/intro/1@0a0a0a")
    assert cited(old) == ["interests/intro/1"]
    assert "*The passage changed since it was cited; this is its current text.*" in old.text
    same = await alice.slash("cite", id=f"interests/intro/1@{current.version}")
    assert cited(same) == ["interests/intro/1"] and "changed since" not in same.text


# -- /documents, /help ----------------------------------------------------------------------


async def test_documents_lists_every_document_privately(bot: ExcerptBot, alice: Member) -> None:
    reply = await alice.slash("documents")
    assert reply.ephemeral
    embed = only_embed(reply)
    assert embed["title"] == "Documents"
    for doc in bot.state.library.documents:
        assert f"`{doc.id}`" in embed["description"]


async def test_one_documents_table_of_contents(bot: ExcerptBot, alice: Member) -> None:
    reply = await alice.slash("documents", document="interests")
    assert reply.ephemeral
    embed = only_embed(reply)
    assert embed["title"] == "Protection of National Interests Abroad"
    assert (
        "How an Islamic Nation Protects Its Interests Abroad · `interests/islamic-"
        in (embed["description"])
    )
    assert not labels(reply), "four sections fit on one page"


async def test_a_long_table_of_contents_has_pages(
    fake: FakeDiscord, launcher: Launcher, guild: Guild
) -> None:
    alice = fake.member(guild, "alice")
    async with launcher.running(launcher.settings(NODEJS)) as bot:
        fs = bot.state.library.document("fs")
        assert fs is not None
        sections = len(bot.state.library.sections(fs))
        first = await alice.slash("documents", document="fs")
        page_one = only_embed(first)["description"]
        assert only_embed(first)["footer"]["text"].startswith(f"fs · {sections} sections · page 1")
        assert labels(first) == ["Previous page", "Next page"] and not enabled(
            first, "Previous page"
        )
        second = await alice.click(first, "Next page")
        assert second.type == 7 and second.message == first.message
        assert " · page 2 of " in only_embed(second)["footer"]["text"]
        assert only_embed(second)["description"] != page_one


async def test_help_lists_every_command(bot: ExcerptBot, alice: Member) -> None:
    reply = await alice.slash("help")
    assert reply.ephemeral and colors(reply) == {COLOR}
    text = reply.text
    for usage in ("/search", "/topic", "/random", "/cite", "/documents", "Find source", "/corpus"):
        assert usage in text
    # The examples come from the documents loaded, here the bundled ones.
    first = bot.state.library.documents[0]
    assert f"/documents document: {first.id}`" in text


# -- Find source ----------------------------------------------------------------------------


async def test_find_source_names_the_quoted_passage(
    fake: FakeDiscord, bot: ExcerptBot, alice: Member, mod: Member
) -> None:
    said = mod.post(
        "as the paper says, timely and accurate information about potential threats "
        "to its interests abroad is crucial"
    )
    reply = await alice.message_menu("Find source", said)
    assert reply.ephemeral
    assert cited(reply)[0] == "interests/islamic-nation-protects/3"
    assert labels(reply)[0] == "Post #1 to channel"
    posted = await alice.click(reply, "Post #1 to channel")
    assert posted.ephemeral and "Posted to the channel" in posted.text
    shared = fake.channel_messages(alice.channel)[-1]
    assert cited(shared) == ["interests/islamic-nation-protects/3"]
    assert only_embed(shared)["author"]["name"] == "Shared by alice"


async def test_find_source_of_a_sentence_many_entries_repeat_says_how_many(
    fake: FakeDiscord, launcher: Launcher, guild: Guild
) -> None:
    """Node-API describes the `env` argument of a hundred functions in the same words: the
    answer says the three passages shown are examples, not the one source."""
    sentence = "The environment that the API is invoked under."
    words = sentence.lower().rstrip(".").split()
    repeats = sum(
        any(run[i : i + len(words)] == words for i in range(len(run)))
        for run in (re.findall(r"[a-z]+", text.lower()) for text in load_corpus(NODEJS).texts)
    )
    reader = fake.member(guild, "reader")
    async with launcher.running(launcher.settings(NODEJS)):
        said = reader.post(sentence)
        reply = await reader.message_menu("Find source", said)
        assert reply.ephemeral
        assert f"word for word in **{repeats}** passages; here are 3 of them" in reply.text
        assert len(cited(reply)) == 3
        unique = reader.post("Asynchronously reads the entire contents of a file.")
        reply = await reader.message_menu("Find source", unique)
        assert "word for word" not in reply.text


async def test_find_source_on_a_bot_excerpt_reads_its_embed(bot: ExcerptBot, alice: Member) -> None:
    excerpt = await alice.slash("cite", id="disaster/intro/2")
    reply = await alice.message_menu("Find source", excerpt)
    assert cited(reply)[0] == "disaster/intro/2"


async def test_find_source_without_a_match_answers_privately(
    bot: ExcerptBot, alice: Member
) -> None:
    said = alice.post("lol 🙂")
    reply = await alice.message_menu("Find source", said)
    assert reply.ephemeral and colors(reply) == {NOTICE_COLOR} and not labels(reply)


def test_the_bundled_corpus_is_what_these_scenarios_assume(bundled: Library) -> None:
    """The scenarios above name passages of the bundled corpus; fail loudly if it moves."""
    for cid in (
        "communities/solidifying-islamic-ummah/1",
        "interests/islamic-nation-protects/3",
        "interests/intro/1",
        "disaster/intro/2",
    ):
        assert bundled.cite(cid).exact, cid


async def test_the_per_member_limit_from_the_config_answers_politely(
    fake: FakeDiscord, launcher: Launcher, guild: Guild
) -> None:
    """The shipped default: 5 commands per member in 10 s; the sixth is told when to retry,
    and another member is not held back."""
    alice = fake.member(guild, "alice")
    bea = fake.member(guild, "bea")
    settings = launcher.settings(commands={"cooldown": {"rate": 5, "per_seconds": 10}})
    async with launcher.running(settings):
        for _ in range(5):
            assert cited(await alice.slash("cite", id="interests/intro/1"))
        slowed = await alice.slash("cite", id="interests/intro/1")
        assert slowed.ephemeral and colors(slowed) == {ERROR_COLOR}
        assert "You're going fast: try again in " in slowed.text
        assert cited(await bea.slash("cite", id="interests/intro/1"))
