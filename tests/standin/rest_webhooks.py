"""Interaction callbacks and the interaction webhook (follow-ups, @original edits)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiohttp import web

from .bodies import Upload, read_body, route_of
from .exchanges import (
    ALLOWED_CALLBACKS,
    CHOICES,
    COMMAND,
    DEFERRED_MESSAGE,
    DEFERRED_UPDATE,
    FIRST_ANSWER_WINDOW,
    MESSAGE,
    MODAL,
    TOKEN_LIFETIME,
    UPDATE,
    Exchange,
)
from .problems import JSON, Kind, Problem
from .responses import error, invalid_form_body, json_response, no_content, unknown_message
from .validate_commands import check_choices
from .validate_messages import FLAG_EPHEMERAL, FLAG_LOADING, check_modal
from .world import StoredMessage, merged_edit

if TYPE_CHECKING:
    from .server import FakeDiscord

CHAT_INPUT_REPLY, CONTEXT_MENU_REPLY = 20, 23


class WebhookRoutes:
    def __init__(self, host: FakeDiscord) -> None:
        self._host = host
        self._world = host.world

    def routes(self) -> list[web.RouteDef]:
        webhook = r"/webhooks/{app:\d+}/{token}"
        message = webhook + r"/messages/{message:@original|\d+}"
        return [
            web.post(r"/interactions/{interaction:\d+}/{token}/callback", self.callback),
            web.post(webhook, self.followup),
            web.get(message, self.get_message),
            web.patch(message, self.edit_message),
            web.delete(message, self.delete_message),
        ]

    # -- helpers -------------------------------------------------------------------------

    def _refuse(self, kind: Kind, route: str, reason: str, payload: Any = None) -> None:
        self._host.violations.record(kind, route, reason, payload)

    def _bot_extra(self, exchange: Exchange) -> JSON:
        """Fields Discord adds to messages sent through an interaction's webhook."""
        user = exchange.payload.get("member", {}).get("user") or exchange.payload.get("user")
        return {
            "webhook_id": str(self._host.application_id),
            "application_id": str(self._host.application_id),
            "interaction_metadata": {
                "id": str(exchange.id),
                "type": exchange.kind,
                "user": user,
                "authorizing_integration_owners": exchange.payload.get(
                    "authorizing_integration_owners", {}
                ),
            },
        }

    def _uploads(self, exchange: Exchange, uploads: list[Upload]) -> list[JSON]:
        return [
            self._world.attachment(exchange.channel_id, up.filename, up.size, up.content_type)
            for up in uploads
        ]

    def _post(
        self, exchange: Exchange, data: JSON, uploads: list[Upload], *, kind: int, flags: int = 0
    ) -> StoredMessage:
        channel = self._world.channels[exchange.channel_id]
        return self._world.post(
            channel,
            self._host.bot_user,
            data,
            kind=kind,
            flags=flags,
            attachments=self._uploads(exchange, uploads),
            extra=self._bot_extra(exchange),
        )

    # -- POST /interactions/{id}/{token}/callback ----------------------------------------

    async def callback(self, request: web.Request) -> web.Response:
        route = route_of(request)
        exchange = self._host.exchanges.by_id(int(request.match_info["interaction"]))
        body, uploads = await read_body(request)
        if exchange is None or exchange.token != request.match_info["token"]:
            self._refuse(Kind.UNKNOWN_INTERACTION, route, "no such interaction", body)
            return error(404, 10062, "Unknown interaction")
        if exchange.callback_at is None:
            exchange.callback_at = self._host.clock.now()
        if exchange.acknowledged:
            self._refuse(
                Kind.ALREADY_ACKNOWLEDGED,
                route,
                f"{exchange.describe()} was already answered (type {exchange.callback_type})",
                body,
            )
            return error(400, 40060, "Interaction has already been acknowledged.")
        age = exchange.age(self._host.clock)
        if age > FIRST_ANSWER_WINDOW:
            self._refuse(
                Kind.UNKNOWN_INTERACTION,
                route,
                f"first answer to {exchange.describe()} came {age:.2f}s after it was "
                f"dispatched (limit {FIRST_ANSWER_WINDOW:g}s)",
                body,
            )
            return error(404, 10062, "Unknown interaction")
        kind = body.get("type") if isinstance(body, dict) else None
        updates = kind in (DEFERRED_UPDATE, UPDATE)
        if kind not in ALLOWED_CALLBACKS.get(exchange.kind, set()) or (
            updates and exchange.component_message_id is None
        ):
            self._refuse(
                Kind.BAD_CALLBACK_TYPE,
                route,
                f"callback type {kind!r} is not valid for interaction type {exchange.kind}",
                body,
            )
            problem = Problem(("type",), "INTERACTION_CALLBACK_TYPE_INVALID", "Invalid type.")
            return invalid_form_body([problem])
        data = body.get("data") or {}
        if kind == MESSAGE:
            return self._answer_with_message(route, exchange, data, uploads)
        if kind == DEFERRED_MESSAGE:
            flags = FLAG_LOADING | ((data.get("flags") or 0) & FLAG_EPHEMERAL)
            message = self._post(exchange, {}, [], kind=self._reply_type(exchange), flags=flags)
            return self._acknowledge(exchange, kind, message)
        if kind == DEFERRED_UPDATE:
            exchange.original_id = exchange.component_message_id
            return self._acknowledge(exchange, kind, None)
        if kind == UPDATE:
            return self._answer_with_update(route, exchange, data, uploads)
        if kind == CHOICES:
            return self._answer_with_choices(route, exchange, data)
        return self._answer_with_modal(route, exchange, data)

    def _reply_type(self, exchange: Exchange) -> int:
        if exchange.kind != COMMAND:
            return 0
        command_type = (exchange.payload.get("data") or {}).get("type", 1)
        return CHAT_INPUT_REPLY if command_type == 1 else CONTEXT_MENU_REPLY

    def _acknowledge(
        self, exchange: Exchange, kind: int, message: StoredMessage | None
    ) -> web.Response:
        exchange.callback_type = kind
        interaction: JSON = {"id": str(exchange.id), "type": exchange.kind}
        answer: JSON = {"interaction": interaction}
        if message is not None:
            exchange.original_id = message.id
            interaction.update(
                response_message_id=str(message.id),
                response_message_loading=bool(message.flags & FLAG_LOADING),
                response_message_ephemeral=message.ephemeral,
            )
            answer["resource"] = {"type": kind, "message": message.payload}
        return json_response(answer)

    def _answer_with_message(
        self, route: str, exchange: Exchange, data: JSON, uploads: list[Upload]
    ) -> web.Response:
        refusal = self._host.gatekeeper.vet_new(route, data, prefix=("data",))
        if refusal is not None:
            return refusal
        message = self._post(exchange, data, uploads, kind=self._reply_type(exchange))
        return self._acknowledge(exchange, MESSAGE, message)

    def _answer_with_update(
        self, route: str, exchange: Exchange, data: JSON, uploads: list[Upload]
    ) -> web.Response:
        assert exchange.component_message_id is not None  # checked with the callback type
        target = self._world.message(exchange.component_message_id)
        merged = merged_edit(target.payload, data, self._uploads(exchange, uploads))
        refusal = self._host.gatekeeper.vet_edit(route, data, merged, prefix=("data",))
        if refusal is not None:
            return refusal
        return self._acknowledge(exchange, UPDATE, self._world.replace(target.id, merged))

    def _answer_with_choices(self, route: str, exchange: Exchange, data: JSON) -> web.Response:
        choices = data.get("choices")
        problems = check_choices(choices, ("data", "choices"))
        if problems:
            reason = "; ".join(str(problem) for problem in problems)
            self._refuse(Kind.INVALID_FORM_BODY, route, reason, data)
            return invalid_form_body(problems)
        exchange.choices = choices if isinstance(choices, list) else []
        return self._acknowledge(exchange, CHOICES, None)

    def _answer_with_modal(self, route: str, exchange: Exchange, data: JSON) -> web.Response:
        problems = check_modal(data)
        if problems:
            reason = "; ".join(str(problem) for problem in problems)
            self._refuse(Kind.INVALID_FORM_BODY, route, reason, data)
            return invalid_form_body(problems)
        exchange.modal = data
        return self._acknowledge(exchange, MODAL, None)

    # -- the interaction webhook ---------------------------------------------------------

    def _exchange(self, request: web.Request, body: Any) -> Exchange | web.Response:
        route = route_of(request)
        exchange = self._host.exchanges.by_token(request.match_info["token"])
        if exchange is None or int(request.match_info["app"]) != self._host.application_id:
            self._refuse(Kind.UNKNOWN_WEBHOOK, route, "no interaction with this token", body)
            return error(404, 10015, "Unknown Webhook")
        if not exchange.acknowledged:
            self._refuse(
                Kind.UNKNOWN_WEBHOOK,
                route,
                f"{exchange.describe()} used its webhook before answering the interaction",
                body,
            )
            return error(404, 10015, "Unknown Webhook")
        age = exchange.age(self._host.clock)
        if age > TOKEN_LIFETIME:
            self._refuse(
                Kind.TOKEN_EXPIRED,
                route,
                f"{exchange.describe()}: token used {age:.0f}s after the interaction "
                f"(limit {TOKEN_LIFETIME:g}s)",
                body,
            )
            return error(401, 50027, "Invalid Webhook Token")
        return exchange

    def _target(self, request: web.Request, exchange: Exchange) -> int | None:
        wanted = request.match_info["message"]
        if wanted == "@original":
            return exchange.original_id
        message_id = int(wanted)
        if message_id == exchange.original_id or message_id in exchange.followup_ids:
            return message_id
        return None

    async def followup(self, request: web.Request) -> web.Response:
        data, uploads = await read_body(request)
        exchange = self._exchange(request, data)
        if isinstance(exchange, web.Response):
            return exchange
        refusal = self._host.gatekeeper.vet_new(route_of(request), data)
        if refusal is not None:
            return refusal
        if exchange.callback_type == DEFERRED_MESSAGE and not exchange.settled:
            # The first follow-up after "thinking..." replaces the loading message; it keeps
            # the ephemerality chosen when deferring.
            assert exchange.original_id is not None  # set by the deferral
            original = self._world.message(exchange.original_id)
            merged = merged_edit(original.payload, data, self._uploads(exchange, uploads))
            message = self._world.replace(original.id, merged)
            exchange.settled = True
        else:
            message = self._post(exchange, data, uploads, kind=0)
            exchange.followup_ids.append(message.id)
        if request.query.get("wait", "").lower() in ("1", "true"):
            return json_response(message.payload)
        return no_content()

    async def get_message(self, request: web.Request) -> web.Response:
        exchange = self._exchange(request, None)
        if isinstance(exchange, web.Response):
            return exchange
        target = self._target(request, exchange)
        if target is None:
            return unknown_message()
        return json_response(self._world.messages[target])

    async def edit_message(self, request: web.Request) -> web.Response:
        data, uploads = await read_body(request)
        data = data or {}
        exchange = self._exchange(request, data)
        if isinstance(exchange, web.Response):
            return exchange
        target = self._target(request, exchange)
        if target is None:
            return unknown_message()
        merged = merged_edit(self._world.messages[target], data, self._uploads(exchange, uploads))
        refusal = self._host.gatekeeper.vet_edit(route_of(request), data, merged)
        if refusal is not None:
            return refusal
        message = self._world.replace(target, merged)
        if target == exchange.original_id:
            exchange.settled = True
        return json_response(message.payload)

    async def delete_message(self, request: web.Request) -> web.Response:
        exchange = self._exchange(request, None)
        if isinstance(exchange, web.Response):
            return exchange
        target = self._target(request, exchange)
        if target is None:
            return unknown_message()
        self._world.delete(target)
        return no_content()
