"""REST routes about the bot itself: login, gateway discovery, application commands."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

from .bodies import read_body, route_of
from .payloads import application_payload, user_payload
from .problems import Kind
from .responses import error, invalid_form_body, json_response, unknown_guild
from .validate_commands import check_command_list

if TYPE_CHECKING:
    from .server import FakeDiscord


class AppRoutes:
    def __init__(self, host: FakeDiscord) -> None:
        self._host = host

    def routes(self) -> list[web.RouteDef]:
        commands = r"/applications/{app:\d+}/commands"
        guild_commands = r"/applications/{app:\d+}/guilds/{guild:\d+}/commands"
        return [
            web.get("/users/@me", self.me),
            web.get("/oauth2/applications/@me", self.application),
            web.get("/gateway", self.gateway),
            web.get("/gateway/bot", self.gateway_bot),
            web.get(commands, self.list_commands),
            web.put(commands, self.overwrite_commands),
            web.get(guild_commands, self.list_commands),
            web.put(guild_commands, self.overwrite_commands),
        ]

    async def me(self, request: web.Request) -> web.Response:
        return json_response(user_payload(self._host.bot_user))

    async def application(self, request: web.Request) -> web.Response:
        host = self._host
        data = application_payload(host.application_id, host.bot_user.name, host.world.owner)
        data["bot"] = user_payload(host.bot_user)
        return json_response(data)

    async def gateway(self, request: web.Request) -> web.Response:
        return json_response({"url": self._host.gateway_url})

    async def gateway_bot(self, request: web.Request) -> web.Response:
        limit = {"total": 1000, "remaining": 999, "reset_after": 14_400_000, "max_concurrency": 1}
        return json_response(
            {
                "url": self._host.gateway_url,
                "shards": self._host.shard_count,
                "session_start_limit": limit,
            }
        )

    def _scope(self, request: web.Request) -> tuple[int | None, web.Response | None]:
        if int(request.match_info["app"]) != self._host.application_id:
            return None, error(403, 50001, "Missing Access")
        guild = request.match_info.get("guild")
        if guild is None:
            return None, None
        if int(guild) not in self._host.world.guilds:
            return None, unknown_guild()
        return int(guild), None

    async def list_commands(self, request: web.Request) -> web.Response:
        guild_id, refusal = self._scope(request)
        return refusal or json_response(self._host.commands.listing(guild_id))

    async def overwrite_commands(self, request: web.Request) -> web.Response:
        guild_id, refusal = self._scope(request)
        if refusal is not None:
            return refusal
        body, _ = await read_body(request)
        problems = check_command_list(body)
        if problems:
            route = route_of(request)
            reason = "; ".join(str(problem) for problem in problems)
            self._host.violations.record(Kind.INVALID_FORM_BODY, route, reason, body)
            return invalid_form_body(problems)
        return json_response(self._host.commands.overwrite(guild_id, body))
