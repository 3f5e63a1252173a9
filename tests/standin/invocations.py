"""Building an interaction's ``data`` the way the Discord client would.

The client only lets a user invoke what the bot synced, fill options with values of the
declared type (within choices and bounds), and press components that exist and are enabled;
asking for anything else here is a mistake in the test and raises ``ValueError``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from .models import Channel, Role, User
from .payloads import channel_payload, role_payload, user_payload
from .problems import JSON
from .validate_commands import SUB_COMMAND, SUB_COMMAND_GROUP
from .world import StoredMessage

STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER = 3, 4, 5, 6, 7, 8, 9, 10
LINK_STYLE = 5


class AsMember(Protocol):
    """An actor that can be picked in a user option (see :mod:`.actors`)."""

    user: User

    def member_json(self) -> JSON | None: ...


@dataclass
class Resolved:
    """The ``resolved`` map of users, members, roles and channels an interaction refers to."""

    channel_permissions: int
    users: dict[str, JSON] = field(default_factory=dict)
    members: dict[str, JSON] = field(default_factory=dict)
    roles: dict[str, JSON] = field(default_factory=dict)
    channels: dict[str, JSON] = field(default_factory=dict)

    def add(self, value: Any) -> str:
        """Record a user, member, role or channel and return its id as the option value."""
        if isinstance(value, Role):
            self.roles[str(value.id)] = role_payload(value)
            return str(value.id)
        if isinstance(value, Channel):
            self.channels[str(value.id)] = channel_payload(
                value, permissions=self.channel_permissions
            )
            return str(value.id)
        user = value if isinstance(value, User) else value.user
        self.users[str(user.id)] = user_payload(user)
        member = None if isinstance(value, User) else value.member_json()
        if member is not None:
            self.members[str(user.id)] = {k: v for k, v in member.items() if k != "user"}
        return str(user.id)

    def payload(self) -> JSON:
        parts = {
            "users": self.users,
            "members": self.members,
            "roles": self.roles,
            "channels": self.channels,
        }
        return {key: value for key, value in parts.items() if value}


def command_path(command: JSON, words: list[str]) -> tuple[list[JSON], list[JSON]]:
    """Follow sub-command words; return the sub-command chain and the leaf's options."""
    chain: list[JSON] = []
    options: list[JSON] = command.get("options") or []
    for word in words:
        found = next(
            (
                o
                for o in options
                if o["name"] == word and o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)
            ),
            None,
        )
        if found is None:
            names = [o["name"] for o in options if o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)]
            raise ValueError(f"/{command['name']} has no sub-command {word!r} here; it has {names}")
        chain.append(found)
        options = found.get("options") or []
    subs = [o["name"] for o in options if o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)]
    if subs:
        raise ValueError(f"/{command['name']} {' '.join(words)} needs a sub-command: one of {subs}")
    return chain, options


def nest(chain: list[JSON], options: list[JSON]) -> list[JSON]:
    """Wrap leaf options in the sub-command (group) options that lead to them."""
    for step in reversed(chain):
        options = [{"type": step["type"], "name": step["name"], "options": options}]
    return options


def build_options(
    definitions: list[JSON],
    values: dict[str, Any],
    resolved: Resolved,
    *,
    focused: tuple[str, str] | None = None,
) -> list[JSON]:
    """Typed options for ``values``; ``focused=(name, partial text)`` for autocomplete."""
    by_name = {definition["name"]: definition for definition in definitions}
    unknown = set(values) - set(by_name)
    if unknown:
        raise ValueError(f"unknown options {sorted(unknown)}; the command has {sorted(by_name)}")
    options: list[JSON] = []
    for definition in definitions:
        name = definition["name"]
        if focused is not None and name == focused[0]:
            if not definition.get("autocomplete"):
                raise ValueError(f"option {name!r} has no autocomplete")
            options.append(
                {"type": definition["type"], "name": name, "value": focused[1], "focused": True}
            )
        elif name in values:
            value = _option_value(definition, values[name], resolved)
            options.append({"type": definition["type"], "name": name, "value": value})
        elif definition.get("required") and focused is None:
            raise ValueError(f"required option {name!r} is missing")
    if focused is not None and focused[0] not in by_name:
        raise ValueError(f"no option {focused[0]!r}; the command has {sorted(by_name)}")
    return options


def _option_value(definition: JSON, value: Any, resolved: Resolved) -> Any:
    if definition["type"] in (USER, CHANNEL, ROLE, MENTIONABLE):
        return _reference_value(definition, value, resolved)
    _check_plain_value(definition, value)
    choices = definition.get("choices")
    if choices and value not in [choice["value"] for choice in choices]:
        raise ValueError(
            f"option {definition['name']!r} only offers {[c['value'] for c in choices]}"
        )
    return value


def _reference_value(definition: JSON, value: Any, resolved: Resolved) -> str:
    """Users, members, roles and channels travel as ids plus ``resolved`` entries."""
    kind, name = definition["type"], definition["name"]
    is_user = isinstance(value, User) or hasattr(value, "member_json")
    fits = {
        USER: is_user,
        ROLE: isinstance(value, Role),
        MENTIONABLE: is_user or isinstance(value, Role),
        CHANNEL: isinstance(value, Channel),
    }[kind]
    if not fits:
        raise ValueError(f"option {name!r} (type {kind}) cannot take {value!r}")
    allowed = definition.get("channel_types")
    if isinstance(value, Channel) and allowed and value.type not in allowed:
        raise ValueError(f"option {name!r} takes channel types {allowed}")
    return resolved.add(value)


def _check_plain_value(definition: JSON, value: Any) -> None:
    kind, name = definition["type"], definition["name"]
    if kind == STRING:
        _expect(name, value, str)
        low, high = definition.get("min_length", 0), definition.get("max_length", 6000)
        if not low <= len(value) <= high:
            raise ValueError(f"option {name!r} takes {low}-{high} characters")
    elif kind in (INTEGER, NUMBER):
        number_type = int if kind == INTEGER else int | float
        if isinstance(value, bool) or not isinstance(value, number_type):
            raise ValueError(f"option {name!r} takes a number, not {value!r}")
        low, high = definition.get("min_value"), definition.get("max_value")
        if (low is not None and value < low) or (high is not None and value > high):
            raise ValueError(f"option {name!r} takes {low}..{high}, not {value}")
    elif kind == BOOLEAN:
        _expect(name, value, bool)
    else:
        raise ValueError(f"option {name!r} has type {kind}, which the stand-in cannot fill")


def _expect(name: str, value: Any, kind: type) -> None:
    if not isinstance(value, kind):
        raise ValueError(f"option {name!r} takes a {kind.__name__}, not {value!r}")


def find_button(message: StoredMessage, target: str) -> JSON:
    """A clickable button by label, emoji name or custom_id."""
    buttons = message.buttons()
    for button in buttons:
        emoji = (button.get("emoji") or {}).get("name")
        if target in (button.get("label"), emoji, button.get("custom_id")):
            if button.get("style") == LINK_STYLE:
                raise ValueError(f"button {target!r} is a link; clicking it opens {button['url']}")
            if button.get("disabled"):
                raise ValueError(f"button {target!r} is disabled")
            return button
    labels = [b.get("label") or (b.get("emoji") or {}).get("name") for b in buttons]
    raise ValueError(f"no button {target!r} on message {message.id}; it has {labels}")


def find_select(message: StoredMessage, custom_id: str | None) -> JSON:
    selects = [s for s in message.selects() if custom_id in (None, s.get("custom_id"))]
    if not selects:
        raise ValueError(f"no select {custom_id or ''} on message {message.id}".replace("  ", " "))
    select = selects[0]
    if select.get("disabled"):
        raise ValueError(f"select {select.get('custom_id')!r} is disabled")
    return select


def check_selection(select: JSON, values: list[str]) -> None:
    low, high = select.get("min_values", 1), select.get("max_values", 1)
    if not low <= len(values) <= high:
        raise ValueError(f"select {select.get('custom_id')!r} takes {low}..{high} values")
    offered = [option["value"] for option in select.get("options") or []]
    missing = [value for value in values if value not in offered]
    if missing:
        raise ValueError(f"select {select.get('custom_id')!r} does not offer {missing}")
