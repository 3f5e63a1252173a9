"""The gateway websocket: HELLO, heartbeats, IDENTIFY/READY, RESUME/RESUMED, dispatches.

Frames are plain JSON text; discord.py asks for zlib-stream but reads text frames as is.
A *session* outlives its websocket so that a dropped client can RESUME it.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import WSMsgType, web

from .ids import shard_of
from .payloads import guild_create_payload, user_payload
from .problems import JSON
from .waiting import wait_until
from .world import World

HELLO, HEARTBEAT, IDENTIFY, RESUME, INVALID_SESSION, HEARTBEAT_ACK = 10, 1, 2, 6, 9, 11
DISPATCH = 0
GUILDS_INTENT = 1 << 0
AUTHENTICATION_FAILED = 4004


@dataclass
class Session:
    id: str
    shard_id: int
    shard_count: int
    intents: int
    socket: web.WebSocketResponse | None
    lock: asyncio.Lock
    """Serialises sends on the current socket (handler and dispatchers share it)."""
    seq: int = 0

    def owns(self, guild_id: int | None) -> bool:
        if guild_id is None:
            return self.shard_id == 0
        return shard_of(guild_id, self.shard_count) == self.shard_id


@dataclass(frozen=True)
class Resume:
    session_id: str
    shard_id: int
    path: str


class Gateway:
    def __init__(
        self,
        world: World,
        *,
        token: str,
        application_id: int,
        heartbeat_interval_ms: int,
        resume_url: Callable[[], str],
    ) -> None:
        self._world = world
        self._token = token
        self._application_id = application_id
        self._heartbeat_interval_ms = heartbeat_interval_ms
        self._resume_url = resume_url
        self.sessions: dict[str, Session] = {}
        self.connections = 0
        self.identifies: list[tuple[int, int]] = []
        """``(shard_id, shard_count)`` of every accepted IDENTIFY."""
        self.resumes: list[Resume] = []
        self._sockets: set[web.WebSocketResponse] = set()

    # -- the websocket -----------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(autoping=True)
        await socket.prepare(request)
        self.connections += 1
        self._sockets.add(socket)
        send_lock = asyncio.Lock()
        session: Session | None = None
        try:
            await self._send(socket, send_lock, {"op": HELLO, "d": self._hello()})
            async for frame in socket:
                if frame.type is not WSMsgType.TEXT:
                    continue
                message = json.loads(frame.data)
                op, data = message.get("op"), message.get("d")
                if op == HEARTBEAT:
                    await self._send(socket, send_lock, {"op": HEARTBEAT_ACK, "d": None})
                elif op == IDENTIFY:
                    session = await self._identify(socket, send_lock, data)
                elif op == RESUME:
                    session = await self._resume(socket, send_lock, data, request.path)
        finally:
            self._sockets.discard(socket)
            if session is not None and session.socket is socket:
                session.socket = None
        return socket

    def _hello(self) -> JSON:
        return {"heartbeat_interval": self._heartbeat_interval_ms, "_trace": ["standin"]}

    async def _send(self, socket: web.WebSocketResponse, lock: asyncio.Lock, frame: JSON) -> None:
        async with lock:
            await socket.send_str(json.dumps(frame))

    async def _identify(
        self, socket: web.WebSocketResponse, lock: asyncio.Lock, data: JSON
    ) -> Session | None:
        if data.get("token") != self._token:
            await socket.close(code=AUTHENTICATION_FAILED, message=b"Authentication failed.")
            return None
        shard_id, shard_count = data.get("shard") or (0, 1)
        intents = data.get("intents", 0)
        session = Session(secrets.token_hex(16), shard_id, shard_count, intents, socket, lock)
        self.sessions[session.id] = session
        self.identifies.append((shard_id, shard_count))
        guilds = [g for g in self._world.guilds.values() if session.owns(g.id)]
        ready: JSON = {
            "v": 10,
            "user": user_payload(self._world.bot),
            "guilds": [{"id": str(guild.id), "unavailable": True} for guild in guilds],
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": self._resume_url(),
            "application": {"id": str(self._application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "user_settings": {},
            "geo_ordered_rtc_regions": [],
        }
        if "shard" in data:
            ready["shard"] = [shard_id, shard_count]
        await self._dispatch_on(session, "READY", ready)
        if session.intents & GUILDS_INTENT:
            for guild in guilds:
                await self._dispatch_on(
                    session, "GUILD_CREATE", guild_create_payload(guild, self._world.bot)
                )
        return session

    async def _resume(
        self, socket: web.WebSocketResponse, lock: asyncio.Lock, data: JSON, path: str
    ) -> Session | None:
        session = self.sessions.get(data.get("session_id", ""))
        if session is None or data.get("token") != self._token:
            await self._send(socket, lock, {"op": INVALID_SESSION, "d": False})
            return None
        old = session.socket
        session.socket, session.lock = socket, lock
        if old is not None and old is not socket:
            await old.close(code=4000)
        self.resumes.append(Resume(session.id, session.shard_id, path))
        await self._dispatch_on(session, "RESUMED", {"_trace": ["standin"]})
        return session

    async def _dispatch_on(self, session: Session, event: str, data: Any) -> None:
        socket = session.socket
        if socket is None:
            raise ConnectionError(f"shard {session.shard_id} is not connected")
        session.seq += 1
        frame = {"op": DISPATCH, "t": event, "s": session.seq, "d": data}
        await self._send(socket, session.lock, frame)

    # -- what the rest of the stand-in uses ---------------------------------------------

    def live_session(self, guild_id: int | None) -> Session | None:
        """The connected session that receives events for ``guild_id`` (None: DMs)."""
        for session in self.sessions.values():
            if session.socket is not None and not session.socket.closed and session.owns(guild_id):
                return session
        return None

    async def dispatch(
        self, event: str, data: Any, *, guild_id: int | None, timeout: float
    ) -> None:
        """Send an event to the shard owning ``guild_id``, waiting for it to be connected."""
        await wait_until(
            lambda: self.live_session(guild_id) is not None,
            timeout=timeout,
            what=lambda: f"a gateway connection for guild {guild_id} ({self._state()})",
        )
        session = self.live_session(guild_id)
        assert session is not None
        await self._dispatch_on(session, event, data)

    async def notify(self, event: str, data: Any, *, guild_id: int | None) -> bool:
        """Send a guild event (GUILDS intent) to the shard owning ``guild_id`` if one is
        connected, without waiting; False when no connected session would receive it."""
        session = self.live_session(guild_id)
        if session is None or not session.intents & GUILDS_INTENT:
            return False
        await self._dispatch_on(session, event, data)
        return True

    async def drop(self, *, code: int = 4000) -> int:
        """Close every connection with ``code`` (4000: the client resumes); returns how many."""
        sockets = [s.socket for s in self.sessions.values() if s.socket is not None]
        for session in self.sessions.values():
            session.socket = None
        for socket in sockets:
            await socket.close(code=code, message=b"dropped by the test")
        return len(sockets)

    async def close_all(self) -> None:
        for socket in list(self._sockets):
            await socket.close(code=1001, message=b"stand-in stopping")

    def _state(self) -> str:
        return (
            f"connections={self.connections}, identifies={self.identifies}, "
            f"resumes={len(self.resumes)}"
        )

    async def wait_resumed(self, count: int = 1, *, timeout: float = 5.0) -> None:
        """Wait until ``count`` RESUMEs in total have been accepted."""
        await wait_until(
            lambda: len(self.resumes) >= count,
            timeout=timeout,
            what=lambda: f"{count} resume(s) ({self._state()})",
        )
