"""Buttons and the search select: navigation, post, pin, save, refusals, restarts."""

from __future__ import annotations

from typing import Any

from bot.discord_app import buttons
from bot.engine.library import Library
from bot.rendering import custom_ids as ids
from tests.discord_app import payloads
from tests.discord_app.conftest import (
    Harness,
    MakeHarness,
    button_id,
    callbacks,
    custom_ids,
    default_settings,
    footer_cid,
    is_ephemeral,
    only_callback,
    reply,
    text_of,
)

CID = "interests/islamic-nation-protects/3"
NEXT_CID = "interests/islamic-nation-protects/4"
MOD = {"permissions": payloads.MODERATOR_PERMISSIONS}


def _posts(sent: list[Any]) -> list[Any]:
    return [r for r in sent if r.method == "POST" and r.path.startswith("/channels/")]


def _pins(sent: list[Any]) -> list[Any]:
    return [r for r in sent if r.method == "PUT" and "/pins/" in r.path]


# -- navigation -------------------------------------------------------------------------------


async def test_next_on_a_private_excerpt_updates_it_in_place(harness: Harness) -> None:
    shown = await harness.shown("cite", id=CID, public=False)
    assert is_ephemeral(shown)
    sent = await harness.press(button_id(shown, "xb:next:"), shown)
    assert only_callback(sent).callback_type == 7
    assert footer_cid(reply(sent)) == NEXT_CID


async def test_previous_on_a_public_excerpt_answers_only_the_presser(harness: Harness) -> None:
    shown = await harness.shown("cite", id=CID)
    assert not is_ephemeral(shown)
    other = payloads.user(payloads.OTHER_MEMBER_ID, "other")
    sent = await harness.press(button_id(shown, "xb:prev:"), shown, who=other)
    callback = only_callback(sent)
    assert callback.callback_type == 4
    message = reply(sent)
    assert is_ephemeral(message)
    assert footer_cid(message) == "interests/islamic-nation-protects/2"
    assert any(i.startswith("xb:post:") for i in custom_ids(message))
    assert not [r for r in sent if r.method == "PATCH"]


async def test_no_passage_that_way_never_replaces_the_excerpt(harness: Harness) -> None:
    shown = await harness.shown("cite", id="interests/intro/1", public=False)
    sent = await harness.press(ids.make(ids.PREV, "interests/intro/1"), shown)
    assert only_callback(sent).callback_type == 4
    message = reply(sent)
    assert is_ephemeral(message)
    assert "no passage that way" in text_of(message)


async def test_whole_section_on_a_private_excerpt(harness: Harness) -> None:
    shown = await harness.shown("cite", id=CID, public=False)
    sent = await harness.press(button_id(shown, "xb:sect:"), shown)
    assert only_callback(sent).callback_type == 7
    message = reply(sent)
    assert "section: interests/islamic-nation-protects" in text_of(message)
    assert "¶1" in text_of(message) and "¶5" in text_of(message)


async def test_search_pages_turn_in_place(harness: Harness) -> None:
    shown = await harness.shown("search", query="security")
    assert "Page 1 of" in text_of(shown)
    sent = await harness.press(button_id(shown, "xb:find:2:"), shown)
    assert only_callback(sent).callback_type == 7
    assert "Page 2 of" in text_of(reply(sent))


async def test_did_you_mean_button_runs_the_search(harness: Harness) -> None:
    shown = await harness.shown("search", query="scurity")
    custom_id = ids.search_id(1, None, "security")
    message = payloads.message_with([payloads.row(payloads.button_component(custom_id))], flags=64)
    sent = await harness.press(custom_id, message)
    assert "Page 1 of" in text_of(reply(sent))
    assert shown  # the original answer existed


async def test_table_of_contents_pages(harness_factory: MakeHarness, nodejs: Library) -> None:
    harness = await harness_factory(library=nodejs)
    doc = max(nodejs.documents, key=lambda d: d.section_count)
    shown = await harness.shown("documents", document=doc.id)
    assert "page 1 of" in text_of(shown)
    sent = await harness.press(button_id(shown, "xb:toc:2:"), shown)
    assert only_callback(sent).callback_type == 7
    assert "page 2 of" in text_of(reply(sent))


async def test_the_documents_list_pages(harness_factory: MakeHarness, tldr: Library) -> None:
    harness = await harness_factory(library=tldr)
    shown = await harness.shown("documents")
    assert "page 1 of 30" in text_of(shown)
    sent = await harness.press(button_id(shown, "xb:docs:2"), shown)
    assert only_callback(sent).callback_type == 7
    assert "page 2 of 30" in text_of(reply(sent))


async def test_select_on_a_private_search_opens_a_new_private_excerpt(harness: Harness) -> None:
    shown = await harness.shown("search", query="cyber security")
    sent = await harness.pick("xb:open:0", "interests/islamic-nation-protects/5", shown)
    callback = only_callback(sent)
    assert callback.callback_type == 4
    message = reply(sent)
    assert is_ephemeral(message)
    assert footer_cid(message) == "interests/islamic-nation-protects/5"


async def test_select_on_a_public_search(harness: Harness) -> None:
    shown = await harness.shown("search", query="cyber security", public=True)
    assert not is_ephemeral(shown)
    # The member who searched opens it for everyone...
    mine = reply(await harness.pick("xb:open:1", "interests/islamic-nation-protects/5", shown))
    assert not is_ephemeral(mine)
    assert any(i.startswith("xb:pin:") for i in custom_ids(mine))
    # ...anyone else gets a private copy.
    other = payloads.user(payloads.OTHER_MEMBER_ID, "other")
    theirs = reply(
        await harness.pick("xb:open:1", "interests/islamic-nation-protects/5", shown, who=other)
    )
    assert is_ephemeral(theirs)


# -- post to channel --------------------------------------------------------------------------


async def test_post_shares_a_private_excerpt_in_the_channel(harness: Harness) -> None:
    shown = await harness.shown("cite", id=CID, public=False)
    nick = "**Bold** @everyone <@42>"
    sent = await harness.press(button_id(shown, "xb:post:"), shown, nick=nick)
    assert only_callback(sent).callback_type == 5
    posts = _posts(sent)
    assert len(posts) == 1
    assert posts[0].path == f"/channels/{payloads.CHANNEL_ID}/messages"
    posted = posts[0].payload
    author = posted["embeds"][0]["author"]["name"]
    assert author.startswith("Shared by ")
    assert "@everyone" not in author and "<@42>" not in author and "**Bold**" not in author
    assert posted["allowed_mentions"] == {"parse": []}
    assert "flags" not in posted or not posted["flags"] & 64
    assert footer_cid(posted) == CID
    assert any(i.startswith("xb:pin:") for i in custom_ids(posted))
    confirmation = reply(sent)
    assert "Posted to the channel" in text_of(confirmation)


async def test_post_is_refused_in_direct_messages(harness: Harness) -> None:
    shown = await harness.shown("cite", context={"guild_id": None}, id=CID, public=False)
    sent = await harness.press(button_id(shown, "xb:post:"), shown, guild_id=None)
    assert not _posts(sent)
    assert "not in direct messages" in text_of(reply(sent))


async def test_post_says_what_the_member_lacks(harness: Harness) -> None:
    shown = await harness.shown("cite", id=CID, public=False)
    no_send = payloads.P(view_channel=True).value
    sent = await harness.press(button_id(shown, "xb:post:"), shown, permissions=no_send)
    assert not _posts(sent)
    assert "you need **Send Messages**" in text_of(reply(sent))


async def test_post_says_what_the_bot_lacks(harness: Harness) -> None:
    shown = await harness.shown("cite", id=CID, public=False)
    bot = payloads.P(view_channel=True, send_messages=True).value
    sent = await harness.press(button_id(shown, "xb:post:"), shown, app_permissions=bot)
    assert not _posts(sent)
    text = text_of(reply(sent))
    assert "I need **Embed Links**" in text
    assert "you need" not in text


async def test_post_in_a_thread_needs_send_in_threads(harness: Harness) -> None:
    shown = await harness.shown("cite", id=CID, public=False)
    context = {"thread": True, "channel_id": payloads.THREAD_ID}
    in_threads = payloads.MEMBER_PERMISSIONS | payloads.P(send_messages_in_threads=True).value
    sent = await harness.press(
        button_id(shown, "xb:post:"), shown, permissions=in_threads, **context
    )
    assert _posts(sent)[0].path == f"/channels/{payloads.THREAD_ID}/messages"
    no_threads = payloads.MEMBER_PERMISSIONS
    sent = await harness.press(
        button_id(shown, "xb:post:"), shown, permissions=no_threads, **context
    )
    assert not _posts(sent)
    assert "**Send Messages in Threads**" in text_of(reply(sent))


# -- pin --------------------------------------------------------------------------------------


async def test_pin_pins_the_public_excerpt(harness: Harness) -> None:
    shown = await harness.shown("cite", id=CID)
    sent = await harness.press(button_id(shown, "xb:pin:"), shown, **MOD)
    assert only_callback(sent).callback_type == 5
    pins = _pins(sent)
    assert [p.path for p in pins] == [
        f"/channels/{payloads.CHANNEL_ID}/messages/pins/{shown['id']}"
    ]
    assert str(payloads.MEMBER_ID) in (pins[0].reason or "")
    assert "Pinned." in text_of(reply(sent))


async def test_manage_messages_is_enough_to_pin(harness: Harness) -> None:
    shown = await harness.shown("cite", id=CID)
    manager = payloads.MEMBER_PERMISSIONS | payloads.P(manage_messages=True).value
    bot = payloads.P(view_channel=True, manage_messages=True).value
    sent = await harness.press(
        button_id(shown, "xb:pin:"), shown, permissions=manager, app_permissions=bot
    )
    assert _pins(sent)


async def test_pin_without_the_members_permission(harness: Harness) -> None:
    shown = await harness.shown("cite", id=CID)
    sent = await harness.press(button_id(shown, "xb:pin:"), shown)
    assert not _pins(sent)
    message = reply(sent)
    assert is_ephemeral(message)
    text = text_of(message)
    assert "you need **Pin Messages** or **Manage Messages**" in text
    assert "I need" not in text


async def test_pin_without_the_bots_permission(harness: Harness) -> None:
    shown = await harness.shown("cite", id=CID)
    bot = payloads.P(view_channel=True, send_messages=True, embed_links=True).value
    sent = await harness.press(button_id(shown, "xb:pin:"), shown, app_permissions=bot, **MOD)
    assert not _pins(sent)
    text = text_of(reply(sent))
    assert "I need **Pin Messages** or **Manage Messages**" in text
    assert "you need" not in text


async def test_pin_without_either_permission_names_both(harness: Harness) -> None:
    shown = await harness.shown("cite", id=CID)
    bot = payloads.P(view_channel=True, send_messages=True).value
    sent = await harness.press(button_id(shown, "xb:pin:"), shown, app_permissions=bot)
    text = text_of(reply(sent))
    assert "you need **Pin Messages**" in text and "I need **Pin Messages**" in text


async def test_pin_in_direct_messages_is_refused(harness: Harness) -> None:
    shown = await harness.shown("cite", context={"guild_id": None}, id=CID)
    sent = await harness.press(button_id(shown, "xb:pin:"), shown, guild_id=None)
    assert not _pins(sent)
    assert "not in direct messages" in text_of(reply(sent))


async def test_pin_when_the_channel_has_250_pins(harness: Harness) -> None:
    shown = await harness.shown("cite", id=CID)
    harness.fake.fail("PUT", r"/pins/", 400, 30003, "Maximum number of pins reached (250)")
    sent = await harness.press(button_id(shown, "xb:pin:"), shown, **MOD)
    assert len(callbacks(sent)) == 1
    message = reply(sent)
    assert "250 pinned messages" in text_of(message)
    assert "Unpin one" in text_of(message)


async def test_pin_refused_by_discord_says_what_the_bot_lacks(harness: Harness) -> None:
    shown = await harness.shown("cite", id=CID)
    harness.fake.fail("PUT", r"/pins/", 403, 50013, "Missing Permissions")
    sent = await harness.press(button_id(shown, "xb:pin:"), shown, **MOD)
    assert "I need **Pin Messages**" in text_of(reply(sent))


async def test_pin_an_already_pinned_excerpt(harness: Harness) -> None:
    shown = await harness.shown("cite", id=CID)
    shown["pinned"] = True
    sent = await harness.press(button_id(shown, "xb:pin:"), shown, **MOD)
    assert not _pins(sent)
    assert "already pinned" in text_of(reply(sent))


async def test_pin_button_that_names_another_passage_is_refused(harness: Harness) -> None:
    shown = await harness.shown("cite", id=CID)
    forged = ids.make(ids.PIN, NEXT_CID)
    shown["components"] = [payloads.row(payloads.button_component(forged))]
    sent = await harness.press(forged, shown, **MOD)
    assert not _pins(sent)
    assert "I only pin my own public excerpts" in text_of(reply(sent))


async def test_pin_button_on_someone_elses_message_is_refused(harness: Harness) -> None:
    shown = await harness.shown("cite", id=CID)
    shown["author"] = payloads.user(payloads.OTHER_MEMBER_ID, "someone")
    sent = await harness.press(button_id(shown, "xb:pin:"), shown, **MOD)
    assert not _pins(sent)
    assert "I only pin my own public excerpts" in text_of(reply(sent))


async def test_pin_button_on_a_private_message_is_refused(harness: Harness) -> None:
    shown = await harness.shown("cite", id=CID)
    shown["flags"] = 64
    sent = await harness.press(button_id(shown, "xb:pin:"), shown, **MOD)
    assert not _pins(sent)


# -- save -------------------------------------------------------------------------------------


async def test_save_sends_the_excerpt_to_direct_messages(harness: Harness) -> None:
    shown = await harness.shown("cite", id=CID)
    sent = await harness.press(button_id(shown, "xb:save:"), shown)
    opened = [r for r in sent if r.path == "/users/@me/channels"]
    assert opened and opened[0].payload == {"recipient_id": payloads.MEMBER_ID}
    posts = _posts(sent)
    assert len(posts) == 1
    saved = posts[0].payload
    assert footer_cid(saved) == CID
    assert "Saved" in text_of(saved)
    assert f"/channels/{payloads.GUILD_ID}/{payloads.CHANNEL_ID}/{shown['id']}" in text_of(saved)
    kinds = {i.split(":")[1] for i in custom_ids(saved)}
    assert kinds == {"prev", "next", "sect"}
    assert "Sent to your DMs" in text_of(reply(sent))


async def test_save_with_closed_direct_messages_says_so(harness: Harness) -> None:
    shown = await harness.shown("cite", id=CID)
    harness.fake.fail("POST", r"^/channels/\d+/messages$", 403, 50007, "Cannot send messages")
    sent = await harness.press(button_id(shown, "xb:save:"), shown)
    assert len(callbacks(sent)) == 1
    assert "your DMs are closed" in text_of(reply(sent))


async def test_buttons_with_side_effects_have_a_cooldown(harness_factory: MakeHarness) -> None:
    settings = default_settings(commands={"cooldown": {"rate": 1, "per_seconds": 60}})
    harness = await harness_factory(settings)
    shown = await harness.shown("cite", id=CID)
    first = await harness.press(button_id(shown, "xb:save:"), shown)
    assert "Sent to your DMs" in text_of(reply(first))
    second = await harness.press(button_id(shown, "xb:save:"), shown)
    assert not _posts(second)
    assert "going fast" in text_of(reply(second))


# -- forged, truncated, stale -----------------------------------------------------------------


async def test_a_custom_id_the_bot_never_made_is_refused_politely(harness: Harness) -> None:
    for forged in ("hello", "xb:nuke:everything", "xb:prev:../../etc/passwd", "xb:pin:"):
        assert not buttons.is_dynamic(forged)
        message = payloads.message_with([payloads.row(payloads.button_component(forged))])
        sent = await harness.press(forged, message, **MOD)
        assert len(callbacks(sent)) == 1, forged
        assert "not one I can act on" in text_of(reply(sent))
        assert not _pins(sent) and not _posts(sent)


async def test_a_truncated_or_stale_citation_is_refused(harness: Harness) -> None:
    for custom_id in (
        ids.make(ids.NEXT, "interests/islamic-nation-prot/1"),
        ids.make(ids.SECTION, 1, "interests/islamic-nation-pro"),
        ids.make(ids.POST, "interests/gone-section/1"),
        ids.make(ids.SAVE, "nodoc/x/1"),
    ):
        assert buttons.is_dynamic(custom_id)
        message = payloads.message_with(
            [payloads.row(payloads.button_component(custom_id))], flags=64
        )
        sent = await harness.press(custom_id, message)
        assert len(callbacks(sent)) == 1, custom_id
        assert "no longer in the corpus" in text_of(reply(sent)), custom_id
        assert not _posts(sent)


async def test_a_forged_select_value_is_refused(harness: Harness) -> None:
    shown = await harness.shown("search", query="cyber security")
    sent = await harness.pick("xb:open:0", "not/a-real/1", shown)
    assert "no longer in the corpus" in text_of(reply(sent))


async def test_buttons_respect_the_channels_reading_list(harness_factory: MakeHarness) -> None:
    settings = default_settings(
        reading_lists=[{"channel": payloads.CHANNEL_ID, "documents": ["disaster"]}]
    )
    harness = await harness_factory(settings)
    other = {"channel_id": payloads.OTHER_CHANNEL_ID}
    shown = await harness.shown("cite", context=other, id=CID, public=False)
    # The same button pressed where the reading list does not include the document:
    sent = await harness.press(button_id(shown, "xb:next:"), shown)
    assert "no longer in the corpus" in text_of(reply(sent))
    sent = await harness.press(button_id(shown, "xb:post:"), shown)
    assert not _posts(sent)


# -- after a restart --------------------------------------------------------------------------


async def test_buttons_work_on_messages_sent_before_a_restart(
    harness_factory: MakeHarness,
) -> None:
    before = await harness_factory()
    public = await before.shown("cite", id=CID)
    private = await before.shown("cite", id=CID, public=False)
    search = await before.shown("search", query="security")
    await before.bot.close()

    after = await harness_factory()
    assert after.bot is not before.bot
    sent = await after.press(button_id(private, "xb:next:"), private)
    assert only_callback(sent).callback_type == 7
    assert footer_cid(reply(sent)) == NEXT_CID
    sent = await after.press(button_id(public, "xb:pin:"), public, **MOD)
    assert _pins(sent)
    sent = await after.press(button_id(search, "xb:find:2:"), search)
    assert "Page 2 of" in text_of(reply(sent))
    sent = await after.pick("xb:open:0", NEXT_CID, search)
    assert footer_cid(reply(sent)) == NEXT_CID
