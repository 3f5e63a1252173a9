"""HTTP answers shaped like Discord's.

discord.py parses a body as JSON only when Content-Type is exactly ``application/json``;
``web.json_response`` appends ``; charset=utf-8`` and breaks login, hence the helper.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from .problems import Problem, form_errors


def json_response(
    data: Any, *, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    body = json.dumps(data, separators=(",", ":")).encode()
    return web.Response(body=body, status=status, headers=headers, content_type="application/json")


def no_content() -> web.Response:
    return web.Response(status=204)


def error(status: int, code: int, message: str) -> web.Response:
    return json_response({"code": code, "message": message}, status=status)


def invalid_form_body(problems: list[Problem]) -> web.Response:
    body = {"code": 50035, "message": "Invalid Form Body", "errors": form_errors(problems)}
    return json_response(body, status=400)


def not_found() -> web.Response:
    return error(404, 0, "404: Not Found")


def unknown_channel() -> web.Response:
    return error(404, 10003, "Unknown Channel")


def unknown_message() -> web.Response:
    return error(404, 10008, "Unknown Message")


def unknown_guild() -> web.Response:
    return error(404, 10004, "Unknown Guild")


def missing_permissions() -> web.Response:
    return error(403, 50013, "Missing Permissions")
