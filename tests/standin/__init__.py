"""A local stand-in for Discord that the real discord.py client can run against.

Typical use (see :mod:`.fixtures` for the pytest side)::

    async with FakeDiscord() as discord_:            # serves and redirects discord.py
        guild = discord_.add_guild("Study Group")     # before the bot connects
        async with running_bot(make_my_bot(), discord_) as bot:
            await bot.tree.sync()
            alice = discord_.member(guild, "alice", permissions=MEMBER_DEFAULT)
            reply = await alice.slash("search", query="safety", public=True)
            assert not reply.ephemeral and "safety" in reply.text
            await alice.click(reply, "Next")
        discord_.violations.assert_empty()

Everything the bot does that Discord would refuse (or that breaks the project's no-ping
rule) lands in ``discord_.violations``.
"""

from .actors import Actor, CommandNotAvailable, DmUser, Member
from .exchanges import NoResponse, Reply
from .harness import running_bot
from .models import Channel, Guild, Role, User
from .permissions import BOT_DEFAULT, MEMBER_DEFAULT, Perm
from .problems import Kind, Violation
from .server import FakeDiscord, RequestRecord
from .waiting import wait_until
from .world import StoredMessage

__all__ = [
    "BOT_DEFAULT",
    "MEMBER_DEFAULT",
    "Actor",
    "Channel",
    "CommandNotAvailable",
    "DmUser",
    "FakeDiscord",
    "Guild",
    "Kind",
    "Member",
    "NoResponse",
    "Perm",
    "Reply",
    "RequestRecord",
    "Role",
    "StoredMessage",
    "User",
    "Violation",
    "running_bot",
    "wait_until",
]
