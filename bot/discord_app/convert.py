"""`bot.rendering` messages → discord.py objects, and what an answer amounts to.

Buttons and selects are rendered into a *stopped* `discord.ui.View`: discord.py then sends
its components but keeps no per-message state for it. Every click is dispatched by the
`DynamicItem` templates registered at startup (see `buttons.py`), so a button works the same
whether this process sent it or one that ran before a restart.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import discord

from bot.rendering.excerpts import ERROR_COLOR, NOTICE_COLOR
from bot.rendering.message import Button, Message, Select

NO_MENTIONS = discord.AllowedMentions.none()
"""Sent with every message, edit and follow-up (and set as the bot's default)."""


class Outcome(StrEnum):
    """What the user got, as logged once per command or button."""

    OK = "ok"
    EMPTY = "empty"
    REFUSED = "refused"
    ERROR = "error"
    COOLDOWN = "cooldown"
    EXPIRED = "expired"
    """Discord's 3 seconds were over before the first answer reached it (10062)."""


def outcome(message: Message) -> Outcome:
    """An excerpt or a confirmation (`DONE_COLOR`) is ok; a notice is "nothing found" (or
    nothing to do); a red notice is a refusal. Rendering picks the colours, so this stays
    in step with it."""
    colors = {embed.color for embed in message.embeds}
    if ERROR_COLOR in colors:
        return Outcome.REFUSED
    if colors and colors <= {NOTICE_COLOR}:
        return Outcome.EMPTY
    return Outcome.OK


def embeds(message: Message) -> list[discord.Embed]:
    return [discord.Embed.from_dict(embed.to_dict()) for embed in message.embeds]


def view(message: Message) -> discord.ui.View | None:
    """The message's rows as a render-only view (None when it has no components)."""
    if not message.rows:
        return None
    holder = discord.ui.View(timeout=None)
    for row, components in enumerate(message.rows):
        for component in components:
            holder.add_item(_item(component, row))
    holder.stop()
    return holder


def _item(component: Button | Select, row: int) -> discord.ui.Item[discord.ui.View]:
    if isinstance(component, Select):
        return discord.ui.Select(
            custom_id=component.custom_id,
            placeholder=component.placeholder,
            options=[
                discord.SelectOption(label=o.label, value=o.value, description=o.description)
                for o in component.options
            ],
            row=row,
        )
    if component.url is not None:
        return discord.ui.Button(
            style=discord.ButtonStyle.link,
            label=component.label,
            url=component.url,
            emoji=component.emoji,
            disabled=component.disabled,
            row=row,
        )
    return discord.ui.Button(
        style=discord.ButtonStyle(int(component.style)),
        label=component.label,
        custom_id=component.custom_id,
        emoji=component.emoji,
        disabled=component.disabled,
        row=row,
    )


def send_kwargs(message: Message) -> dict[str, Any]:
    """Keyword arguments for `send_message`, `followup.send` and `Messageable.send`."""
    kwargs: dict[str, Any] = {
        "embeds": embeds(message),
        "allowed_mentions": NO_MENTIONS,
    }
    if message.content:
        kwargs["content"] = message.content
    components = view(message)
    if components is not None:
        kwargs["view"] = components
    return kwargs


def edit_kwargs(message: Message) -> dict[str, Any]:
    """Keyword arguments for `edit_message`: replaces content, embeds and components whole."""
    return {
        "content": message.content or None,
        "embeds": embeds(message),
        "view": view(message),
        "allowed_mentions": NO_MENTIONS,
    }
