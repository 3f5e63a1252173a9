"""Slash commands and autocomplete, through real interactions dispatched by the real tree."""

from __future__ import annotations

import logging

import pytest

from bot.discord_app.commands import choices
from bot.engine.library import Library
from bot.engine.topics import Suggestion
from tests.discord_app import payloads
from tests.discord_app.conftest import (
    Harness,
    MakeHarness,
    custom_ids,
    default_settings,
    footer_cid,
    is_ephemeral,
    only_callback,
    reply,
    text_of,
)

# -- each command -----------------------------------------------------------------------------


async def test_search_answers_privately_with_hits_select_and_pages(harness: Harness) -> None:
    sent = await harness.command("search", query="cyber secrity")
    callback = only_callback(sent)
    assert callback.callback_type == 4
    message = reply(sent)
    assert is_ephemeral(message)
    assert "**cyber" in text_of(message).lower() or "**cybersecurity" in text_of(message).lower()
    ids = custom_ids(message)
    assert "xb:open:0" in ids
    assert any(i.startswith("xb:find:2:") for i in ids)


async def test_search_public_option_overrides_the_default(harness: Harness) -> None:
    message = reply(await harness.command("search", query="safety", public=True))
    assert not is_ephemeral(message)
    assert "xb:open:1" in custom_ids(message)


async def test_search_in_one_document(harness: Harness) -> None:
    message = reply(await harness.command("search", query="security", document="interests"))
    values = [
        option["value"]
        for row in message["components"]
        for item in row["components"]
        if item["type"] == 3
        for option in item["options"]
    ]
    assert values and all(v.startswith("interests/") for v in values)


async def test_search_with_nothing_found_says_so_with_did_you_mean(harness: Harness) -> None:
    message = reply(await harness.command("search", query="cybersecurityy"))
    assert is_ephemeral(message)
    assert "Nothing matches" in text_of(message) or "Showing results" in text_of(message)


async def test_search_in_an_unknown_document_is_a_friendly_notice(harness: Harness) -> None:
    message = reply(await harness.command("search", query="safety", document="zzzz-nothing"))
    assert is_ephemeral(message)
    assert "No document matches" in text_of(message)


async def test_query_echo_is_escaped_and_never_pings(harness: Harness) -> None:
    message = reply(await harness.command("search", query="@everyone <@123456789> qqxxzz"))
    text = text_of(message)
    assert "@everyone" not in text
    assert "<@123456789>" not in text
    assert message["allowed_mentions"] == {"parse": []}


async def test_topic_is_public_by_default(harness: Harness) -> None:
    message = reply(await harness.command("topic", name="intelligence gathering"))
    assert not is_ephemeral(message)
    assert "Intelligence Gathering" in text_of(message)
    ids = custom_ids(message)
    assert any(i.startswith("xb:pin:") for i in ids)
    assert any(i.startswith("xb:save:") for i in ids)
    assert not any(i.startswith("xb:post:") for i in ids)


async def test_topic_private_when_asked(harness: Harness) -> None:
    message = reply(await harness.command("topic", name="intelligence gathering", public=False))
    assert is_ephemeral(message)
    assert any(i.startswith("xb:post:") for i in custom_ids(message))


async def test_topic_unknown_is_a_notice(harness: Harness) -> None:
    message = reply(await harness.command("topic", name="qqqqqqqqqqqqqq"))
    assert is_ephemeral(message)
    assert "No topic matches" in text_of(message)


async def test_cite_shows_the_exact_passage_with_its_id_in_the_footer(harness: Harness) -> None:
    message = reply(await harness.command("cite", id="interests/islamic-nation-protects/5"))
    assert not is_ephemeral(message)
    assert footer_cid(message) == "interests/islamic-nation-protects/5"
    assert "Cybersecurity" in text_of(message)


async def test_cite_unknown_id_is_a_friendly_notice(harness: Harness) -> None:
    message = reply(await harness.command("cite", id="zzzz/qqq/1"))
    assert is_ephemeral(message)
    assert "No document has the id `zzzz`" in text_of(message)
    assert not custom_ids(message)


async def test_cite_near_miss_shows_the_closest_passage_and_says_so(harness: Harness) -> None:
    message = reply(await harness.command("cite", id="interests/islamic-nation-protects/99"))
    assert footer_cid(message) == "interests/islamic-nation-protects/5"
    assert "not 99" in text_of(message)


async def test_random_never_repeats_in_a_channel(harness: Harness, bundled: Library) -> None:
    doc = bundled.document("disaster")
    assert doc is not None
    count = len(bundled.corpus.document_passages(doc))
    seen = []
    for _ in range(count):
        message = reply(await harness.command("random", document="disaster"))
        assert not is_ephemeral(message)
        seen.append(footer_cid(message))
    assert len(set(seen)) == count


async def test_random_unknown_document_is_a_notice(harness: Harness) -> None:
    message = reply(await harness.command("random", document="zzzz-nothing"))
    assert is_ephemeral(message)
    assert "No document matches" in text_of(message)


async def test_random_by_topic(harness: Harness) -> None:
    message = reply(await harness.command("random", topic="intelligence gathering", public=False))
    assert is_ephemeral(message)
    assert footer_cid(message).startswith("interests/")


async def test_documents_lists_then_shows_a_table_of_contents(harness: Harness) -> None:
    listing = reply(await harness.command("documents"))
    assert is_ephemeral(listing)
    assert "`interests`" in text_of(listing)
    toc = reply(await harness.command("documents", document="interests"))
    assert "interests/islamic-nation-protects" in text_of(toc)


async def test_documents_unknown_is_a_notice(harness: Harness) -> None:
    message = reply(await harness.command("documents", document="zzzz-nothing"))
    assert "No document matches" in text_of(message)


async def test_help_is_private(harness: Harness) -> None:
    message = reply(await harness.command("help"))
    assert is_ephemeral(message)
    assert "/search" in text_of(message)


async def test_config_defaults_decide_visibility(harness_factory: MakeHarness) -> None:
    settings = default_settings(commands={"search_public": True, "cite_public": False})
    harness = await harness_factory(settings)
    assert not is_ephemeral(reply(await harness.command("search", query="safety")))
    cited = reply(await harness.command("cite", id="interests/islamic-nation-protects/5"))
    assert is_ephemeral(cited)


async def test_one_info_line_per_command(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.discord_app.activity")
    await harness.command("search", query="safety")
    await harness.command("topic", name="qqqqqqqqqqqq")
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.discord_app.activity"]
    assert len(lines) == 2
    assert f"user={payloads.MEMBER_ID}" in lines[0]
    assert "command=search outcome=ok latency_ms=" in lines[0]
    assert "command=topic outcome=empty" in lines[1]
    assert "a-token" not in caplog.text


# -- DMs and unknown guilds -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("search", {"query": "safety"}),
        ("topic", {"name": "intelligence gathering"}),
        ("random", {}),
        ("cite", {"id": "interests/islamic-nation-protects/5"}),
        ("documents", {}),
        ("help", {}),
    ],
)
async def test_commands_work_in_direct_messages(
    harness: Harness, name: str, options: dict[str, object]
) -> None:
    sent = await harness.command(name, context={"guild_id": None}, **options)
    assert only_callback(sent).callback_type == 4
    assert "Sorry" not in text_of(reply(sent))


async def test_unknown_guild_just_works(harness: Harness) -> None:
    context = {"guild_id": 9_999_999_999_999_999, "channel_id": 8_888_888_888_888_888}
    message = reply(await harness.command("topic", context=context, name="intelligence gathering"))
    assert "Intelligence Gathering" in text_of(message)


# -- cooldown ---------------------------------------------------------------------------------


async def test_cooldown_per_member_across_commands(harness_factory: MakeHarness) -> None:
    settings = default_settings(commands={"cooldown": {"rate": 2, "per_seconds": 60}})
    harness = await harness_factory(settings)
    assert "Sorry" not in text_of(reply(await harness.command("help")))
    assert "going fast" not in text_of(reply(await harness.command("search", query="safety")))
    third = await harness.command("topic", name="safety")
    message = reply(third)
    assert only_callback(third).callback_type == 4
    assert is_ephemeral(message)
    assert "You're going fast: try again in" in text_of(message)
    # Another member is not slowed down.
    other = payloads.user(payloads.OTHER_MEMBER_ID, "other")
    fine = reply(await harness.command("help", context={"who": other}))
    assert "going fast" not in text_of(fine)


# -- reading lists ----------------------------------------------------------------------------


async def test_reading_list_restricts_commands_in_its_channel(
    harness_factory: MakeHarness,
) -> None:
    settings = default_settings(
        reading_lists=[
            {"guild": payloads.GUILD_ID, "documents": ["disaster"]},
            {"channel": payloads.CHANNEL_ID, "documents": ["interests"]},
        ]
    )
    harness = await harness_factory(settings)
    # The channel's list overrides the guild's.
    found = reply(await harness.command("search", query="security"))
    values = [
        o["value"]
        for r in found["components"]
        for i in r["components"]
        if i["type"] == 3
        for o in i["options"]
    ]
    assert values and all(v.startswith("interests/") for v in values)
    refused = reply(await harness.command("cite", id="cooperation/significance-international/1"))
    assert "reading list" in text_of(refused)
    outside = reply(await harness.command("search", query="security", document="cooperation"))
    assert "No document matches" in text_of(outside)
    for _ in range(3):
        assert footer_cid(reply(await harness.command("random"))).startswith("interests/")
    # Another channel of the guild gets the guild's list.
    other = {"channel_id": payloads.OTHER_CHANNEL_ID}
    drawn = reply(await harness.command("random", context=other))
    assert footer_cid(drawn).startswith("disaster/")
    listing = reply(await harness.command("documents", context=other))
    assert "`disaster`" in text_of(listing) and "`interests`" not in text_of(listing)


async def test_reading_list_restricts_autocomplete(harness_factory: MakeHarness) -> None:
    settings = default_settings(
        reading_lists=[{"channel": payloads.CHANNEL_ID, "documents": ["interests"]}]
    )
    harness = await harness_factory(settings)
    sent = await harness.complete("search", "document", "", query="x")
    values = [c["value"] for c in only_callback(sent).payload["data"]["choices"]]
    assert values == ["interests"]
    sent = await harness.complete("cite", "id", "security")
    values = [c["value"] for c in only_callback(sent).payload["data"]["choices"]]
    assert values and all(v.startswith("interests/") for v in values)


# -- autocomplete -----------------------------------------------------------------------------


def _choices_of(sent: list) -> list[dict[str, str]]:
    callback = only_callback(sent)
    assert callback.callback_type == 8
    found = callback.payload["data"]["choices"]
    assert len(found) <= 25
    for choice in found:
        assert 1 <= len(choice["name"]) <= 100
        assert 1 <= len(choice["value"]) <= 100
    return found


@pytest.mark.parametrize(
    ("command", "focused", "typed", "others"),
    [
        ("topic", "name", "", {}),
        ("topic", "name", "a", {}),
        ("random", "topic", "e", {}),
        ("random", "document", "", {}),
        ("cite", "id", "", {}),
        ("cite", "id", "fs/", {}),
        ("cite", "id", "stream", {}),
        ("search", "document", "", {"query": "x"}),
        ("documents", "document", "h", {}),
    ],
)
async def test_autocomplete_fits_discord(
    harness_factory: MakeHarness,
    nodejs: Library,
    command: str,
    focused: str,
    typed: str,
    others: dict[str, str],
) -> None:
    harness = await harness_factory(library=nodejs)
    found = _choices_of(await harness.complete(command, focused, typed, **others))
    assert found, "a large corpus offers something"


async def test_random_topic_autocomplete_follows_the_chosen_document(harness: Harness) -> None:
    found = _choices_of(await harness.complete("random", "topic", "", document="interests"))
    assert found
    assert all(c["value"].startswith("interests") or "Interests" in c["name"] for c in found)


async def test_choices_are_cut_to_discords_limits() -> None:
    many = [Suggestion("x" * 300 + str(i), f"v{i}") for i in range(40)]
    many.insert(0, Suggestion("too long a value", "v" * 101))
    many.insert(0, Suggestion("   ", "blank-name"))
    found = choices(many)
    assert len(found) == 25
    assert all(len(c.name) <= 100 and len(c.value) <= 100 for c in found)
    assert found[0].value == "v0"
