"""The stand-in's memory: guilds, channels, threads, DMs, messages and pins."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .clock import Clock
from .ids import Snowflakes, created_at
from .models import DM, GUILD_TEXT, Channel, Guild, Pin, Role, User
from .payloads import channel_payload, iso, user_payload
from .permissions import BOT_DEFAULT, Perm
from .problems import JSON
from .validate_messages import FLAG_COMPONENTS_V2, FLAG_EPHEMERAL, FLAG_LOADING

MAX_PINS = 250
FLAG_SUPPRESS_EMBEDS = 1 << 2
FLAG_SUPPRESS_NOTIFICATIONS = 1 << 12
SENDABLE_FLAGS = (
    FLAG_SUPPRESS_EMBEDS | FLAG_EPHEMERAL | FLAG_SUPPRESS_NOTIFICATIONS | FLAG_COMPONENTS_V2
)
EDITABLE_FLAGS = FLAG_SUPPRESS_EMBEDS | FLAG_COMPONENTS_V2
EVERYONE_DEFAULT = (
    Perm.VIEW_CHANNEL
    | Perm.SEND_MESSAGES
    | Perm.READ_MESSAGE_HISTORY
    | Perm.USE_APPLICATION_COMMANDS
)


class PinLimitReached(Exception):
    """The channel already holds :data:`MAX_PINS` pins (Discord error 30003)."""


class StoredMessage:
    """A live view of one message the stand-in holds; later edits show through."""

    def __init__(self, world: World, message_id: int) -> None:
        self._world = world
        self.id = message_id

    def __repr__(self) -> str:
        return f"<StoredMessage {self.id} content={self.content!r} flags={self.flags}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StoredMessage) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    @property
    def payload(self) -> JSON:
        """The message as Discord would send it (a copy)."""
        return dict(self._world.messages[self.id])

    @property
    def channel_id(self) -> int:
        return int(self._world.messages[self.id]["channel_id"])

    @property
    def content(self) -> str:
        return str(self._world.messages[self.id]["content"])

    @property
    def embeds(self) -> list[JSON]:
        return list(self._world.messages[self.id]["embeds"])

    @property
    def components(self) -> list[JSON]:
        return list(self._world.messages[self.id]["components"])

    @property
    def flags(self) -> int:
        return int(self._world.messages[self.id]["flags"])

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & FLAG_EPHEMERAL)

    @property
    def pinned(self) -> bool:
        return bool(self._world.messages[self.id]["pinned"])

    @property
    def author_id(self) -> int:
        return int(self._world.messages[self.id]["author"]["id"])

    @property
    def deleted(self) -> bool:
        return self.id in self._world.deleted

    @property
    def text(self) -> str:
        """Content plus every embed's title, description and fields, for easy assertions."""
        parts = [self.content]
        for embed in self.embeds:
            parts += [str(embed.get("title") or ""), str(embed.get("description") or "")]
            for field in embed.get("fields") or []:
                parts += [str(field.get("name") or ""), str(field.get("value") or "")]
        return "\n".join(part for part in parts if part)

    def buttons(self) -> list[JSON]:
        return [c for c in walk_components(self.components) if c.get("type") == 2]

    def selects(self) -> list[JSON]:
        return [c for c in walk_components(self.components) if c.get("type") in (3, 5, 6, 7, 8)]


def walk_components(components: list[Any]) -> list[JSON]:
    """Every component in a tree of rows, containers and sections, depth first."""
    found: list[JSON] = []
    for component in components:
        if not isinstance(component, dict):
            continue
        found.append(component)
        found.extend(walk_components(component.get("components") or []))
        if isinstance(component.get("accessory"), dict):
            found.append(component["accessory"])
    return found


def merged_edit(payload: JSON, data: JSON, uploads: list[JSON]) -> JSON:
    """``payload`` after a PATCH with ``data`` (fields absent from ``data`` are kept)."""
    new = dict(payload)
    for key, empty in (("content", ""), ("embeds", []), ("components", [])):
        if key in data:
            new[key] = data[key] or empty
    if "attachments" in data:
        kept = {str(item.get("id")) for item in data["attachments"] or []}
        new["attachments"] = [a for a in payload["attachments"] if a["id"] in kept] + uploads
    flags = payload["flags"] & ~EDITABLE_FLAGS & ~FLAG_LOADING
    if "flags" in data:
        flags |= (data["flags"] or 0) & EDITABLE_FLAGS
    else:
        flags |= payload["flags"] & EDITABLE_FLAGS
    new["flags"] = flags
    return new


class World:
    def __init__(self, ids: Snowflakes, clock: Clock, bot: User, owner: User) -> None:
        self.ids = ids
        self.clock = clock
        self.bot = bot
        self.owner = owner
        self.users: dict[int, User] = {bot.id: bot, owner.id: owner}
        self.guilds: dict[int, Guild] = {}
        self.channels: dict[int, Channel] = {}
        self.messages: dict[int, JSON] = {}
        self.deleted: set[int] = set()
        self.joined_at: dict[tuple[int, int], dt.datetime] = {}
        self._last_pin_at = dt.datetime.min.replace(tzinfo=dt.UTC)

    # -- people and places -------------------------------------------------------------

    def add_user(self, name: str) -> User:
        user = User(self.ids.next(), name)
        self.users[user.id] = user
        return user

    def add_guild(
        self,
        name: str,
        *,
        channels: tuple[str, ...] | list[str] = ("general",),
        everyone_permissions: int = EVERYONE_DEFAULT,
        bot_permissions: int = BOT_DEFAULT,
        shard: tuple[int, int] | None = None,
    ) -> Guild:
        """A guild the bot is in; ``shard=(shard_id, count)`` picks an id on that shard."""
        guild_id = self.ids.next_on_shard(*shard) if shard else self.ids.next()
        bot_role = Role(self.ids.next(), self.bot.name, int(bot_permissions), 1, managed=True)
        guild = Guild(
            id=guild_id,
            name=name,
            owner_id=self.owner.id,
            everyone_permissions=int(everyone_permissions),
            bot_permissions=int(bot_permissions),
            bot_role_id=bot_role.id,
            roles=[Role(guild_id, "@everyone", int(everyone_permissions)), bot_role],
        )
        self.guilds[guild.id] = guild
        for channel_name in channels:
            self.add_channel(guild, channel_name)
        return guild

    def add_channel(self, guild: Guild, name: str) -> Channel:
        channel = Channel(self.ids.next(), GUILD_TEXT, name, guild.id, len(guild.channels))
        guild.channels.append(channel)
        self.channels[channel.id] = channel
        return channel

    def add_role(self, guild: Guild, name: str, permissions: int = 0) -> Role:
        role = Role(self.ids.next(), name, int(permissions), len(guild.roles))
        guild.roles.append(role)
        return role

    def join(self, guild: Guild, user: User) -> dt.datetime:
        return self.joined_at.setdefault((guild.id, user.id), self.clock.utcnow())

    def open_dm(self, user: User) -> Channel:
        for channel in self.channels.values():
            if channel.type == DM and channel.recipients == [user]:
                return channel
        channel = Channel(self.ids.next(), DM, "", None, recipients=[user])
        self.channels[channel.id] = channel
        return channel

    def create_thread(
        self, parent: Channel, name: str, *, kind: int, owner: User, thread_id: int | None = None
    ) -> Channel:
        if parent.guild_id is None:
            raise ValueError("threads live in guild channels")
        guild = self.guilds[parent.guild_id]
        thread = Channel(
            thread_id or self.ids.next(),
            kind,
            name,
            guild.id,
            parent_id=parent.id,
            owner_id=owner.id,
        )
        guild.threads.append(thread)
        self.channels[thread.id] = thread
        if thread_id is not None:
            self.messages[thread_id]["thread"] = channel_payload(thread)
        return thread

    def bot_permissions_in(self, channel: Channel) -> int:
        if channel.guild_id is None:
            return int(BOT_DEFAULT)
        return self.guilds[channel.guild_id].bot_permissions

    # -- messages ----------------------------------------------------------------------

    def post(
        self,
        channel: Channel,
        author: User,
        data: JSON,
        *,
        kind: int = 0,
        flags: int = 0,
        attachments: list[JSON] | None = None,
        extra: JSON | None = None,
    ) -> StoredMessage:
        """Store a new message in ``channel`` (ephemeral ones stay out of its history)."""
        message_id = self.ids.next()
        payload: JSON = {
            "id": str(message_id),
            "channel_id": str(channel.id),
            "type": kind,
            "author": user_payload(author),
            "content": data.get("content") or "",
            "embeds": data.get("embeds") or [],
            "components": data.get("components") or [],
            "attachments": attachments or [],
            "flags": ((data.get("flags") or 0) & SENDABLE_FLAGS) | flags,
            "pinned": False,
            "tts": bool(data.get("tts")),
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "timestamp": iso(created_at(message_id)),
            "edited_timestamp": None,
            **(extra or {}),
        }
        if channel.guild_id is not None:
            payload["guild_id"] = str(channel.guild_id)
        reference = data.get("message_reference")
        if reference:
            payload["message_reference"] = {
                "message_id": str(reference.get("message_id")),
                "channel_id": str(reference.get("channel_id") or channel.id),
                "type": 0,
            }
            payload["type"] = 19
        self.messages[message_id] = payload
        if not payload["flags"] & FLAG_EPHEMERAL:
            channel.message_ids.append(message_id)
        return StoredMessage(self, message_id)

    def replace(self, message_id: int, payload: JSON) -> StoredMessage:
        payload["edited_timestamp"] = iso(self.clock.utcnow())
        self.messages[message_id] = payload
        return StoredMessage(self, message_id)

    def delete(self, message_id: int) -> None:
        self.deleted.add(message_id)
        channel = self.channels[int(self.messages[message_id]["channel_id"])]
        if message_id in channel.message_ids:
            channel.message_ids.remove(message_id)
        channel.pins = [pin for pin in channel.pins if pin.message_id != message_id]

    def message(self, message_id: int) -> StoredMessage:
        if message_id not in self.messages:
            raise KeyError(f"no message {message_id}")
        return StoredMessage(self, message_id)

    def channel_message(self, channel: Channel, message_id: int) -> StoredMessage | None:
        """A message as the channel routes see it: not deleted, not ephemeral."""
        if message_id in channel.message_ids and message_id not in self.deleted:
            return StoredMessage(self, message_id)
        return None

    def attachment(self, channel_id: int, filename: str, size: int, content_type: str) -> JSON:
        attachment_id = self.ids.next()
        url = f"https://cdn.discordapp.com/attachments/{channel_id}/{attachment_id}/{filename}"
        return {
            "id": str(attachment_id),
            "filename": filename,
            "size": size,
            "url": url,
            "proxy_url": url.replace("cdn.discordapp.com", "media.discordapp.net"),
            "content_type": content_type,
        }

    # -- pins --------------------------------------------------------------------------

    def pin(self, channel: Channel, message_id: int) -> None:
        """Pin a message (pinning it again changes nothing)."""
        if any(pin.message_id == message_id for pin in channel.pins):
            return
        if len(channel.pins) >= MAX_PINS:
            raise PinLimitReached
        pinned_at = max(self.clock.utcnow(), self._last_pin_at + dt.timedelta(microseconds=1))
        self._last_pin_at = pinned_at
        channel.pins.append(Pin(message_id, pinned_at))
        self.messages[message_id]["pinned"] = True

    def unpin(self, channel: Channel, message_id: int) -> None:
        channel.pins = [pin for pin in channel.pins if pin.message_id != message_id]
        self.messages[message_id]["pinned"] = False

    def pins_page(
        self, channel: Channel, *, before: dt.datetime | None, limit: int
    ) -> tuple[list[Pin], bool]:
        """Newest pin first, pinned strictly before ``before``; and whether more remain."""
        pins = sorted(channel.pins, key=lambda pin: pin.pinned_at, reverse=True)
        if before is not None:
            pins = [pin for pin in pins if pin.pinned_at < before]
        return pins[:limit], len(pins) > limit
