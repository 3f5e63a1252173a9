"""Reading lists: channel entries override guild entries; threads follow their parent."""

from __future__ import annotations

from bot.config import ReadingList
from bot.discord_app.scope import ReadingLists


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
