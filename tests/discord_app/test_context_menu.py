"""The Find source message menu."""

from __future__ import annotations

from bot.engine.library import Library
from tests.discord_app import payloads
from tests.discord_app.conftest import (
    Harness,
    MakeHarness,
    button_id,
    default_settings,
    footer_cid,
    is_ephemeral,
    only_callback,
    reply,
    text_of,
)

CID = "interests/islamic-nation-protects/5"


def _quote(library: Library) -> str:
    passage = library.cite(CID).passage
    assert passage is not None
    words = passage.text.replace("*", "").split()
    return "As they say: " + " ".join(words[3:25])


async def _find(harness: Harness, target: dict, **context: object) -> list:
    data = payloads.message_menu(target)
    return await harness.dispatch(payloads.interaction(2, data, **context))


async def test_find_source_of_a_quote_answers_privately(harness: Harness, bundled: Library) -> None:
    sent = await _find(harness, payloads.chat_message(_quote(bundled)))
    assert only_callback(sent).callback_type == 4
    message = reply(sent)
    assert is_ephemeral(message)
    assert footer_cid(message) == CID
    assert button_id(message, f"xb:post:{CID}")


async def test_find_source_reads_embeds_when_there_is_no_content(
    harness: Harness, bundled: Library
) -> None:
    target = payloads.chat_message("", embeds=[{"type": "rich", "description": _quote(bundled)}])
    message = reply(await _find(harness, target))
    assert footer_cid(message) == CID


async def test_find_source_of_a_message_without_text(harness: Harness) -> None:
    message = reply(await _find(harness, payloads.chat_message("")))
    assert is_ephemeral(message)
    assert "no text" in text_of(message)


async def test_find_source_then_post_it(harness: Harness, bundled: Library) -> None:
    await _find(harness, payloads.chat_message(_quote(bundled)))
    shown = harness.fake.created[-1]
    sent = await harness.press(button_id(shown, "xb:post:"), shown)
    posts = [r for r in sent if r.method == "POST" and r.path.startswith("/channels/")]
    assert len(posts) == 1 and footer_cid(posts[0].payload) == CID


async def test_find_source_public_by_config(harness_factory: MakeHarness, bundled: Library) -> None:
    harness = await harness_factory(default_settings(commands={"find_source_public": True}))
    message = reply(await _find(harness, payloads.chat_message(_quote(bundled))))
    assert not is_ephemeral(message)
    nothing = reply(await _find(harness, payloads.chat_message("")))
    assert is_ephemeral(nothing)


async def test_find_source_in_direct_messages(harness: Harness, bundled: Library) -> None:
    message = reply(await _find(harness, payloads.chat_message(_quote(bundled)), guild_id=None))
    assert footer_cid(message) == CID
