"""Forged, truncated, foreign and replayed custom_ids, property-based, through the stand-in.

The whole state of a button is its custom_id, so a custom_id is input like any other: it may
be cut short, edited, another bot's, or a real one pressed on a message or in a channel it
was never made for. Whatever is pressed, and by whom (a known guild, an unknown one, a DM,
no permissions), the answer comes within 3 s, privately; an id the bot did not make is
refused politely; and nothing is trusted beyond what the message and channel show: a pin
only ever pins the bot's own public excerpt of the passage the id names, a post or a saved
copy only ever carries a passage the channel's reading list allows.

One bot serves the whole module (see `hostile.arena`); hypothesis drives it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
import pytest_asyncio
from hypothesis import given
from hypothesis import strategies as st

from bot.rendering import answers
from bot.rendering import custom_ids as ids
from tests.e2e.conftest import ERROR_COLOR, cited, colors
from tests.e2e.hostile import (
    ACTOR_NAMES,
    EXAMPLES,
    Arena,
    arena,
    bundled,
    forged_custom_id,
    hostile_text,
    in_scope,
    real_custom_ids,
    real_ids,
    settle,
)
from tests.standin import Actor, Channel, Reply, StoredMessage
from tests.standin.problems import JSON
from tests.standin.world import FLAG_EPHEMERAL

pytestmark = pytest.mark.asyncio(loop_scope="module")

PINS = "PUT /channels/*/messages/pins/*"
BUTTON, SELECT = 2, 3
REFUSED = "That button is not one I can act on"
NOT_MINE_TO_PIN = "I only pin my own public excerpts"


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def ring(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Arena]:
    async with arena(tmp_path_factory.mktemp("hostile-buttons")) as opened:
        opened.actors["mod"] = opened.mod
        yield opened


# -- forging messages with components -------------------------------------------------------


def excerpt_embeds(cid: str) -> list[JSON]:
    """The embeds of the bot's public excerpt of `cid`, as it renders them."""
    library = bundled()
    passage = library.cite(cid).passage
    assert passage is not None
    embeds: list[JSON] = answers.show(library, passage, True).to_dict()["embeds"]
    return embeds


def component(kind: int, custom_id: str, values: list[str]) -> JSON:
    if kind == BUTTON:
        return {"type": 2, "style": 2, "label": "Press", "custom_id": custom_id}
    options = [{"label": f"option {n}", "value": value} for n, value in enumerate(values)]
    return {"type": 3, "custom_id": custom_id, "options": options}


def forge(
    arena: Arena,
    actor: Actor,
    *,
    by_bot: bool,
    embeds: list[JSON],
    part: JSON,
    ephemeral: bool = False,
    channel: Channel | None = None,
) -> StoredMessage:
    """A message where `actor` is, holding `part` (a button or a select)."""
    where = channel or actor.place().channel
    author = arena.fake.bot_user if by_bot else actor.user
    data: JSON = {
        "content": "",
        "embeds": embeds,
        "components": [{"type": 1, "components": [part]}],
    }
    if not embeds:
        data["content"] = "a message with a component"
    return arena.fake.world.post(where, author, data, flags=FLAG_EPHEMERAL if ephemeral else 0)


async def press(actor: Actor, message: StoredMessage, part: JSON, values: list[str]) -> Reply:
    """Press the button, or pick `values` in the select, as the member's client would."""
    if part["type"] == SELECT:
        return await actor.select(message, values, custom_id=part["custom_id"])
    return await actor.click(message, part["custom_id"])


@dataclass
class Before:
    """What the channel, the member's DMs and the pin log held before a press."""

    channel: list[int]
    dm: list[int]
    pin_requests: int


def snapshot(arena: Arena, actor: Actor) -> Before:
    fake = arena.fake
    dm = fake.world.open_dm(actor.user)
    return Before(
        list(actor.place().channel.message_ids),
        list(dm.message_ids),
        len(fake.requests_matching(PINS)),
    )


def new_bot_messages(arena: Arena, channel: Channel, before: list[int]) -> list[StoredMessage]:
    fake = arena.fake
    return [
        fake.message(mid)
        for mid in channel.message_ids
        if mid not in before and fake.message(mid).author_id == fake.bot_user.id
    ]


def passage_allowed(arena: Arena, actor: Actor, cid: str) -> bool:
    """The id names a passage exactly, and the actor's channel may see it."""
    resolution = bundled().cite(cid)
    if resolution.passage is None or not resolution.exact:
        return False
    return actor is not arena.actors["scoped"] or in_scope(resolution.passage.citation_id)


def check_nothing_trusted(
    arena: Arena,
    actor: Actor,
    custom_id: str,
    message: StoredMessage,
    before: Before,
    reply: Reply,
    *,
    may_pin: bool,
) -> None:
    """The press did what the id, the message and the channel allow, and nothing more."""
    action = ids.parse(custom_id)
    assert reply.message is not None
    if action is None:
        assert reply.ephemeral and colors(reply) == {ERROR_COLOR}, reply.text
        assert REFUSED in reply.text
    else:
        assert reply.ephemeral, "a press is answered privately"
    cid = (action.values.get("cid") if action else None) or ""
    # Pins: only the bot's own public excerpt of the passage the id names.
    pinned = arena.fake.requests_matching(PINS)[before.pin_requests :]
    if action is not None and action.verb == ids.PIN and may_pin:
        assert message.pinned and [r.status for r in pinned] == [204], reply.text
    else:
        assert not pinned and not message.pinned, reply.text
    # Posts: only a passage the channel may see, named by a post id.
    channel = actor.place().channel
    dm = arena.fake.world.open_dm(actor.user)
    posted = [m for m in new_bot_messages(arena, channel, before.channel) if m != message]
    posted = [m for m in posted if m.id not in {x.id for x in reply.messages}]
    in_dm = getattr(channel, "id", channel) == getattr(dm, "id", dm)
    if posted and not (in_dm and action is not None and action.verb == ids.SAVE):
        # (In a DM the channel is the DM itself, where a saved copy lands too.)
        assert action is not None and action.verb == ids.POST, posted
        assert [cited(m) for m in posted] == [[cid]] and passage_allowed(arena, actor, cid)
    # Saved copies: only a passage the channel may see, named by a save id.
    saved = [m for m in new_bot_messages(arena, dm, before.dm) if m != message]
    saved = [m for m in saved if m.id not in {x.id for x in reply.messages}]
    if saved:
        assert action is not None and action.verb == ids.SAVE, saved
        assert [cited(m) for m in saved] == [[cid]] and passage_allowed(arena, actor, cid)


def can_pin(arena: Arena, actor: Actor) -> bool:
    return actor is arena.mod


# -- properties ---------------------------------------------------------------------------------


SELECT_VALUES = st.lists(
    st.one_of(st.deferred(lambda: st.sampled_from(real_ids())), hostile_text(max_size=100)),
    min_size=1,
    max_size=1,
)
"""One value picked (the bot's selects take one); a real citation id or anything."""


@EXAMPLES
@given(
    who=st.sampled_from((*ACTOR_NAMES, "mod")),
    custom_id=forged_custom_id(),
    kind=st.sampled_from((BUTTON, SELECT)),
    by_bot=st.booleans(),
    shown=st.one_of(st.none(), st.deferred(lambda: st.sampled_from(real_ids()))),
    values=SELECT_VALUES,
)
async def test_any_custom_id_on_any_message(
    ring: Arena,
    who: str,
    custom_id: str,
    kind: int,
    by_bot: bool,
    shown: str | None,
    values: list[str],
) -> None:
    """Any custom_id, on a button or a select, on a message by the bot or by the member
    (showing some excerpt, or none): refused when the bot did not make it; otherwise
    answered privately, and a pin, post or saved copy only where it is legitimate."""
    actor = ring.actor(who)
    embeds = excerpt_embeds(shown) if shown else []
    part = component(kind, custom_id, values)
    message = forge(ring, actor, by_bot=by_bot, embeds=embeds, part=part)
    before = snapshot(ring, actor)
    reply = await settle(ring, await press(actor, message, part, values), actor)
    action = ids.parse(custom_id)
    may_pin = (
        action is not None
        and action.verb == ids.PIN
        and by_bot
        and shown == action.values["cid"]
        and can_pin(ring, actor)
    )
    check_nothing_trusted(ring, actor, custom_id, message, before, reply, may_pin=may_pin)
    if may_pin:
        await ring.fake.unpin(message)


@EXAMPLES
@given(
    pinned_id=st.deferred(lambda: st.sampled_from(real_ids())),
    shown=st.deferred(lambda: st.sampled_from(real_ids())),
    target=st.sampled_from(("other excerpt", "private copy", "member's copy", "no excerpt")),
)
async def test_a_pin_id_never_pins_a_message_it_does_not_belong_to(
    ring: Arena, pinned_id: str, shown: str, target: str
) -> None:
    """A real 📌 id pressed by a member allowed to pin, on a message it was not made for:
    the bot's excerpt of another passage, a private copy of its own excerpt, a member's
    copy of it, or a bot message with no excerpt: refused, and nothing is pinned."""
    if target == "other excerpt" and pinned_id == shown:
        shown = next(cid for cid in real_ids() if cid != pinned_id)
    mod = ring.mod
    embeds = {
        "other excerpt": excerpt_embeds(shown),
        "private copy": excerpt_embeds(pinned_id),
        "member's copy": excerpt_embeds(pinned_id),
        "no excerpt": [],
    }[target]
    part = component(BUTTON, ids.make(ids.PIN, pinned_id), [])
    message = forge(
        ring,
        mod,
        by_bot=target != "member's copy",
        embeds=embeds,
        part=part,
        ephemeral=target == "private copy",
    )
    before = snapshot(ring, mod)
    reply = await settle(ring, await press(mod, message, part, []), mod)
    assert NOT_MINE_TO_PIN in reply.text and reply.ephemeral
    check_nothing_trusted(ring, mod, part["custom_id"], message, before, reply, may_pin=False)


@EXAMPLES
@given(
    custom_id=st.deferred(lambda: st.sampled_from(real_custom_ids())),
    kind=st.sampled_from((BUTTON, SELECT)),
    values=st.lists(st.deferred(lambda: st.sampled_from(real_ids())), min_size=1, max_size=1),
)
async def test_real_ids_replayed_in_a_channel_with_a_reading_list(
    ring: Arena, custom_id: str, kind: int, values: list[str]
) -> None:
    """The bot's own ids, made in #general, pressed in #quotes (which sees one document):
    nothing outside its reading list is shown, posted or saved (`settle` checks what is
    shown; `check_nothing_trusted` what is posted and saved)."""
    scoped = ring.actor("scoped")
    part = component(kind, custom_id, values)
    message = forge(ring, scoped, by_bot=True, embeds=[], part=part)
    before = snapshot(ring, scoped)
    reply = await settle(ring, await press(scoped, message, part, values), scoped)
    check_nothing_trusted(ring, scoped, custom_id, message, before, reply, may_pin=False)


async def test_a_pin_id_on_the_excerpt_it_names_does_pin(ring: Arena) -> None:
    """The control for the properties above: the same forged setup, legitimate, pins."""
    mod = ring.mod
    cid = "interests/intro/1"
    part = component(BUTTON, ids.make(ids.PIN, cid), [])
    message = forge(ring, mod, by_bot=True, embeds=excerpt_embeds(cid), part=part)
    before = snapshot(ring, mod)
    reply = await settle(ring, await press(mod, message, part, []), mod)
    assert "📌 Pinned." in reply.text
    check_nothing_trusted(ring, mod, part["custom_id"], message, before, reply, may_pin=True)
    await ring.fake.unpin(message)


async def test_each_kind_of_presser_is_refused_a_forged_id_politely(ring: Arena) -> None:
    """Example-based companion: every actor, a cut id and a foreign one."""
    for name, actor in ring.actors.items():
        for custom_id in ("xb:pin:interests/intro", "somebot:delete_all", "xb:find:x::q"):
            part = component(BUTTON, custom_id, [])
            message = forge(ring, actor, by_bot=True, embeds=[], part=part)
            reply = await settle(ring, await press(actor, message, part, []), actor)
            assert REFUSED in reply.text and reply.ephemeral, (name, custom_id)
