"""FakeDiscord: the stand-in's HTTP + websocket server and the handle tests hold."""

from __future__ import annotations

import asyncio
import contextlib
import fnmatch
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from types import TracebackType

import yarl
from aiohttp import web
from aiohttp.typedefs import Handler
from discord.gateway import DiscordWebSocket
from discord.http import Route

from .actors import DmUser, Member
from .bodies import API_PREFIX, BadBody, route_of
from .clock import Clock
from .exchanges import Exchange, Exchanges, Reply
from .faults import Faults, fault_response
from .gatekeeper import Gatekeeper
from .gateway import Gateway
from .ids import Snowflakes
from .models import Channel, Guild, Role, User
from .permissions import BOT_DEFAULT, MEMBER_DEFAULT
from .problems import Kind, ViolationLog
from .registry import CommandRegistry
from .responses import error, not_found
from .rest_app import AppRoutes
from .rest_channels import ChannelRoutes
from .rest_webhooks import WebhookRoutes
from .world import EVERYONE_DEFAULT, StoredMessage, World


@dataclass(frozen=True)
class RequestRecord:
    route: str
    """``"METHOD /path"``, the path after ``/api/v10``."""
    query: dict[str, str]
    status: int


class FakeDiscord:
    """A local Discord for discord.py: REST under ``/api/v10``, the gateway at ``/``.

    ``async with FakeDiscord() as discord_:`` starts it on an ephemeral port of 127.0.0.1
    and points discord.py at it (``Route.BASE``, ``DiscordWebSocket.DEFAULT_GATEWAY``)
    until the block ends.
    """

    def __init__(
        self,
        *,
        token: str = "standin-token",
        shard_count: int = 1,
        heartbeat_interval_ms: int = 1000,
        require_allowed_mentions: bool = True,
        bot_name: str = "Excerpt Bot",
    ) -> None:
        self.token = token
        self.shard_count = shard_count
        """What ``GET /gateway/bot`` recommends (AutoShardedClient follows it)."""
        self.clock = Clock()
        self.ids = Snowflakes()
        self.bot_user = User(self.ids.next(), bot_name, bot=True)
        self.application_id = self.bot_user.id
        self.world = World(self.ids, self.clock, self.bot_user, User(self.ids.next(), "owner"))
        self.commands = CommandRegistry(self.ids, self.application_id)
        self.exchanges = Exchanges()
        self.faults = Faults()
        self.violations = ViolationLog()
        self.gatekeeper = Gatekeeper(
            self.violations, require_allowed_mentions=require_allowed_mentions
        )
        self.requests: list[RequestRecord] = []
        self.gateway = Gateway(
            self.world,
            token=token,
            application_id=self.application_id,
            heartbeat_interval_ms=heartbeat_interval_ms,
            resume_url=lambda: f"{self.gateway_url}resume",
        )
        self.port = 0
        self._runner: web.AppRunner | None = None
        self._patch: contextlib.ExitStack | None = None

    # -- lifecycle -----------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return self.base_url + API_PREFIX

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/"

    async def start(self) -> None:
        """Serve on an ephemeral port (discord.py is not redirected; see :meth:`patch`)."""
        api = web.Application(middlewares=[self._middleware])
        for routes in (AppRoutes(self), ChannelRoutes(self), WebhookRoutes(self)):
            api.add_routes(routes.routes())
        api.router.add_route("*", "/{tail:.*}", self._unknown_route)
        app = web.Application()
        app.router.add_get("/", self.gateway.handle)
        app.router.add_get("/resume", self.gateway.handle)
        app.add_subapp(API_PREFIX, api)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        self._runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        await web.SockSite(self._runner, sock).start()

    async def stop(self) -> None:
        await self.gateway.close_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @contextlib.contextmanager
    def patch(self) -> Iterator[None]:
        """Point discord.py's REST base and default gateway here; restore them on exit."""
        old_base, old_gateway = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
        Route.BASE = self.api_url
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)
        try:
            yield
        finally:
            Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = old_base, old_gateway

    async def __aenter__(self) -> FakeDiscord:
        await self.start()
        self._patch = contextlib.ExitStack()
        self._patch.enter_context(self.patch())
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._patch is not None:
            self._patch.close()
            self._patch = None
        await self.stop()

    # -- HTTP plumbing -------------------------------------------------------------------

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        route = route_of(request)
        fault = self.faults.take(route)
        response: web.StreamResponse
        if fault is not None:
            response = fault_response(fault)
        elif (
            self._needs_token(route) and request.headers.get("Authorization") != f"Bot {self.token}"
        ):
            self.violations.record(Kind.UNAUTHORIZED, route, "missing or wrong bot token")
            response = error(401, 0, "401: Unauthorized")
        else:
            try:
                response = await handler(request)
            except BadBody as exc:
                self.violations.record(Kind.INVALID_FORM_BODY, route, f"invalid JSON: {exc}")
                response = error(400, 50109, "The request body contains invalid JSON.")
        self.requests.append(RequestRecord(route, dict(request.query), response.status))
        delay = self.faults.delay_for(route)
        if delay:
            await asyncio.sleep(delay)
        return response

    @staticmethod
    def _needs_token(route: str) -> bool:
        path = route.split(" ", 1)[1]
        return path != "/gateway" and not path.startswith(("/interactions/", "/webhooks/"))

    async def _unknown_route(self, request: web.Request) -> web.Response:
        self.violations.record(
            Kind.UNKNOWN_ROUTE, route_of(request), "the stand-in does not serve this route"
        )
        return not_found()

    def requests_matching(self, pattern: str) -> list[RequestRecord]:
        """Requests whose ``"METHOD /path"`` matches a shell-style pattern, in order."""
        return [r for r in self.requests if fnmatch.fnmatchcase(r.route, pattern)]

    # -- the world as tests set it up ------------------------------------------------------

    @property
    def require_allowed_mentions(self) -> bool:
        return self.gatekeeper.require_allowed_mentions

    @require_allowed_mentions.setter
    def require_allowed_mentions(self, value: bool) -> None:
        self.gatekeeper.require_allowed_mentions = value

    def add_guild(
        self,
        name: str = "Test Guild",
        *,
        channels: tuple[str, ...] | list[str] = ("general",),
        bot_permissions: int = BOT_DEFAULT,
        everyone_permissions: int = EVERYONE_DEFAULT,
        shard: int | None = None,
    ) -> Guild:
        """A guild the bot is in; add guilds before the bot connects so READY lists them.

        ``shard`` picks a guild id that lands on that shard of :attr:`shard_count`.
        """
        return self.world.add_guild(
            name,
            channels=channels,
            bot_permissions=bot_permissions,
            everyone_permissions=everyone_permissions,
            shard=None if shard is None else (shard, self.shard_count),
        )

    def add_role(self, guild: Guild, name: str, permissions: int = 0) -> Role:
        return self.world.add_role(guild, name, permissions)

    def member(
        self,
        guild: Guild,
        name: str,
        *,
        permissions: int = MEMBER_DEFAULT,
        roles: tuple[Role, ...] | list[Role] = (),
        channel: Channel | None = None,
    ) -> Member:
        """A member of ``guild`` with ``permissions`` in the channel they act in."""
        user = self.world.add_user(name)
        where = channel or guild.text_channels[0]
        return Member(self, user, guild, where, permissions=permissions, roles=list(roles))

    def dm_user(self, name: str) -> DmUser:
        """Someone talking to the bot in a DM."""
        return DmUser(self, self.world.add_user(name))

    def message(self, message_id: int) -> StoredMessage:
        return self.world.message(message_id)

    def channel_messages(self, channel: Channel) -> list[StoredMessage]:
        """The channel's visible history, oldest first (no ephemeral or deleted messages)."""
        return [self.world.message(mid) for mid in channel.message_ids]

    async def pin(self, message: StoredMessage) -> None:
        """A member pins ``message`` with Discord's own menu (not through the bot): stored,
        and CHANNEL_PINS_UPDATE sent to the bot as Discord does."""
        channel = self.world.channels[message.channel_id]
        self.world.pin(channel, message.id)
        await self.pins_changed(channel)

    async def unpin(self, message: StoredMessage) -> None:
        channel = self.world.channels[message.channel_id]
        self.world.unpin(channel, message.id)
        await self.pins_changed(channel)

    async def pins_changed(self, channel: Channel) -> None:
        """CHANNEL_PINS_UPDATE for ``channel`` (guild channels only), to the owning shard."""
        if channel.guild_id is None:
            return
        newest = max((pin.pinned_at for pin in channel.pins), default=None)
        data = {
            "guild_id": str(channel.guild_id),
            "channel_id": str(channel.id),
            "last_pin_timestamp": newest.isoformat() if newest is not None else None,
        }
        await self.gateway.notify("CHANNEL_PINS_UPDATE", data, guild_id=channel.guild_id)

    def reply_for(self, exchange: Exchange) -> Reply:
        return Reply(exchange, self.world, self.clock, self.violations)
