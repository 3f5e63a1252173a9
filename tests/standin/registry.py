"""The application commands the bot has synced, global and per guild."""

from __future__ import annotations

from .ids import Snowflakes
from .problems import JSON


class CommandRegistry:
    def __init__(self, ids: Snowflakes, application_id: int) -> None:
        self._ids = ids
        self._application_id = application_id
        self._scopes: dict[int | None, list[JSON]] = {}
        # Discord keeps a command's id across overwrites while its name and type stay.
        self._known_ids: dict[tuple[int | None, int, str], int] = {}

    def overwrite(self, guild_id: int | None, commands: list[JSON]) -> list[JSON]:
        """Replace every command of a scope (``None`` = global) and return them as stored."""
        stored = [self._store(guild_id, command) for command in commands]
        self._scopes[guild_id] = stored
        return stored

    def listing(self, guild_id: int | None) -> list[JSON]:
        return list(self._scopes.get(guild_id, []))

    def find(self, name: str, kind: int, guild_id: int | None) -> JSON | None:
        """The command a user in ``guild_id`` (or a DM when None) sees under ``name``."""
        scopes = [guild_id, None] if guild_id is not None else [None]
        for scope in scopes:
            for command in self._scopes.get(scope, []):
                if command["name"] == name and command["type"] == kind:
                    return command
        return None

    def _store(self, guild_id: int | None, command: JSON) -> JSON:
        kind = command.get("type", 1)
        key = (guild_id, kind, command["name"])
        command_id = self._known_ids.setdefault(key, self._ids.next())
        stored: JSON = {
            "description": "",
            "options": [],
            "default_member_permissions": None,
            "dm_permission": True,
            "nsfw": False,
            "integration_types": [0],
            **command,
            "id": str(command_id),
            "application_id": str(self._application_id),
            "type": kind,
            "version": str(self._ids.next()),
        }
        if stored.get("contexts") is None:
            stored["contexts"] = [0, 1, 2]
        if guild_id is not None:
            stored["guild_id"] = str(guild_id)
        return stored
