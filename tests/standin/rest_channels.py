"""REST routes about places: channels, their messages, pins and threads; DMs; guilds."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from aiohttp import web

from .bodies import Upload, read_body, route_of
from .models import DM, GUILD_TEXT, PRIVATE_THREAD, PUBLIC_THREAD, THREAD_TYPES, Channel
from .payloads import channel_payload, guild_payload, iso
from .permissions import Perm, can_pin, has
from .problems import JSON, Kind, Problem
from .responses import (
    error,
    invalid_form_body,
    json_response,
    missing_permissions,
    no_content,
    unknown_channel,
    unknown_guild,
    unknown_message,
)
from .world import MAX_PINS, PinLimitReached, StoredMessage, merged_edit

if TYPE_CHECKING:
    from .server import FakeDiscord

ARCHIVE_DURATIONS = {60, 1440, 4320, 10080}
MAX_PINS_PAGE = 50


class ChannelRoutes:
    def __init__(self, host: FakeDiscord) -> None:
        self._host = host
        self._world = host.world

    def routes(self) -> list[web.RouteDef]:
        channel = r"/channels/{channel:\d+}"
        message = channel + r"/messages/{message:\d+}"
        return [
            web.get(channel, self.get_channel),
            web.get(channel + "/messages/pins", self.list_pins),
            web.put(channel + r"/messages/pins/{message:\d+}", self.pin),
            web.delete(channel + r"/messages/pins/{message:\d+}", self.unpin),
            web.get(channel + "/pins", self.list_pins_legacy),
            web.put(channel + r"/pins/{message:\d+}", self.pin),
            web.delete(channel + r"/pins/{message:\d+}", self.unpin),
            web.post(channel + "/messages", self.create_message),
            web.get(message, self.get_message),
            web.patch(message, self.edit_message),
            web.delete(message, self.delete_message),
            web.post(message + "/threads", self.thread_from_message),
            web.post(channel + "/threads", self.create_thread),
            web.post("/users/@me/channels", self.open_dm),
            web.get(r"/guilds/{guild:\d+}", self.get_guild),
        ]

    # -- lookups -----------------------------------------------------------------------

    def _channel(self, request: web.Request) -> Channel | None:
        return self._world.channels.get(int(request.match_info["channel"]))

    def _message(self, channel: Channel, request: web.Request) -> StoredMessage | None:
        return self._world.channel_message(channel, int(request.match_info["message"]))

    def _bot_may(self, channel: Channel, needed: int) -> bool:
        return channel.type == DM or has(self._world.bot_permissions_in(channel), needed)

    def _attachments(self, channel: Channel, uploads: list[Upload]) -> list[JSON]:
        return [
            self._world.attachment(channel.id, up.filename, up.size, up.content_type)
            for up in uploads
        ]

    # -- channels and messages -----------------------------------------------------------

    async def get_channel(self, request: web.Request) -> web.Response:
        channel = self._channel(request)
        if channel is None:
            return unknown_channel()
        return json_response(channel_payload(channel))

    async def create_message(self, request: web.Request) -> web.Response:
        channel = self._channel(request)
        if channel is None:
            return unknown_channel()
        send = Perm.SEND_MESSAGES_IN_THREADS if channel.is_thread else Perm.SEND_MESSAGES
        if not self._bot_may(channel, Perm.VIEW_CHANNEL | send):
            return missing_permissions()
        data, uploads = await read_body(request)
        refusal = self._host.gatekeeper.vet_new(route_of(request), data)
        if refusal is not None:
            return refusal
        attachments = self._attachments(channel, uploads)
        message = self._world.post(channel, self._host.bot_user, data, attachments=attachments)
        return json_response(message.payload)

    async def get_message(self, request: web.Request) -> web.Response:
        channel = self._channel(request)
        if channel is None:
            return unknown_channel()
        message = self._message(channel, request)
        return unknown_message() if message is None else json_response(message.payload)

    async def edit_message(self, request: web.Request) -> web.Response:
        channel = self._channel(request)
        if channel is None:
            return unknown_channel()
        message = self._message(channel, request)
        if message is None:
            return unknown_message()
        if message.author_id != self._host.bot_user.id:
            return error(403, 50005, "Cannot edit a message authored by another user")
        data, uploads = await read_body(request)
        merged = merged_edit(message.payload, data or {}, self._attachments(channel, uploads))
        refusal = self._host.gatekeeper.vet_edit(route_of(request), data or {}, merged)
        if refusal is not None:
            return refusal
        return json_response(self._world.replace(message.id, merged).payload)

    async def delete_message(self, request: web.Request) -> web.Response:
        channel = self._channel(request)
        if channel is None:
            return unknown_channel()
        message = self._message(channel, request)
        if message is None:
            return unknown_message()
        own = message.author_id == self._host.bot_user.id
        if not own and not self._bot_may(channel, Perm.MANAGE_MESSAGES):
            return missing_permissions()
        self._world.delete(message.id)
        return no_content()

    # -- pins ----------------------------------------------------------------------------

    async def pin(self, request: web.Request) -> web.Response:
        channel = self._channel(request)
        if channel is None:
            return unknown_channel()
        message = self._message(channel, request)
        if message is None:
            return unknown_message()
        if channel.type != DM and not can_pin(self._world.bot_permissions_in(channel)):
            return missing_permissions()
        try:
            self._world.pin(channel, message.id)
        except PinLimitReached:
            return error(400, 30003, f"Maximum number of pins reached ({MAX_PINS})")
        await self._host.pins_changed(channel)
        return no_content()

    async def unpin(self, request: web.Request) -> web.Response:
        channel = self._channel(request)
        if channel is None:
            return unknown_channel()
        message = self._message(channel, request)
        if message is None:
            return unknown_message()
        if channel.type != DM and not can_pin(self._world.bot_permissions_in(channel)):
            return missing_permissions()
        self._world.unpin(channel, message.id)
        await self._host.pins_changed(channel)
        return no_content()

    async def list_pins(self, request: web.Request) -> web.Response:
        """The paged pins route: newest first, ``before`` an ISO time, ``limit`` 1-50."""
        channel = self._channel(request)
        if channel is None:
            return unknown_channel()
        problems: list[Problem] = []
        before: dt.datetime | None = None
        limit = MAX_PINS_PAGE
        try:
            if "before" in request.query:
                before = dt.datetime.fromisoformat(request.query["before"])
        except ValueError:
            problems.append(Problem(("before",), "DATE_TIME_TYPE_PARSE", "Could not parse."))
        try:
            limit = int(request.query.get("limit", MAX_PINS_PAGE))
        except ValueError:
            problems.append(Problem(("limit",), "NUMBER_TYPE_COERCE", "Not an integer."))
        if not 1 <= limit <= MAX_PINS_PAGE:
            problems.append(Problem(("limit",), "NUMBER_TYPE_MAX", "Must be between 1 and 50."))
        if problems:
            reason = "; ".join(str(problem) for problem in problems)
            self._host.violations.record(Kind.INVALID_FORM_BODY, route_of(request), reason)
            return invalid_form_body(problems)
        pins, has_more = self._world.pins_page(channel, before=before, limit=limit)
        items = [
            {"pinned_at": iso(pin.pinned_at), "message": self._world.messages[pin.message_id]}
            for pin in pins
        ]
        return json_response({"items": items, "has_more": has_more})

    async def list_pins_legacy(self, request: web.Request) -> web.Response:
        """The old route: every pinned message, newest pin first, as a plain list."""
        channel = self._channel(request)
        if channel is None:
            return unknown_channel()
        pins, _ = self._world.pins_page(channel, before=None, limit=MAX_PINS)
        return json_response([self._world.messages[pin.message_id] for pin in pins])

    # -- threads -------------------------------------------------------------------------

    def _thread_problems(self, body: Any, kind: Any) -> list[Problem]:
        if not isinstance(body, dict):
            return [Problem((), "DICT_TYPE_CONVERT", "Must be an object.")]
        problems: list[Problem] = []
        if kind not in THREAD_TYPES:
            problems.append(Problem(("type",), "BASE_TYPE_CHOICES", "Not a thread type."))
        name = body.get("name")
        if not isinstance(name, str) or not 1 <= len(name) <= 100:
            problems.append(
                Problem(("name",), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
            )
        duration = body.get("auto_archive_duration")
        if duration is not None and duration not in ARCHIVE_DURATIONS:
            problems.append(
                Problem(("auto_archive_duration",), "BASE_TYPE_CHOICES", "Invalid duration.")
            )
        return problems

    async def _start_thread(
        self, request: web.Request, parent: Channel, message_id: int | None
    ) -> web.Response:
        body, _ = await read_body(request)
        kind = PUBLIC_THREAD if message_id is not None else PRIVATE_THREAD
        if message_id is None and isinstance(body, dict):
            kind = body.get("type", PRIVATE_THREAD)
        problems = self._thread_problems(body, kind)
        if problems:
            reason = "; ".join(str(problem) for problem in problems)
            self._host.violations.record(Kind.INVALID_FORM_BODY, route_of(request), reason, body)
            return invalid_form_body(problems)
        needed = (
            Perm.CREATE_PRIVATE_THREADS if kind == PRIVATE_THREAD else Perm.CREATE_PUBLIC_THREADS
        )
        if not self._bot_may(parent, Perm.VIEW_CHANNEL | needed):
            return missing_permissions()
        thread = self._world.create_thread(
            parent, body["name"], kind=kind, owner=self._host.bot_user, thread_id=message_id
        )
        return json_response(channel_payload(thread), status=201)

    async def thread_from_message(self, request: web.Request) -> web.Response:
        channel = self._channel(request)
        if channel is None or channel.type != GUILD_TEXT:
            return unknown_channel()
        message = self._message(channel, request)
        if message is None:
            return unknown_message()
        if "thread" in message.payload:
            return error(400, 160004, "A thread has already been created for this message")
        return await self._start_thread(request, channel, message.id)

    async def create_thread(self, request: web.Request) -> web.Response:
        channel = self._channel(request)
        if channel is None or channel.type != GUILD_TEXT:
            return unknown_channel()
        return await self._start_thread(request, channel, None)

    # -- DMs and guilds ------------------------------------------------------------------

    async def open_dm(self, request: web.Request) -> web.Response:
        body, _ = await read_body(request)
        recipient = str(body.get("recipient_id")) if isinstance(body, dict) else ""
        user = self._world.users.get(int(recipient)) if recipient.isdigit() else None
        if user is None or user.bot:
            return error(400, 50033, "Invalid Recipient(s)")
        return json_response(channel_payload(self._world.open_dm(user)))

    async def get_guild(self, request: web.Request) -> web.Response:
        guild = self._world.guilds.get(int(request.match_info["guild"]))
        return unknown_guild() if guild is None else json_response(guild_payload(guild))
