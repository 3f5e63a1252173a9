"""The bot rides out what Discord does to it: a dropped gateway, rate limits, slow routes."""

from __future__ import annotations

import logging

import pytest

from bot.discord_app import respond
from bot.discord_app.client import ExcerptBot
from tests.e2e.conftest import cited, select_values
from tests.standin import FakeDiscord, Member, wait_until

CALLBACKS = "POST /interactions/*/*/callback"


async def test_the_bot_resumes_after_the_gateway_drops_and_answers(
    fake: FakeDiscord, bot: ExcerptBot, alice: Member
) -> None:
    before = await alice.slash("cite", id="interests/intro/1")
    assert await fake.gateway.drop() == 1
    await fake.gateway.wait_resumed()
    [resume] = fake.gateway.resumes
    assert resume.path == "/resume", "it used the resume_gateway_url from READY"
    assert fake.gateway.identifies == [(0, 1)], "resumed, not identified again"
    after = await alice.slash("search", query="security")
    assert select_values(after)
    library = bot.state.library
    passage = library.cite("interests/intro/1").passage
    assert passage is not None
    following = library.neighbour(passage, 1)
    assert following is not None
    nxt = await alice.click(before, "Next")
    assert cited(nxt) == [following.citation_id]
    assert bot.is_ready()


async def test_twice_dropped_gateway_still_answers(
    fake: FakeDiscord, bot: ExcerptBot, alice: Member
) -> None:
    for dropped in (1, 2):
        await fake.gateway.drop()
        await fake.gateway.wait_resumed(dropped)
        reply = await alice.slash("topic", name="conclusion")
        assert cited(reply)


async def test_a_429_on_the_callback_route_is_waited_out(
    fake: FakeDiscord, bot: ExcerptBot, alice: Member
) -> None:
    fake.faults.rate_limit(CALLBACKS, retry_after=0.2)
    reply = await alice.slash("cite", id="interests/intro/1")
    assert cited(reply) == ["interests/intro/1"]
    assert [r.status for r in fake.requests_matching(CALLBACKS)] == [429, 200]
    exchange = reply.exchange
    assert exchange.callback_at is not None
    assert 0.2 <= exchange.callback_at - exchange.dispatched_at < 3


async def test_a_429_on_an_autocomplete_callback(
    fake: FakeDiscord, bot: ExcerptBot, alice: Member
) -> None:
    fake.faults.rate_limit(CALLBACKS, retry_after=0.05)
    choices = await alice.autocomplete("topic", "name", "umm")
    assert choices[0]["value"] == "communities/solidifying-islamic-ummah"
    assert [r.status for r in fake.requests_matching(CALLBACKS)] == [429, 200]


async def test_a_429_on_the_follow_up_of_a_deferred_answer(
    fake: FakeDiscord, bot: ExcerptBot, alice: Member
) -> None:
    """Post to channel defers, sends, then follows up: every step rides out a 429."""
    results = await alice.slash("search", query="security")
    excerpt = await alice.select(results, [select_values(results)[0]])
    fake.faults.rate_limit("POST /channels/*/messages", retry_after=0.05)
    fake.faults.rate_limit("POST /webhooks/*/*", retry_after=0.05)
    done = await alice.click(excerpt, "Post to channel")
    assert "📣 Posted to the channel." in done.text
    assert [r.status for r in fake.requests_matching("POST /channels/*/messages")] == [429, 200]
    assert [r.status for r in fake.requests_matching("POST /webhooks/*/*")] == [429, 200]
    assert len(fake.channel_messages(alice.channel)) == 1


async def test_a_slow_discord_still_gets_the_first_answer_in_time(
    fake: FakeDiscord, bot: ExcerptBot, alice: Member, caplog: pytest.LogCaptureFixture
) -> None:
    """Every REST answer held back 0.3 s: a deferred answer (save) still completes."""
    caplog.set_level(logging.INFO, logger=respond.log.name)
    fake.faults.delay(0.3, "*")
    reply = await alice.slash("cite", id="interests/intro/1")
    assert cited(reply) == ["interests/intro/1"]
    saved = await alice.click(reply, "Save")
    assert "🔖 Sent to your DMs." in saved.text
    # The stand-in shows the follow-up as soon as it arrives; its (slow) HTTP answer is still
    # on the way to the bot, which logs the interaction's line once it has it.
    await wait_until(
        lambda: any("command=button:save outcome=ok" in r.getMessage() for r in caplog.records),
        what="the bot to finish handling the save",
    )
