"""What went wrong: payload problems (answered as Discord would) and the violation log.

A *problem* is one field Discord would reject, with the path Discord reports it under.
A *violation* is anything the bot did that real Discord would refuse or that breaks the
project's rules; every one is logged so a test fails unless it expected it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from .waiting import wait_until

JSON = dict[str, Any]
Path = tuple[str | int, ...]


class Kind(enum.StrEnum):
    UNKNOWN_ROUTE = "unknown_route"
    UNAUTHORIZED = "unauthorized"
    INVALID_FORM_BODY = "invalid_form_body"
    EMPTY_MESSAGE = "empty_message"
    BAD_CALLBACK_TYPE = "bad_callback_type"
    UNKNOWN_INTERACTION = "unknown_interaction"
    ALREADY_ACKNOWLEDGED = "already_acknowledged"
    UNKNOWN_WEBHOOK = "unknown_webhook"
    TOKEN_EXPIRED = "token_expired"
    WOULD_PING = "would_ping"
    MISSING_ALLOWED_MENTIONS = "missing_allowed_mentions"


@dataclass(frozen=True)
class Problem:
    path: Path
    code: str
    message: str

    def __str__(self) -> str:
        where = ".".join(str(part) for part in self.path) or "<body>"
        return f"{where}: {self.message}"

    def under(self, *prefix: str | int) -> Problem:
        return Problem((*prefix, *self.path), self.code, self.message)


def form_errors(problems: list[Problem]) -> JSON:
    """Nest problems the way Discord's 50035 ``errors`` object does."""
    root: JSON = {}
    for problem in problems:
        node = root
        for part in problem.path:
            node = node.setdefault(str(part), {})
        node.setdefault("_errors", []).append({"code": problem.code, "message": problem.message})
    return root


@dataclass(frozen=True)
class Violation:
    kind: Kind
    route: str
    reason: str
    payload: Any = None

    def __str__(self) -> str:
        return f"[{self.kind}] {self.route}: {self.reason}"


class ViolationLog:
    """Every violation in order; tests consume the ones they expect with :meth:`take`."""

    def __init__(self) -> None:
        self._items: list[Violation] = []

    def record(self, kind: Kind, route: str, reason: str, payload: Any = None) -> Violation:
        violation = Violation(kind, route, reason, payload)
        self._items.append(violation)
        return violation

    def take(self, kind: Kind | None = None) -> list[Violation]:
        """Remove and return the violations of ``kind`` (all of them when ``kind`` is None)."""
        taken = [v for v in self._items if kind is None or v.kind == kind]
        self._items = [v for v in self._items if v not in taken]
        return taken

    async def wait_for(self, kind: Kind, *, timeout: float = 5.0) -> Violation:
        """Wait until a violation of ``kind`` is logged, then take and return it."""
        await wait_until(
            lambda: any(v.kind == kind for v in self._items),
            timeout=timeout,
            what=lambda: f"a {kind} violation (log: {self.describe()})",
        )
        return self.take(kind)[0]

    def describe(self) -> str:
        return "; ".join(str(v) for v in self._items) or "(empty)"

    def assert_empty(self) -> None:
        if self._items:
            lines = "\n".join(f"  {v}" for v in self._items)
            raise AssertionError(f"the bot broke Discord's rules:\n{lines}")
