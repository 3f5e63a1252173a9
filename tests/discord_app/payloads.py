"""Gateway INTERACTION_CREATE payloads, shaped as Discord sends them."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

import discord

from tests.discord_app.fake_discord import APP_ID

GUILD_ID = 1_200_000_000_000_000_001
CHANNEL_ID = 1_200_000_000_000_000_002
OTHER_CHANNEL_ID = 1_200_000_000_000_000_003
THREAD_ID = 1_200_000_000_000_000_004
DM_CHANNEL_ID = 1_200_000_000_000_000_005
MEMBER_ID = 1_300_000_000_000_000_001
OTHER_MEMBER_ID = 1_300_000_000_000_000_002

P = discord.Permissions
MEMBER_PERMISSIONS = P(view_channel=True, send_messages=True, read_message_history=True).value
MODERATOR_PERMISSIONS = MEMBER_PERMISSIONS | P(pin_messages=True).value
MANAGER_PERMISSIONS = MEMBER_PERMISSIONS | P(manage_guild=True).value
BOT_PERMISSIONS = (
    MEMBER_PERMISSIONS | P(embed_links=True, pin_messages=True, send_messages_in_threads=True).value
)

_counter = itertools.count(1)


def user(user_id: int = MEMBER_ID, name: str = "member", global_name: str | None = None) -> dict:
    return {
        "id": str(user_id),
        "username": name,
        "discriminator": "0",
        "global_name": global_name,
        "avatar": None,
    }


def interaction(
    kind: int,
    data: dict[str, Any],
    *,
    guild_id: int | None = GUILD_ID,
    channel_id: int = CHANNEL_ID,
    thread: bool = False,
    who: dict[str, Any] | None = None,
    nick: str | None = None,
    permissions: int = MEMBER_PERMISSIONS,
    app_permissions: int = BOT_PERMISSIONS,
    message: dict[str, Any] | None = None,
) -> dict[str, Any]:
    who = who or user()
    interaction_id = discord.utils.time_snowflake(datetime.now(UTC)) + next(_counter)
    payload: dict[str, Any] = {
        "id": str(interaction_id),
        "application_id": str(APP_ID),
        "type": kind,
        "token": f"token-{interaction_id}",
        "version": 1,
        "attachment_size_limit": 8 * 1024 * 1024,
        "data": data,
        "app_permissions": str(app_permissions),
        "locale": "en-US",
        "entitlements": [],
        "authorizing_integration_owners": {"0": str(GUILD_ID)} if guild_id else {},
        "context": 0 if guild_id else 1,
    }
    if guild_id is not None:
        payload["guild_id"] = str(guild_id)
        payload["guild_locale"] = "en-US"
        if thread:
            payload["channel"] = {
                "id": str(channel_id),
                "type": 11,
                "guild_id": str(guild_id),
                "name": "a thread",
                "parent_id": str(CHANNEL_ID),
                "owner_id": str(MEMBER_ID),
                "thread_metadata": {
                    "archived": False,
                    "auto_archive_duration": 1440,
                    "archive_timestamp": datetime.now(UTC).isoformat(),
                    "locked": False,
                },
                "message_count": 0,
                "member_count": 1,
                "rate_limit_per_user": 0,
                "flags": 0,
            }
        else:
            payload["channel"] = {
                "id": str(channel_id),
                "type": 0,
                "guild_id": str(guild_id),
                "name": "reading-room",
                "position": 0,
                "permission_overwrites": [],
                "nsfw": False,
                "parent_id": None,
            }
        payload["member"] = {
            "user": who,
            "roles": [],
            "flags": 0,
            "permissions": str(permissions),
            "joined_at": datetime.now(UTC).isoformat(),
            "deaf": False,
            "mute": False,
            "nick": nick,
        }
    else:
        payload["channel"] = {"id": str(DM_CHANNEL_ID), "type": 1, "recipients": [who]}
        payload["user"] = who
    if message is not None:
        payload["message"] = message
    return payload


def slash(name: str, /, **options: Any) -> dict[str, Any]:
    """Slash command data: `slash("search", query="x", public=True)`."""
    return {
        "id": "1",
        "name": name,
        "type": 1,
        "options": [_option(key, value) for key, value in options.items()],
    }


def subcommand(group: str, name: str) -> dict[str, Any]:
    return {
        "id": "1",
        "name": group,
        "type": 1,
        "options": [{"name": name, "type": 1, "options": []}],
    }


def autocomplete(name: str, focused: str, value: str, /, **others: Any) -> dict[str, Any]:
    options = [_option(key, val) for key, val in others.items()]
    options.append({"name": focused, "type": 3, "value": value, "focused": True})
    return {"id": "1", "name": name, "type": 1, "options": options}


def _option(name: str, value: Any) -> dict[str, Any]:
    kind = 5 if isinstance(value, bool) else 4 if isinstance(value, int) else 3
    return {"name": name, "type": kind, "value": value}


def button(custom_id: str) -> dict[str, Any]:
    return {"custom_id": custom_id, "component_type": 2}


def select(custom_id: str, *values: str) -> dict[str, Any]:
    return {"custom_id": custom_id, "component_type": 3, "values": list(values)}


def message_menu(target: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": "1",
        "name": "Find source",
        "type": 3,
        "target_id": target["id"],
        "resolved": {"messages": {target["id"]: target}},
    }


def chat_message(content: str, *, embeds: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A member's message in the channel (the target of Find source)."""
    message_id = discord.utils.time_snowflake(datetime.now(UTC)) + next(_counter)
    return {
        "id": str(message_id),
        "channel_id": str(CHANNEL_ID),
        "type": 0,
        "content": content,
        "author": user(OTHER_MEMBER_ID, "someone"),
        "embeds": embeds or [],
        "components": [],
        "flags": 0,
        "pinned": False,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "timestamp": datetime.now(UTC).isoformat(),
        "edited_timestamp": None,
    }


def message_with(components: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
    """A message by the bot carrying `components` (rows), e.g. for a forged button."""
    message = chat_message("")
    message["author"] = {
        "id": str(APP_ID),
        "username": "Excerpts",
        "discriminator": "0",
        "global_name": None,
        "avatar": None,
        "bot": True,
    }
    message["components"] = components
    message.update(fields)
    return message


def row(*items: dict[str, Any]) -> dict[str, Any]:
    return {"type": 1, "components": list(items)}


def button_component(custom_id: str, label: str = "Press") -> dict[str, Any]:
    return {"type": 2, "style": 2, "label": label, "custom_id": custom_id}
