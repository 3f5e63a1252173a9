"""Hostile input through the stand-in, property-based: whatever a member types into any
command or autocomplete, from a known guild, an unknown one, a DM, or with no permissions
at all, gets an answer within 3 s that fits Discord's limits, pings no one, logs no error,
and never shows a channel what its reading list hides.

One bot serves the whole module (see `hostile.arena`); hypothesis drives it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from hypothesis import given
from hypothesis import strategies as st

from bot.rendering.answers import MAX_CITATIONS, MAX_QUERY
from tests.e2e.conftest import cited, select_values
from tests.e2e.hostile import (
    ACTOR_NAMES,
    EXAMPLES,
    SCOPED_DOCUMENT,
    Arena,
    arena,
    citation_input,
    hostile_text,
    in_scope,
    in_unknown_guild,
    is_private_notice,
    lower_ids,
    real_documents,
    real_id_list,
    settle,
)
from tests.standin import MEMBER_DEFAULT, Perm

pytestmark = pytest.mark.asyncio(loop_scope="module")

ACTORS = st.sampled_from(ACTOR_NAMES)
MANAGER = Perm.MANAGE_GUILD
PUBLIC = st.sampled_from((None, True, False))
DOCUMENT = st.one_of(
    st.none(), st.deferred(lambda: st.sampled_from(real_documents())), hostile_text(max_size=100)
)
OPTION_TEXT = hostile_text(max_size=100)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def ring(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Arena]:
    async with arena(tmp_path_factory.mktemp("hostile-input")) as opened:
        yield opened


def options(**values: Any) -> dict[str, Any]:
    """Only the options the member filled in."""
    return {name: value for name, value in values.items() if value is not None}


async def test_the_unknown_guild_is_unknown_to_the_bot(ring: Arena) -> None:
    """The premise of the `stranger` actor: no GUILD_CREATE ever reached the bot for it."""
    assert in_unknown_guild(ring)
    stranger = ring.actor("stranger")
    reply = await settle(ring, await stranger.start_slash("cite", id="interests/intro/1"), stranger)
    assert cited(reply) == ["interests/intro/1"]


@EXAMPLES
@given(who=ACTORS, query=hostile_text(max_size=MAX_QUERY), document=DOCUMENT, public=PUBLIC)
async def test_any_search(
    ring: Arena, who: str, query: str, document: str | None, public: bool | None
) -> None:
    actor = ring.actor(who)
    pending = await actor.start_slash(
        "search", **options(query=query, document=document, public=public)
    )
    reply = await settle(ring, pending, actor)
    assert reply.message is not None
    if reply.message.selects():
        assert reply.ephemeral or public is True, "private unless asked otherwise"


@EXAMPLES
@given(who=ACTORS, name=hostile_text(max_size=MAX_QUERY), public=PUBLIC)
async def test_any_topic_name(ring: Arena, who: str, name: str, public: bool | None) -> None:
    actor = ring.actor(who)
    reply = await settle(
        ring, await actor.start_slash("topic", **options(name=name, public=public)), actor
    )
    assert reply.message is not None
    if not cited(reply):
        assert is_private_notice(reply), "no topic: a private notice, not a public message"


@EXAMPLES
@given(who=ACTORS, typed=citation_input(), public=PUBLIC)
async def test_any_citation_ids(ring: Arena, who: str, typed: str, public: bool | None) -> None:
    actor = ring.actor(who)
    reply = await settle(
        ring, await actor.start_slash("cite", **options(id=typed, public=public)), actor
    )
    assert reply.message is not None
    shown = cited(reply)
    assert len(shown) <= 10
    assert len(set(shown)) == len(shown), "a passage shown twice"
    if not shown:
        assert is_private_notice(reply), reply.text


@EXAMPLES
@given(who=ACTORS, ids=real_id_list(), separator=st.sampled_from((" ", ", ", ";", "\n")))
async def test_several_real_citation_ids_come_back_in_order(
    ring: Arena, who: str, ids: list[str], separator: str
) -> None:
    """Real ids (repeated, more than 10, in any place): the passages in the order typed,
    each once, at most 10; in #quotes only the ones on its reading list."""
    actor = ring.actor(who)
    typed = ids[0]
    for cid in ids[1:]:
        if len(typed) + len(separator) + len(cid) <= MAX_CITATIONS:  # never cut inside an id
            typed += separator + cid
    reply = await settle(ring, await actor.start_slash("cite", id=typed), actor)
    unique: list[str] = []
    for cid in lower_ids(typed):
        if cid not in unique:
            unique.append(cid)
    wanted = [cid for cid in unique[:10] if who != "scoped" or in_scope(cid)]
    assert cited(reply) == wanted


@EXAMPLES
@given(
    who=ACTORS,
    where=st.sampled_from(
        (
            ("search", "document"),
            ("topic", "name"),
            ("random", "document"),
            ("random", "topic"),
            ("cite", "id"),
            ("documents", "document"),
        )
    ),
    typed=st.one_of(st.just(""), hostile_text(max_size=MAX_QUERY)),
    document=DOCUMENT,
)
async def test_any_autocomplete_input(
    ring: Arena, who: str, where: tuple[str, str], typed: str, document: str | None
) -> None:
    command, option = where
    actor = ring.actor(who)
    filled = options(document=document) if (command, option) == ("random", "topic") else {}
    pending = await actor.start_autocomplete(command, option, typed, **filled)
    reply = await settle(ring, pending, actor)
    choices = reply.choices
    assert len(choices) <= 25
    if who == "scoped" and option == "id":
        assert all(in_scope(lower_ids(str(c["value"]))[-1]) for c in choices)


@EXAMPLES
@given(who=ACTORS, document=DOCUMENT, topic=st.one_of(st.none(), OPTION_TEXT), public=PUBLIC)
async def test_any_random_filter(
    ring: Arena, who: str, document: str | None, topic: str | None, public: bool | None
) -> None:
    actor = ring.actor(who)
    pending = await actor.start_slash(
        "random", **options(document=document, topic=topic, public=public)
    )
    reply = await settle(ring, pending, actor)
    assert cited(reply) or is_private_notice(reply)


@EXAMPLES
@given(who=ACTORS, document=DOCUMENT)
async def test_any_documents_argument(ring: Arena, who: str, document: str | None) -> None:
    actor = ring.actor(who)
    reply = await settle(
        ring, await actor.start_slash("documents", **options(document=document)), actor
    )
    assert reply.ephemeral
    if who == "scoped":
        assert SCOPED_DOCUMENT in reply.text or is_private_notice(reply)


@EXAMPLES
@given(who=ACTORS, said=hostile_text(max_size=2000))
async def test_find_source_on_any_message(ring: Arena, who: str, said: str) -> None:
    actor = ring.actor(who)
    message = actor.post(said)
    reply = await actor.message_menu("Find source", message)
    await settle(ring, reply, actor)
    assert reply.ephemeral


async def test_members_without_permissions_still_read(ring: Arena) -> None:
    """No permission bits at all in the channel: reading is still answered (Discord decides
    who may run a command; the bot does not ask for more than it needs)."""
    bare = ring.actor("bare")
    reply = await settle(ring, await bare.start_slash("search", query="security"), bare)
    assert select_values(reply)
    opened = await bare.select(reply, [select_values(reply)[0]])
    await settle(ring, opened, bare)
    refused = await bare.click(opened, "Post to channel")
    await settle(ring, refused, bare)
    assert is_private_notice(refused)
    assert "you need **Send Messages**" in refused.text


async def test_a_reload_in_a_guild_the_bot_never_saw_keeps_its_pins_tracked(ring: Arena) -> None:
    """A moderator of the unknown guild pins an excerpt, then reloads: the bot has no
    channel list for that guild, so it cannot read its pins. The report says so, and the
    channel is not forgotten (a later reload, once Discord sent the guild, checks it)."""
    boss = ring.fake.member(
        ring.unknown_guild, "boss", permissions=MEMBER_DEFAULT | Perm.PIN_MESSAGES | MANAGER
    )
    excerpt = await settle(ring, await boss.start_slash("cite", id="interests/intro/1"), boss)
    pinned = await boss.click(excerpt, "Pin")
    assert "📌 Pinned." in pinned.text
    store = ring.bot.state.store
    assert store.pinned_channels(ring.unknown_guild.id) == {boss.channel.id}
    report = await settle(ring, await boss.start_slash("corpus reload"), boss, timeout=15)
    reloaded, pins = report.embeds
    assert reloaded["title"] == "Corpus reloaded"
    assert "has not sent me this server's channels" in pins["description"]
    assert store.pinned_channels(ring.unknown_guild.id) == {boss.channel.id}
