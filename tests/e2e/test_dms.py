"""The bot in a direct message: commands work, channel-only buttons say why they can't."""

from __future__ import annotations

from bot.discord_app.client import ExcerptBot
from tests.e2e.conftest import (
    cited,
    enabled,
    is_refusal,
    labels,
    no_new_requests,
    select_values,
)
from tests.standin import FakeDiscord


async def test_search_and_open_in_a_dm(fake: FakeDiscord, bot: ExcerptBot) -> None:
    dana = fake.dm_user("dana")
    results = await dana.slash("search", query="disaster relief")
    assert results.ephemeral and select_values(results)
    opened = await dana.select(results, [select_values(results)[0]])
    assert cited(opened) == [select_values(results)[0]]
    way = "Next" if enabled(opened, "Next") else "Previous"
    moved = await dana.click(opened, way)
    assert moved.type == 7 and cited(moved) and cited(moved) != [select_values(results)[0]]


async def test_topic_and_cite_in_a_dm_are_public_there(fake: FakeDiscord, bot: ExcerptBot) -> None:
    dana = fake.dm_user("dana")
    reply = await dana.slash("topic", name="umma")
    assert not reply.ephemeral
    assert fake.channel_messages(dana.place().channel) == [reply.message]


async def test_pin_in_a_dm_is_refused_politely(fake: FakeDiscord, bot: ExcerptBot) -> None:
    dana = fake.dm_user("dana")
    excerpt = await dana.slash("cite", id="interests/intro/1")
    assert "Pin" in labels(excerpt)
    with no_new_requests(fake, "PUT /channels/*/messages/pins/*"):
        refused = await dana.click(excerpt, "Pin")
    assert is_refusal(refused)
    assert "Pinning works in server channels, not in direct messages." in refused.text


async def test_post_in_a_dm_is_refused_politely(fake: FakeDiscord, bot: ExcerptBot) -> None:
    dana = fake.dm_user("dana")
    excerpt = await dana.slash("cite", id="interests/intro/1", public=False)
    with no_new_requests(fake, "POST /channels/*/messages"):
        refused = await dana.click(excerpt, "Post to channel")
    assert is_refusal(refused)
    assert "Posting to the channel works in server channels, not in direct messages." in (
        refused.text
    )


async def test_find_source_in_a_dm(fake: FakeDiscord, bot: ExcerptBot) -> None:
    dana = fake.dm_user("dana")
    said = dana.post("timely and accurate information about potential threats is crucial")
    reply = await dana.message_menu("Find source", said)
    assert cited(reply)[0] == "interests/islamic-nation-protects/3"
