"""Rendering messages → discord.py objects, and what an answer amounts to."""

from __future__ import annotations

import discord

from bot.discord_app import convert
from bot.discord_app.convert import Outcome
from bot.engine.library import Library
from bot.rendering import answers, excerpts
from bot.rendering.message import Button, Message, Option, Select
from tests.discord_app.conftest import Harness
from tests.rendering.discord_limits import violations


async def test_components_round_trip_to_the_rendered_payload(bundled: Library) -> None:
    message = answers.search(bundled, "security", public=False)
    components = convert.view(message)
    assert components is not None
    assert components.is_finished(), "render-only: discord.py keeps no state for it"
    rendered = components.to_components()
    expected = message.to_dict()["components"]
    assert len(rendered) == len(expected)
    for got, want in zip(rendered, expected, strict=True):
        got_items = [
            {k: v for k, v in c.items() if k in ("type", "custom_id", "label")}
            for c in got["components"]
        ]
        want_items = [
            {k: v for k, v in c.items() if k in ("type", "custom_id", "label")}
            for c in want["components"]
        ]
        assert got_items == want_items


async def test_embeds_keep_every_field(bundled: Library) -> None:
    passage = bundled.cite("interests/islamic-nation-protects/5").passage
    assert passage is not None
    message = answers.shared(bundled, passage, "Ann")
    (embed,) = convert.embeds(message)
    data = embed.to_dict()
    want = message.embeds[0].to_dict()
    for key in ("title", "description", "color", "footer", "author"):
        assert data[key] == want[key]
    assert data.get("fields") == want.get("fields")


async def test_link_buttons_and_selects_convert() -> None:
    message = Message(
        rows=[
            (Button("Docs", url="https://example.com"), Button("Go", "xb:toc:1:doc")),
            (Select("xb:open:0", (Option("One", "a/b/1", "first"),), "Pick"),),
        ],
        embeds=excerpts.notice("hi").embeds,
    )
    components = convert.view(message)
    assert components is not None
    rows = components.to_components()
    link = rows[0]["components"][0]
    assert link["style"] == discord.ButtonStyle.link.value and link["url"] == "https://example.com"
    assert "custom_id" not in link
    assert rows[1]["components"][0]["options"][0]["value"] == "a/b/1"


async def test_send_and_edit_arguments_never_allow_mentions() -> None:
    plain = excerpts.notice("x")
    assert convert.send_kwargs(plain)["allowed_mentions"].to_dict() == {"parse": []}
    assert "view" not in convert.send_kwargs(plain)
    edit = convert.edit_kwargs(plain)
    assert edit["allowed_mentions"].to_dict() == {"parse": []}
    assert edit["view"] is None, "an edit without rows clears the old buttons"


def test_outcome_of_answers(bundled: Library) -> None:
    assert convert.outcome(answers.search(bundled, "security")) is Outcome.OK
    assert convert.outcome(answers.search(bundled, "qqqqzzzz")) is Outcome.EMPTY
    assert convert.outcome(excerpts.pinned()) is Outcome.OK
    assert convert.outcome(excerpts.button_refused()) is Outcome.REFUSED
    assert convert.outcome(answers.help_(bundled)) is Outcome.OK


async def test_the_bot_wide_default_allows_no_mentions(harness: Harness) -> None:
    default = harness.bot.allowed_mentions
    assert default is not None and default.to_dict() == {"parse": []}


async def test_every_payload_of_a_session_fits_and_never_pings(harness: Harness) -> None:
    await harness.command("search", query="@everyone security <@1>")
    await harness.command("topic", name="@here")
    await harness.command("cite", id="interests/islamic-nation-protects/5")
    await harness.command("documents", document="interests")
    await harness.command("help")
    sent = harness.fake.messages()
    assert len(sent) == 5
    for payload in sent:
        assert payload["allowed_mentions"] == {"parse": []}
        assert violations(payload) == []
