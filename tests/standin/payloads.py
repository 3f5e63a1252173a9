"""Discord JSON shapes, built from the stand-in's models.

Only the fields discord.py reads (or Discord always sends) are filled in; ids are strings,
permissions decimal strings, timestamps ISO 8601, as on the wire.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .ids import created_at
from .models import DM, Channel, Guild, Role, User
from .problems import JSON

ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024
CONTEXT_GUILD, CONTEXT_BOT_DM = 0, 1


def iso(moment: dt.datetime) -> str:
    return moment.isoformat()


def user_payload(user: User) -> JSON:
    return {
        "id": str(user.id),
        "username": user.name,
        "global_name": user.name,
        "discriminator": "0",
        "avatar": None,
        "bot": user.bot,
        "public_flags": 0,
    }


def role_payload(role: Role) -> JSON:
    return {
        "id": str(role.id),
        "name": role.name,
        "permissions": str(role.permissions),
        "position": role.position,
        "color": 0,
        "hoist": False,
        "managed": role.managed,
        "mentionable": False,
        "icon": None,
        "unicode_emoji": None,
        "flags": 0,
    }


def channel_payload(channel: Channel, *, permissions: int | None = None) -> JSON:
    """A channel object; ``permissions`` is added where Discord resolves it for a user."""
    data: JSON = {
        "id": str(channel.id),
        "type": channel.type,
        "last_message_id": str(channel.message_ids[-1]) if channel.message_ids else None,
        "flags": 0,
    }
    if channel.type == DM:
        data["recipients"] = [user_payload(user) for user in channel.recipients]
    else:
        data.update(
            name=channel.name,
            guild_id=str(channel.guild_id),
            position=channel.position,
            parent_id=str(channel.parent_id) if channel.parent_id else None,
            permission_overwrites=[],
            nsfw=False,
            topic=None,
            rate_limit_per_user=0,
        )
    if channel.is_thread:
        created = iso(created_at(channel.id))
        data.update(
            owner_id=str(channel.owner_id),
            message_count=len(channel.message_ids),
            member_count=1,
            total_message_sent=len(channel.message_ids),
            thread_metadata={
                "archived": False,
                "auto_archive_duration": 1440,
                "archive_timestamp": created,
                "locked": False,
                "create_timestamp": created,
            },
        )
    if permissions is not None:
        data["permissions"] = str(permissions)
    return data


def member_payload(
    user: User, role_ids: list[int], joined_at: dt.datetime, *, permissions: int | None = None
) -> JSON:
    data: JSON = {
        "user": user_payload(user),
        "roles": [str(role_id) for role_id in role_ids],
        "nick": None,
        "avatar": None,
        "joined_at": iso(joined_at),
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "pending": False,
        "flags": 0,
    }
    if permissions is not None:
        data["permissions"] = str(permissions)
    return data


def guild_payload(guild: Guild) -> JSON:
    """The guild object of ``GET /guilds/{id}``."""
    return {
        "id": str(guild.id),
        "name": guild.name,
        "icon": None,
        "owner_id": str(guild.owner_id),
        "roles": [role_payload(role) for role in guild.roles],
        "emojis": [],
        "stickers": [],
        "features": [],
        "preferred_locale": guild.locale,
        "verification_level": 0,
        "default_message_notifications": 1,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "premium_tier": 0,
        "system_channel_id": None,
        "afk_channel_id": None,
        "afk_timeout": 300,
    }


def guild_create_payload(guild: Guild, bot: User) -> JSON:
    """GUILD_CREATE: the guild plus channels, threads and the bot's own member."""
    joined_at = created_at(guild.id)
    bot_member = member_payload(bot, [guild.bot_role_id], joined_at)
    return {
        **guild_payload(guild),
        "unavailable": False,
        "large": False,
        "member_count": 2,
        "joined_at": iso(joined_at),
        "channels": [channel_payload(channel) for channel in guild.channels],
        "threads": [channel_payload(thread) for thread in guild.threads],
        "members": [bot_member],
        "voice_states": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
    }


def application_payload(application_id: int, name: str, owner: User) -> JSON:
    return {
        "id": str(application_id),
        "name": name,
        "description": "",
        "icon": None,
        "bot_public": True,
        "bot_require_code_grant": False,
        "owner": user_payload(owner),
        "verify_key": "0" * 64,
        "flags": 0,
        "team": None,
    }


def interaction_payload(
    *,
    interaction_id: int,
    application_id: int,
    kind: int,
    token: str,
    data: JSON,
    channel: JSON,
    app_permissions: int,
    context: int,
    guild: Guild | None = None,
    member: JSON | None = None,
    user: JSON | None = None,
    message: JSON | None = None,
) -> JSON:
    """INTERACTION_CREATE's ``d``: in a guild pass ``guild`` and ``member``, in a DM ``user``."""
    payload: dict[str, Any] = {
        "id": str(interaction_id),
        "application_id": str(application_id),
        "type": kind,
        "token": token,
        "version": 1,
        "data": data,
        "channel_id": channel["id"],
        "channel": channel,
        "app_permissions": str(app_permissions),
        "locale": "en-US",
        "entitlements": [],
        "entitlement_sku_ids": [],
        "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
        "context": context,
    }
    if guild is not None:
        payload.update(
            guild_id=str(guild.id),
            guild={"id": str(guild.id), "locale": guild.locale, "features": []},
            guild_locale=guild.locale,
            member=member,
            authorizing_integration_owners={"0": str(guild.id)},
        )
    else:
        payload.update(user=user, authorizing_integration_owners={"0": "0"})
    if message is not None:
        payload["message"] = message
    return payload
