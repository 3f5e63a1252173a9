"""Reading requests: the route they hit, and bodies (JSON, or multipart with ``payload_json``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from aiohttp import BodyPartReader, web


@dataclass(frozen=True)
class Upload:
    filename: str
    size: int
    content_type: str


API_PREFIX = "/api/v10"


def route_of(request: web.Request) -> str:
    """``"METHOD /path"`` with the path as discord.py builds it after ``Route.BASE``."""
    path = request.path
    if path.startswith(API_PREFIX):
        path = path[len(API_PREFIX) :]
    return f"{request.method} {path}"


class BadBody(Exception):
    """The body is not JSON Discord could parse (Discord answers 50109)."""


async def read_body(request: web.Request) -> tuple[Any, list[Upload]]:
    if request.content_type.startswith("multipart/"):
        return await _read_multipart(request)
    raw = await request.read()
    if not raw:
        return None, []
    try:
        return json.loads(raw), []
    except ValueError as exc:
        raise BadBody(str(exc)) from exc


async def _read_multipart(request: web.Request) -> tuple[Any, list[Upload]]:
    payload: Any = None
    uploads: list[Upload] = []
    reader = await request.multipart()
    async for part in reader:
        if not isinstance(part, BodyPartReader):
            continue
        data = await part.read()
        if part.name == "payload_json":
            try:
                payload = json.loads(data)
            except ValueError as exc:
                raise BadBody(str(exc)) from exc
        else:
            content_type = part.headers.get("Content-Type", "application/octet-stream")
            uploads.append(Upload(part.filename or "file", len(data), content_type))
    return payload, uploads
