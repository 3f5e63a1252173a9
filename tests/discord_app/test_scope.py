"""Reading lists: channel entries override guild entries; threads follow their parent."""

from __future__ import annotations

from bot.config import ReadingList
from bot.discord_app.scope import ReadingLists
from bot.engine.library import Library
from tests.discord_app import payloads
from tests.discord_app.conftest import MakeHarness, default_settings, footer_cid, reply, text_of


def test_channel_overrides_guild_and_threads_follow_their_parent() -> None:
    lists = ReadingLists(
        [
            ReadingList(guild=1, documents=["a", "b"]),
            ReadingList(channel=10, documents=["C"]),
            ReadingList(channel=10, documents=["d", "c"]),
        ]
    )
    assert lists.documents(guild_id=1, channel_id=10) == ["c", "d"]
    assert lists.documents(guild_id=1, channel_id=11) == ["a", "b"]
    assert lists.documents(guild_id=1, channel_id=99, parent_id=10) == ["c", "d"]
    assert lists.documents(guild_id=2, channel_id=11) is None
    assert lists.documents(guild_id=None, channel_id=12) is None
    assert lists.names() == {"a", "b", "c", "d"}
    assert lists and not ReadingLists([])


def test_documents_the_corpus_lacks_are_left_out(bundled: Library) -> None:
    lists = ReadingLists([ReadingList(channel=10, documents=["atlantis", "disaster"])])
    allowed = lists.documents(guild_id=1, channel_id=10)
    assert lists.present(allowed, bundled) == ["disaster"]
    assert lists.present(None, bundled) is None
    only_missing = ReadingLists([ReadingList(channel=10, documents=["atlantis"])])
    assert only_missing.present(only_missing.documents(guild_id=1, channel_id=10), bundled) == []


async def test_a_reading_list_naming_a_missing_document_still_draws(
    harness_factory: MakeHarness,
) -> None:
    """A reading list may name a document the corpus lacks (a typo, or one a reload
    removed): /random draws from the others instead of failing."""
    settings = default_settings(
        reading_lists=[{"channel": payloads.CHANNEL_ID, "documents": ["atlantis", "disaster"]}]
    )
    harness = await harness_factory(settings)
    for _ in range(3):
        assert footer_cid(reply(await harness.command("random"))).startswith("disaster/")
    only_missing = await harness_factory(
        default_settings(reading_lists=[{"channel": payloads.CHANNEL_ID, "documents": ["x"]}])
    )
    answer = text_of(reply(await only_missing.command("random")))
    assert "There is no passage to choose from." in answer
