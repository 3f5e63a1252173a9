"""Nothing the bot sends pings anyone, and huge input gets a short, valid answer."""

from __future__ import annotations

from typing import Any

import pytest

from bot.discord_app.client import ExcerptBot
from bot.rendering.escape import ZWSP
from tests.conftest import WriteCorpus
from tests.e2e.conftest import (
    NOTICE_COLOR,
    Launcher,
    cited,
    colors,
    lift_max_length,
    only_embed,
    select_values,
)
from tests.standin import FakeDiscord, Guild, Member, Perm
from tests.standin.mentions import mentions_in

PINGY: dict[str, str | bytes] = {
    "notices.md": "---\nid: notices\n---\n# Notices\n\n## Calls\n\n"
    "Lighthouse keepers: @everyone and @here must read this, ask <@123456789012345678> "
    "or the <@&987654321098765432> role, and see <#555555555555555555>.\n\n"
    "A second lighthouse paragraph, quiet.\n",
}


def raw_mentions(fake: FakeDiscord) -> list[str]:
    """Mention syntax left intact in any message the bot sent (echoed input and corpus text
    are defused with a zero-width space, so nothing is left to ping even if allowed)."""
    found: list[str] = []
    for message_id, payload in fake.world.messages.items():
        if int(payload["author"]["id"]) == fake.bot_user.id:
            found += [f"{message_id}: {m}" for m in mentions_in(payload)]
    return found


async def test_mention_text_in_a_passage_never_pings(
    fake: FakeDiscord, launcher: Launcher, guild: Guild, write_corpus: WriteCorpus
) -> None:
    mod = fake.member(guild, "mod", permissions=Perm.VIEW_CHANNEL | Perm.PIN_MESSAGES)
    async with launcher.running(launcher.settings(write_corpus(PINGY))):
        shown = await mod.slash("cite", id="notices/calls/1")
        text = only_embed(shown)["description"]
        assert f"@{ZWSP}everyone" in text and f"@{ZWSP}here" in text
        assert f"<@{ZWSP}123456789012345678>" in text and f"<@&{ZWSP}987654321098765432>" in text
        found = await mod.slash("search", query="lighthouse keepers everyone", public=True)
        assert select_values(found)[0] == "notices/calls/1"
        opened = await mod.select(found, ["notices/calls/1"])
        await mod.click(opened, "Pin")
        await mod.click(opened, "Save")
        await mod.slash("random", document="notices")
        await mod.slash("topic", name="calls")
        private = await mod.slash("cite", id="notices/calls/1", public=False)
        await mod.click(private, "Post to channel")
        await mod.message_menu("Find source", shown)
        section = await mod.click(shown, "Whole section")
        assert f"@{ZWSP}everyone" in only_embed(section)["description"]
    assert raw_mentions(fake) == []
    fake.violations.assert_empty()


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("search", {"query": "@everyone <@123456789012345678>", "public": True}),
        ("search", {"query": "security", "document": "@here"}),
        ("topic", {"name": "@everyone please", "public": True}),
        ("cite", {"id": "<@&987654321098765432>", "public": True}),
        ("random", {"document": "@everyone"}),
        ("random", {"topic": "<@123456789012345678> and @here"}),
        ("documents", {"document": "@here"}),
    ],
)
async def test_mentions_typed_in_a_command_are_echoed_inert(
    fake: FakeDiscord, bot: ExcerptBot, alice: Member, command: str, options: dict[str, Any]
) -> None:
    reply = await alice.slash(command, **options)
    assert reply.message is not None
    assert raw_mentions(fake) == [], reply.text
    fake.violations.assert_empty()


async def test_a_6000_character_query_gets_a_short_valid_answer(
    fake: FakeDiscord, bot: ExcerptBot, alice: Member
) -> None:
    """The bot declares `max_length` 300, but Discord may still hold an older definition
    (6000, the most a string option takes): the answer must fit every limit anyway."""
    lift_max_length(fake, "search", "query")
    words = ("security " * 700)[:6000]
    reply = await alice.slash("search", query=words)
    assert reply.ephemeral and len(words) == 6000
    embed = only_embed(reply)
    assert len(embed["title"]) <= 256 and embed["title"].startswith("Search: security security")
    assert select_values(reply)
    page_two = await alice.click(reply, "Next page")
    assert only_embed(page_two)["footer"]["text"].startswith("Page 2 of ")
    nonsense = await alice.slash("search", query="q" * 6000, public=True)
    assert colors(nonsense) == {NOTICE_COLOR} and nonsense.ephemeral
    assert len(nonsense.text) < 600
    fake.violations.assert_empty()


async def test_6000_characters_in_every_text_option(
    fake: FakeDiscord, bot: ExcerptBot, alice: Member
) -> None:
    for command, option in (("topic", "name"), ("cite", "id")):
        lift_max_length(fake, command, option)
        typed: dict[str, Any] = {option: "lighthouse " * 545 + "x"}
        reply = await alice.slash(command, **typed)
        assert reply.ephemeral and colors(reply) == {NOTICE_COLOR}, command
        assert len(reply.text) < 1000, command
    choices = await alice.autocomplete("topic", "name", "safety " * 857 + "x")
    assert len(choices) <= 25
    assert all(len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in choices)
    random = await alice.slash("random", topic="umma " * 1199 + "x")
    assert random.message is not None
    fake.violations.assert_empty()


async def test_a_passage_quoted_in_a_2000_character_message_is_found(
    bot: ExcerptBot, alice: Member
) -> None:
    quote = "timely and accurate information about potential threats to its interests abroad"
    long_message = (("blah " * 400)[: 2000 - len(quote) - 1] + " " + quote)[:2000]
    said = alice.post(long_message)
    reply = await alice.message_menu("Find source", said)
    assert reply.ephemeral and cited(reply)[0] == "interests/islamic-nation-protects/3"
