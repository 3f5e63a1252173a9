"""Round trips: a user acts, the bot answers, the reply is what the user would see."""

from __future__ import annotations

import pytest
from discord.ext import commands

from tests.standin import (
    BOT_DEFAULT,
    CommandNotAvailable,
    FakeDiscord,
    Guild,
    Kind,
    Member,
    NoResponse,
    Perm,
    running_bot,
    wait_until,
)
from tests.standin_selftest.sample_bot import TOPICS, Probe, make_bot


async def test_slash_answers_privately_by_default(bot: commands.Bot, alice: Member) -> None:
    reply = await alice.slash("echo", text="hello")
    assert reply.type == 4 and not reply.deferred
    assert reply.content == "hello"
    assert reply.ephemeral


async def test_slash_public_answer_lands_in_channel_history(
    fake_discord: FakeDiscord, bot: commands.Bot, alice: Member
) -> None:
    reply = await alice.slash("echo", text="for everyone", public=True)
    assert not reply.ephemeral
    assert fake_discord.channel_messages(alice.channel) == [reply.message]
    assert reply.message is not None and reply.message.author_id == fake_discord.bot_user.id


async def test_embeds_and_the_text_helper(bot: commands.Bot, alice: Member) -> None:
    reply = await alice.slash("card")
    [embed] = reply.embeds
    assert embed["footer"]["text"] == "cite: art-5"
    assert reply.text == "Article 5\nCollective defence.\nSource\nTreaty"


async def test_echoed_mentions_do_not_ping(
    fake_discord: FakeDiscord, guild: Guild, bot: commands.Bot, alice: Member
) -> None:
    readers = fake_discord.add_role(guild, "readers")
    assert guild.role("readers") is readers
    text = f"hey {alice.mention} and {readers.mention} and @everyone"
    reply = await alice.slash("echo", text=text, public=True)
    assert reply.content == text
    assert fake_discord.violations.take() == []


async def test_acting_in_another_channel(guild: Guild, bot: commands.Bot, alice: Member) -> None:
    quotes = guild.channel("quotes")
    reply = await alice.in_channel(quotes).slash("echo", text="here", public=True)
    assert reply.message is not None and reply.message.channel_id == quotes.id


async def test_webhook_follow_up_edit_and_delete(bot: commands.Bot, alice: Member) -> None:
    reply = await alice.slash("vanish")
    original = reply.message
    assert original is not None and original.content == "now you see me"
    [second] = await reply.wait_followups(1)
    await wait_until(lambda: original.deleted, what="the bot to delete its answer")
    assert second.content == "the answer is gone"
    assert reply.messages == [original, second]


async def test_modal_answer(bot: commands.Bot, alice: Member) -> None:
    reply = await alice.slash("feedback")
    assert reply.type == 9 and reply.modal is not None
    assert reply.modal["title"] == "Feedback"
    assert reply.message is None


async def test_subcommands_are_nested(bot: commands.Bot, alice: Member) -> None:
    assert (await alice.slash("corpus reload")).content == "reloaded"
    assert (await alice.slash("corpus stats", detail=True)).content == "stats detail=True"


async def test_deferred_answer_resolves_to_the_follow_up(bot: commands.Bot, alice: Member) -> None:
    reply = await alice.slash("later")
    assert reply.type == 5 and reply.deferred
    assert reply.content == "done later"
    assert reply.followups == []


async def test_autocomplete_offers_choices(bot: commands.Bot, alice: Member) -> None:
    choices = await alice.autocomplete("topic", "name", "topic 1")
    assert [c["value"] for c in choices] == [t for t in TOPICS if "topic 1" in t]
    reply = await alice.slash("topic", name=choices[0]["value"])
    assert reply.content == "Section: topic 10"


async def test_started_interactions_record_when_the_first_callback_came(
    bot: commands.Bot, alice: Member
) -> None:
    pending = await alice.start_autocomplete("topic", "name", "topic 2")
    choices = (await pending.wait()).choices
    assert [c["value"] for c in choices] == [t for t in TOPICS if "topic 2" in t]
    exchange = pending.exchange
    assert exchange.callback_at is not None
    assert 0 <= exchange.callback_at - exchange.dispatched_at < 3


async def test_autocomplete_with_30_choices_is_refused(
    fake_discord: FakeDiscord, bot: commands.Bot, alice: Member
) -> None:
    with pytest.raises(NoResponse):
        await alice.autocomplete("pick", "name", "", timeout=0.5)
    violation = await fake_discord.violations.wait_for(Kind.INVALID_FORM_BODY)
    assert "data.choices: Must be 25 or fewer in length." in violation.reason


async def test_buttons_update_and_close_the_message(bot: commands.Bot, alice: Member) -> None:
    menu = await alice.slash("menu")
    assert menu.message is not None
    assert [b.get("label") for b in menu.message.buttons()] == ["Next", "Close", "Docs"]
    after_next = await alice.click(menu, "Next")
    assert after_next.type == 7
    assert after_next.message == menu.message and menu.content == "page 2"
    after_close = await alice.click(menu, "Close")
    assert after_close.type == 6 and after_close.deferred
    assert menu.content == "closed" and menu.components == []


async def test_link_buttons_cannot_be_clicked(bot: commands.Bot, alice: Member) -> None:
    menu = await alice.slash("menu")
    with pytest.raises(ValueError, match="is a link"):
        await alice.click(menu, "Docs")


async def test_select_menu(bot: commands.Bot, alice: Member) -> None:
    menu = await alice.slash("menu")
    reply = await alice.select(menu, ["red", "blue"])
    assert reply.content == "picked red, blue" and reply.ephemeral
    with pytest.raises(ValueError, match="does not offer"):
        await alice.select(menu, ["purple"])


async def test_message_menu_sees_the_target(bot: commands.Bot, alice: Member) -> None:
    quote = alice.post("Cooperation is the first line of defence.")
    reply = await alice.message_menu("Find source", quote)
    assert reply.content == "source of: Cooperation is the first line of defence."


async def test_user_menu_and_member_options(
    fake_discord: FakeDiscord, guild: Guild, bot: commands.Bot, alice: Member
) -> None:
    bea = fake_discord.member(guild, "bea")
    assert (await alice.user_menu("Profile", bea)).content == "profile of bea"
    readers = fake_discord.add_role(guild, "readers")
    reply = await alice.slash("inspect", who=bea, where=guild.channel("quotes"), role=readers)
    assert reply.content == "bea quotes readers"
    with pytest.raises(ValueError, match="required option 'who'"):
        await alice.slash("inspect")
    with pytest.raises(ValueError, match="unknown options"):
        await alice.slash("inspect", who=bea, colour="red")


async def test_dm_user_gets_a_refusal_and_no_guild_commands(
    fake_discord: FakeDiscord, bot: commands.Bot
) -> None:
    dana = fake_discord.dm_user("dana")
    reply = await dana.slash("where")
    assert reply.content == "This only works in a server." and reply.ephemeral
    assert reply.exchange.payload["context"] == 1 and "member" not in reply.exchange.payload
    with pytest.raises(CommandNotAvailable):
        await dana.slash("serveronly")


async def test_pin_button_checks_member_permission(
    fake_discord: FakeDiscord, bot: commands.Bot, alice: Member, moderator: Member
) -> None:
    shared = await alice.slash("share", text="Article 5")
    [posted] = fake_discord.channel_messages(alice.channel)
    refused = await alice.click(shared, "📌")
    assert refused.content == "you need Pin Messages"
    assert not posted.pinned
    accepted = await moderator.click(shared, "Pin")
    assert accepted.content == "Pinned."
    assert posted.pinned


async def test_pin_button_reports_missing_bot_permission(fake_discord: FakeDiscord) -> None:
    guild = fake_discord.add_guild("Strict", bot_permissions=BOT_DEFAULT & ~Perm.PIN_MESSAGES)
    moderator = fake_discord.member(guild, "mod", permissions=Perm.PIN_MESSAGES | Perm.VIEW_CHANNEL)
    async with running_bot(make_bot(Probe()), fake_discord) as bot:
        await bot.tree.sync()
        shared = await moderator.slash("share", text="Article 6")
        reply = await moderator.click(shared, "Pin")
        assert reply.content == "I need Pin Messages"


async def test_thread_and_dm_from_a_command(
    fake_discord: FakeDiscord, guild: Guild, bot: commands.Bot, alice: Member
) -> None:
    reply = await alice.slash("discuss", title="safety")
    assert reply.content == "Thread safety"
    thread = guild.channel("safety")
    assert thread.is_thread and thread.parent_id == alice.channel.id
    [starter] = fake_discord.channel_messages(alice.channel)
    assert thread.id == starter.id
    assert [m.content for m in fake_discord.channel_messages(thread)] == ["First!"]
    assert (await alice.slash("whisper")).content == "Check your DMs."
    dm = fake_discord.world.open_dm(alice.user)
    assert [m.content for m in fake_discord.channel_messages(dm)] == ["psst"]
