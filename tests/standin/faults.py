"""Fault injection: answer chosen requests with 429 or 5xx, or answer slowly.

Routes are matched as ``"METHOD /path"`` against shell-style patterns, with the path
after ``/api/v10``, e.g. ``"POST /interactions/*/*/callback"`` or ``"* /channels/*"``.
"""

from __future__ import annotations

import fnmatch
import hashlib
import math
import time
from dataclasses import dataclass

from aiohttp import web

from .responses import json_response


@dataclass
class Fault:
    pattern: str
    status: int
    remaining: int
    retry_after: float = 0.0
    is_global: bool = False

    def matches(self, route: str) -> bool:
        return fnmatch.fnmatchcase(route, self.pattern)


class Faults:
    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._delays: list[tuple[str, float]] = []

    def rate_limit(
        self,
        pattern: str = "*",
        *,
        times: int = 1,
        retry_after: float = 0.05,
        is_global: bool = False,
    ) -> None:
        """Answer the next ``times`` matching requests with 429 Too Many Requests."""
        self._faults.append(Fault(pattern, 429, times, retry_after, is_global))

    def server_error(self, pattern: str = "*", *, times: int = 1, status: int = 500) -> None:
        """Answer the next ``times`` matching requests with a 5xx (discord.py sleeps 1-9 s)."""
        self._faults.append(Fault(pattern, status, times))

    def delay(self, seconds: float, pattern: str = "*") -> None:
        """Hold every matching response back ``seconds``; ``delay(0, pattern)`` lifts it."""
        self._delays = [(p, s) for p, s in self._delays if p != pattern]
        if seconds > 0:
            self._delays.append((pattern, seconds))

    def clear(self) -> None:
        self._faults.clear()
        self._delays.clear()

    def take(self, route: str) -> Fault | None:
        for fault in self._faults:
            if fault.remaining > 0 and fault.matches(route):
                fault.remaining -= 1
                return fault
        return None

    def delay_for(self, route: str) -> float:
        return max((s for p, s in self._delays if fnmatch.fnmatchcase(route, p)), default=0.0)


def fault_response(fault: Fault) -> web.Response:
    if fault.status != 429:
        message = f"{fault.status}: Server Error"
        return json_response({"message": message, "code": 0}, status=fault.status)
    body = {
        "message": "You are being rate limited.",
        "retry_after": fault.retry_after,
        "global": fault.is_global,
    }
    headers = {
        "Via": "1.1 google",
        "Retry-After": str(math.ceil(fault.retry_after)),
        "X-RateLimit-Scope": "global" if fault.is_global else "user",
    }
    if fault.is_global:
        headers["X-RateLimit-Global"] = "true"
    else:
        headers.update(
            {
                "X-RateLimit-Limit": "5",
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": f"{time.time() + fault.retry_after:.3f}",
                "X-RateLimit-Reset-After": f"{fault.retry_after:.3f}",
                "X-RateLimit-Bucket": hashlib.sha1(fault.pattern.encode()).hexdigest()[:16],
            }
        )
    return json_response(body, status=429, headers=headers)
