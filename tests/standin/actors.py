"""People using Discord: they run slash commands, click buttons and open menus.

Every action builds the INTERACTION_CREATE a real client would cause, sends it to the
bot over the shard that owns the guild, and waits for the bot's answer (a :class:`Reply`).
"""

from __future__ import annotations

import abc
import dataclasses
import secrets
from typing import TYPE_CHECKING, Any

from .exchanges import AUTOCOMPLETE, COMMAND, COMPONENT, Exchange, Reply
from .invocations import (
    Resolved,
    build_options,
    check_selection,
    command_path,
    find_button,
    find_select,
    nest,
)
from .models import Channel, Guild, Role, User
from .payloads import (
    CONTEXT_BOT_DM,
    CONTEXT_GUILD,
    channel_payload,
    interaction_payload,
    member_payload,
    user_payload,
)
from .permissions import BOT_DEFAULT, Perm, has
from .problems import JSON
from .world import StoredMessage

if TYPE_CHECKING:
    from .server import FakeDiscord

SLASH, USER_MENU, MESSAGE_MENU = 1, 2, 3
DISPATCH_TIMEOUT = 5.0
STRING_SELECT = 3


class CommandNotAvailable(Exception):
    """The Discord client would not offer this command to this user here."""


@dataclasses.dataclass(frozen=True)
class Place:
    """Where an actor acts and what Discord tells the bot about it."""

    channel: Channel
    context: int
    permissions: int
    app_permissions: int
    guild: Guild | None = None
    member: JSON | None = None
    user: JSON | None = None


class Actor(abc.ABC):
    """Base of :class:`Member` (in a guild channel) and :class:`DmUser` (in a DM)."""

    def __init__(self, discord_: FakeDiscord, user: User) -> None:
        self.discord = discord_
        self.user = user

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.user.name} ({self.user.id})>"

    @property
    def mention(self) -> str:
        return f"<@{self.user.id}>"

    @abc.abstractmethod
    def place(self) -> Place:
        """Where this actor acts, as the interaction payload will describe it."""

    def member_json(self) -> JSON | None:
        return None

    # -- writing in the channel ----------------------------------------------------------

    def post(self, content: str) -> StoredMessage:
        """Write a plain message where this actor is (stored; the bot gets no event)."""
        return self.discord.world.post(self.place().channel, self.user, {"content": content})

    # -- commands ------------------------------------------------------------------------

    async def slash(self, command: str, *, timeout: float = 5.0, **options: Any) -> Reply:
        """Run ``/command`` (words after the first name sub-commands) and wait for the answer."""
        reply = await self.start_slash(command, **options)
        return await reply.wait(timeout)

    async def start_slash(self, command: str, **options: Any) -> Reply:
        """Like :meth:`slash` but return as soon as the interaction is dispatched."""
        return await self._interact(COMMAND, self._slash_data(command, options))

    async def autocomplete(
        self, command: str, option: str, typed: str, *, timeout: float = 5.0, **options: Any
    ) -> list[JSON]:
        """Type ``typed`` into ``option`` of ``/command`` and return the offered choices."""
        reply = await self.start_autocomplete(command, option, typed, **options)
        return (await reply.wait(timeout)).choices

    async def start_autocomplete(
        self, command: str, option: str, typed: str, **options: Any
    ) -> Reply:
        """Like :meth:`autocomplete` but return as soon as the interaction is dispatched."""
        data = self._slash_data(command, options, focused=(option, typed))
        return await self._interact(AUTOCOMPLETE, data)

    async def message_menu(
        self, name: str, message: StoredMessage | Reply, *, timeout: float = 5.0
    ) -> Reply:
        """Apps › ``name`` on a message."""
        target = _as_message(message)
        data = self._command_data(self._command(name, MESSAGE_MENU), None)
        data.update(
            target_id=str(target.id),
            resolved={"messages": {str(target.id): target.payload}},
        )
        return await (await self._interact(COMMAND, data)).wait(timeout)

    async def user_menu(self, name: str, target: Actor, *, timeout: float = 5.0) -> Reply:
        """Apps › ``name`` on a user."""
        resolved = Resolved(self.place().permissions)
        target_id = resolved.add(target)
        data = self._command_data(self._command(name, USER_MENU), None)
        data.update(target_id=target_id, resolved=resolved.payload())
        return await (await self._interact(COMMAND, data)).wait(timeout)

    # -- components ----------------------------------------------------------------------

    async def click(
        self, message: StoredMessage | Reply, button: str, *, timeout: float = 5.0
    ) -> Reply:
        """Press the button labelled ``button`` (or with that emoji name or custom_id)."""
        target = _as_message(message)
        found = find_button(target, button)
        data = {"custom_id": found["custom_id"], "component_type": 2}
        return await (await self._interact(COMPONENT, data, message=target)).wait(timeout)

    async def select(
        self,
        message: StoredMessage | Reply,
        values: list[str],
        *,
        custom_id: str | None = None,
        timeout: float = 5.0,
    ) -> Reply:
        """Pick ``values`` in a string select (the first one, or the one with ``custom_id``)."""
        target = _as_message(message)
        found = find_select(target, custom_id)
        if found.get("type") != STRING_SELECT:
            raise ValueError("only string selects can be driven by the stand-in")
        check_selection(found, values)
        data = {"custom_id": found["custom_id"], "component_type": STRING_SELECT, "values": values}
        return await (await self._interact(COMPONENT, data, message=target)).wait(timeout)

    # -- plumbing ------------------------------------------------------------------------

    def _slash_data(
        self, command: str, options: dict[str, Any], focused: tuple[str, str] | None = None
    ) -> JSON:
        name, *words = command.split()
        definition = self._command(name, SLASH)
        chain, leaf = command_path(definition, words)
        resolved = Resolved(self.place().permissions)
        values = build_options(leaf, options, resolved, focused=focused)
        data = self._command_data(definition, nest(chain, values))
        if resolved.payload():
            data["resolved"] = resolved.payload()
        return data

    def _command(self, name: str, kind: int) -> JSON:
        place = self.place()
        guild_id = place.guild.id if place.guild else None
        definition = self.discord.commands.find(name, kind, guild_id)
        if definition is None:
            raise ValueError(f"no synced command {name!r} of type {kind} (did the bot sync?)")
        if place.context not in definition["contexts"] or (
            place.guild is None and ("guild_id" in definition or not definition["dm_permission"])
        ):
            raise CommandNotAvailable(f"{name!r} is not offered in context {place.context}")
        required = definition.get("default_member_permissions")
        if place.guild is not None and required is not None:
            needed = int(required)
            # "0" hides a command from everyone but administrators.
            allowed = (
                has(place.permissions, needed)
                if needed
                else bool(place.permissions & Perm.ADMINISTRATOR)
            )
            if not allowed:
                raise CommandNotAvailable(f"{name!r} needs permissions {required}")
        return definition

    @staticmethod
    def _command_data(definition: JSON, options: list[JSON] | None) -> JSON:
        data: JSON = {
            "id": definition["id"],
            "name": definition["name"],
            "type": definition["type"],
        }
        if options is not None:
            data["options"] = options
        if "guild_id" in definition:
            data["guild_id"] = definition["guild_id"]
        return data

    async def _interact(
        self, kind: int, data: JSON, *, message: StoredMessage | None = None
    ) -> Reply:
        discord_ = self.discord
        place = self.place()
        interaction_id = discord_.ids.next()
        payload = interaction_payload(
            interaction_id=interaction_id,
            application_id=discord_.application_id,
            kind=kind,
            token=secrets.token_urlsafe(48),
            data=data,
            channel=channel_payload(place.channel, permissions=place.permissions),
            app_permissions=place.app_permissions,
            context=place.context,
            guild=place.guild,
            member=place.member,
            user=place.user,
            message=None if message is None else message.payload,
        )
        exchange = discord_.exchanges.open(
            Exchange(
                id=interaction_id,
                token=payload["token"],
                kind=kind,
                payload=payload,
                channel_id=place.channel.id,
                dispatched_at=discord_.clock.now(),
                component_message_id=None if message is None else message.id,
            )
        )
        guild_id = place.guild.id if place.guild else None
        await discord_.gateway.dispatch(
            "INTERACTION_CREATE", payload, guild_id=guild_id, timeout=DISPATCH_TIMEOUT
        )
        return discord_.reply_for(exchange)


class Member(Actor):
    """A member of a guild, acting in one of its channels with given permissions there."""

    def __init__(
        self,
        discord_: FakeDiscord,
        user: User,
        guild: Guild,
        channel: Channel,
        *,
        permissions: int,
        roles: list[Role],
    ) -> None:
        super().__init__(discord_, user)
        self.guild = guild
        self.channel = channel
        self.permissions = int(permissions)
        self.roles = roles

    def in_channel(self, channel: Channel) -> Member:
        """The same member, acting in another channel (same permissions)."""
        return Member(
            self.discord,
            self.user,
            self.guild,
            channel,
            permissions=self.permissions,
            roles=self.roles,
        )

    def member_json(self) -> JSON:
        joined_at = self.discord.world.join(self.guild, self.user)
        role_ids = [role.id for role in self.roles]
        return member_payload(self.user, role_ids, joined_at, permissions=self.permissions)

    def place(self) -> Place:
        return Place(
            channel=self.channel,
            context=CONTEXT_GUILD,
            permissions=self.permissions,
            app_permissions=self.guild.bot_permissions,
            guild=self.guild,
            member=self.member_json(),
        )


class DmUser(Actor):
    """Someone in a direct message with the bot."""

    def place(self) -> Place:
        return Place(
            channel=self.discord.world.open_dm(self.user),
            context=CONTEXT_BOT_DM,
            permissions=0,
            app_permissions=int(BOT_DEFAULT),
            user=user_payload(self.user),
        )


def _as_message(message: StoredMessage | Reply) -> StoredMessage:
    if isinstance(message, Reply):
        if message.message is None:
            raise ValueError(f"{message!r} has no message to act on")
        return message.message
    return message
