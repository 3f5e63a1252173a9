"""A Discord message as plain data: content, embeds, components, visibility.

`to_dict` gives the JSON payload shapes Discord documents, so tests can check any rendered
message against the limits without discord.py, and the Discord layer can build its objects
from the same data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any


class Style(IntEnum):
    PRIMARY = 1
    SECONDARY = 2
    SUCCESS = 3
    DANGER = 4
    LINK = 5


@dataclass(frozen=True, slots=True)
class Button:
    label: str
    custom_id: str | None = None
    style: Style = Style.SECONDARY
    emoji: str | None = None
    url: str | None = None
    disabled: bool = False

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": 2, "style": int(self.style), "label": self.label}
        if self.emoji:
            data["emoji"] = {"name": self.emoji}
        if self.url is not None:
            data["url"] = self.url
        else:
            data["custom_id"] = self.custom_id
        if self.disabled:
            data["disabled"] = True
        return data


@dataclass(frozen=True, slots=True)
class Option:
    label: str
    value: str
    description: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"label": self.label, "value": self.value}
        if self.description:
            data["description"] = self.description
        return data


@dataclass(frozen=True, slots=True)
class Select:
    custom_id: str
    options: tuple[Option, ...]
    placeholder: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "type": 3,
            "custom_id": self.custom_id,
            "options": [o.to_dict() for o in self.options],
        }
        if self.placeholder:
            data["placeholder"] = self.placeholder
        return data


Component = Button | Select


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    value: str
    inline: bool = False


@dataclass(slots=True)
class Embed:
    title: str | None = None
    description: str | None = None
    url: str | None = None
    color: int | None = None
    fields: list[Field] = field(default_factory=list)
    footer: str | None = None
    author: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": "rich"}
        if self.title:
            data["title"] = self.title
        if self.description:
            data["description"] = self.description
        if self.url:
            data["url"] = self.url
        if self.color is not None:
            data["color"] = self.color
        if self.fields:
            data["fields"] = [
                {"name": f.name, "value": f.value, "inline": f.inline} for f in self.fields
            ]
        if self.footer:
            data["footer"] = {"text": self.footer}
        if self.author:
            data["author"] = {"name": self.author}
        return data

    def texts(self) -> list[str]:
        """Every piece of text Discord counts toward the 6000-character total."""
        out = [self.title or "", self.description or "", self.footer or "", self.author or ""]
        for f in self.fields:
            out += [f.name, f.value]
        return out


@dataclass(slots=True)
class Message:
    content: str | None = None
    embeds: list[Embed] = field(default_factory=list)
    rows: Sequence[tuple[Component, ...]] = field(default_factory=list)
    ephemeral: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The message payload as Discord's API takes it, with no mention allowed."""
        data: dict[str, Any] = {"allowed_mentions": {"parse": []}}
        if self.content:
            data["content"] = self.content
        data["embeds"] = [e.to_dict() for e in self.embeds]
        data["components"] = [
            {"type": 1, "components": [c.to_dict() for c in row]} for row in self.rows
        ]
        if self.ephemeral:
            data["flags"] = 64
        return data

    def buttons(self) -> list[Button]:
        return [c for row in self.rows for c in row if isinstance(c, Button)]
