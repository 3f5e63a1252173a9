"""A recording Discord for unit tests: every request the bot makes, answered like Discord.

discord.py sends everything through two choke points: `HTTPClient.request` (channel
messages, pins, direct messages, command sync, login) and `AsyncWebhookAdapter.request`
(interaction responses, follow-ups, edits of the original response). Both are replaced by
`FakeDiscord`, which records the method, path and JSON payload of each request and answers
with the shapes Discord documents. Real `discord.Interaction` objects are built from
gateway payloads (`payloads.py`) and dispatched through the bot's real `ConnectionState`.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import discord
from discord.http import Route

APP_ID = 1_100_000_000_000_000_001
OWNER_ID = 1_100_000_000_000_000_002
BOT_USER: dict[str, Any] = {
    "id": str(APP_ID),
    "username": "Excerpts",
    "discriminator": "0",
    "global_name": None,
    "avatar": None,
    "bot": True,
}
OWNER_USER: dict[str, Any] = {
    "id": str(OWNER_ID),
    "username": "owner",
    "discriminator": "0",
    "global_name": None,
    "avatar": None,
}


@dataclass
class Request:
    method: str
    path: str
    payload: Any = None
    params: dict[str, Any] | None = None
    reason: str | None = None

    @property
    def callback_type(self) -> int | None:
        if self.path.endswith("/callback") and isinstance(self.payload, dict):
            return int(self.payload["type"])
        return None

    def message(self) -> dict[str, Any] | None:
        """The message payload this request sends or edits, if it is one."""
        kind = self.callback_type
        if kind is not None:
            return self.payload.get("data") if kind in (4, 7) else None
        if self.method in ("POST", "PATCH") and (
            re.fullmatch(r"/webhooks/\d+/[^/]+", self.path)
            or re.fullmatch(r"/webhooks/\d+/[^/]+/messages/[^/]+", self.path)
            or re.fullmatch(r"/channels/\d+/messages", self.path)
        ):
            return self.payload
        return None


@dataclass
class Failure:
    method: str
    pattern: str
    status: int
    code: int
    text: str


@dataclass
class FakeDiscord:
    requests: list[Request] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    channels_of_tokens: dict[str, int] = field(default_factory=dict)
    users_of_tokens: dict[str, dict[str, Any]] = field(default_factory=dict)
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    application_owner: dict[str, Any] = field(default_factory=lambda: dict(OWNER_USER))
    created: list[dict[str, Any]] = field(default_factory=list)
    """Every message payload the fake answered with, as Discord would store it."""

    # -- scripting --------------------------------------------------------------------------

    def fail(self, method: str, pattern: str, status: int, code: int, text: str) -> None:
        """Answer the next request matching `method` and the `pattern` regex with an error."""
        self.failures.append(Failure(method, pattern, status, code, text))

    def new_id(self) -> int:
        return discord.utils.time_snowflake(datetime.now(UTC)) + next(self.ids)

    # -- what was sent ----------------------------------------------------------------------

    def since(self, mark: int) -> list[Request]:
        return self.requests[mark:]

    def messages(self, requests: list[Request] | None = None) -> list[dict[str, Any]]:
        out = []
        for request in self.requests if requests is None else requests:
            message = request.message()
            if message is not None:
                out.append(message)
        return out

    # -- the two choke points ---------------------------------------------------------------

    async def http_request(self, route: Route, **kwargs: Any) -> Any:
        payload = kwargs.get("json")
        return self._answer(route, payload, kwargs.get("params"), kwargs.get("reason"))

    async def adapter_request(self, route: Route, session: Any = None, **kwargs: Any) -> Any:
        payload = kwargs.get("payload")
        if kwargs.get("multipart"):
            raise AssertionError("the bot sent a file; it never should")
        return self._answer(route, payload, kwargs.get("params"), kwargs.get("reason"))

    # -- answers ----------------------------------------------------------------------------

    def _answer(self, route: Route, payload: Any, params: Any, reason: str | None) -> Any:
        path = "/" + route.url.split("/api/v10/", 1)[1]
        request = Request(route.method, path, payload, params, reason)
        self.requests.append(request)
        for failure in self.failures:
            if failure.method == route.method and re.search(failure.pattern, path):
                self.failures.remove(failure)
                raise _http_error(failure)
        method = route.method
        if method == "GET" and path == "/users/@me":
            return dict(BOT_USER)
        if method == "GET" and path == "/oauth2/applications/@me":
            return self._application()
        if method == "PUT" and re.fullmatch(r"/applications/\d+(/guilds/\d+)?/commands", path):
            return [
                {
                    **command,
                    "id": str(self.new_id()),
                    "application_id": str(APP_ID),
                    "description": command.get("description", ""),
                    "version": "1",
                }
                for command in payload
            ]
        match = re.fullmatch(r"/interactions/(\d+)/([^/]+)/callback", path)
        if match:
            return self._callback(int(match.group(1)), match.group(2), payload)
        match = re.fullmatch(r"/webhooks/\d+/([^/]+)", path)
        if match and method == "POST":
            token = match.group(1)
            return self.message_payload(
                payload, self.channels_of_tokens.get(token, 1), user=self.users_of_tokens.get(token)
            )
        match = re.fullmatch(r"/webhooks/\d+/([^/]+)/messages/[^/]+", path)
        if match and method in ("PATCH", "GET"):
            token = match.group(1)
            return self.message_payload(
                payload or {},
                self.channels_of_tokens.get(token, 1),
                user=self.users_of_tokens.get(token),
            )
        match = re.fullmatch(r"/channels/(\d+)/messages", path)
        if match and method == "POST":
            return self.message_payload(payload, int(match.group(1)))
        if re.fullmatch(r"/channels/\d+/messages/pins/\d+", path) and method in ("PUT", "DELETE"):
            return None
        if method == "POST" and path == "/users/@me/channels":
            recipient = payload["recipient_id"]
            user = {
                "id": str(recipient),
                "username": "member",
                "discriminator": "0",
                "global_name": None,
                "avatar": None,
            }
            return {
                "id": str(self.new_id()),
                "type": 1,
                "recipients": [user],
                "last_message_id": None,
            }
        raise AssertionError(f"the fake has no answer for {method} {path}")

    def _application(self) -> dict[str, Any]:
        return {
            "id": str(APP_ID),
            "name": "Excerpts",
            "description": "",
            "icon": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "owner": self.application_owner,
            "verify_key": "0" * 64,
            "flags": 0,
            "team": None,
        }

    def _callback(self, interaction_id: int, token: str, payload: dict[str, Any]) -> dict[str, Any]:
        kind = payload["type"]
        answer: dict[str, Any] = {
            "interaction": {"id": str(interaction_id), "type": 2},
        }
        if kind in (4, 7):
            message = self.message_payload(
                payload.get("data") or {},
                self.channels_of_tokens.get(token, 1),
                user=self.users_of_tokens.get(token),
            )
            answer["interaction"]["response_message_id"] = message["id"]
            answer["resource"] = {"type": kind, "message": message}
        elif kind == 5:
            answer["interaction"]["response_message_loading"] = True
            answer["interaction"]["response_message_ephemeral"] = bool(
                (payload.get("data") or {}).get("flags", 0) & 64
            )
        return answer

    def message_payload(
        self, data: dict[str, Any], channel_id: int, *, user: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """A message as Discord returns it, authored by the bot."""
        message: dict[str, Any] = {
            "id": str(self.new_id()),
            "channel_id": str(channel_id),
            "type": 0 if user is None else 20,
            "content": data.get("content") or "",
            "author": dict(BOT_USER),
            "embeds": data.get("embeds") or [],
            "components": data.get("components") or [],
            "flags": data.get("flags") or 0,
            "pinned": False,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "timestamp": datetime.now(UTC).isoformat(),
            "edited_timestamp": None,
        }
        if user is not None:
            message["interaction_metadata"] = {
                "id": str(self.new_id()),
                "type": 2,
                "user": user,
                "authorizing_integration_owners": {},
            }
        self.created.append(message)
        return message


def _http_error(failure: Failure) -> discord.HTTPException:
    response = SimpleNamespace(status=failure.status, reason=failure.text)
    data = {"code": failure.code, "message": failure.text}
    if failure.status == 403:
        return discord.Forbidden(response, data)  # type: ignore[arg-type]
    if failure.status == 404:
        return discord.NotFound(response, data)  # type: ignore[arg-type]
    return discord.HTTPException(response, data)  # type: ignore[arg-type]
