"""Vetting every message the bot sends or edits, wherever it goes.

Interaction answers, follow-ups, webhook edits and channel messages all pass through here:
form errors are answered as Discord answers them, and mention problems are only logged
(Discord would deliver the message, and the ping).
"""

from __future__ import annotations

from aiohttp import web

from .mentions import ping_reasons
from .problems import JSON, Kind, ViolationLog
from .responses import error, invalid_form_body
from .validate_messages import check_message, is_empty


class Gatekeeper:
    def __init__(self, violations: ViolationLog, *, require_allowed_mentions: bool) -> None:
        self._violations = violations
        self.require_allowed_mentions = require_allowed_mentions
        """Log every bot message without ``allowed_mentions`` (the project's rule)."""

    def vet_new(
        self, route: str, data: JSON, *, prefix: tuple[str, ...] = ()
    ) -> web.Response | None:
        """None when ``data`` may be sent as a new message, else Discord's error answer."""
        refusal = self._vet_form(route, data, prefix)
        if refusal is not None:
            return refusal
        if is_empty(data):
            self._violations.record(Kind.EMPTY_MESSAGE, route, "empty message", data)
            return error(400, 50006, "Cannot send an empty message")
        self._vet_mentions(route, data, creating=True)
        return None

    def vet_edit(
        self, route: str, data: JSON, merged: JSON, *, prefix: tuple[str, ...] = ()
    ) -> web.Response | None:
        """Like :meth:`vet_new` for an edit; ``merged`` is the message as it would become."""
        refusal = self._vet_form(route, data, prefix)
        if refusal is not None:
            return refusal
        if is_empty(merged):
            self._violations.record(
                Kind.EMPTY_MESSAGE, route, "edit leaves the message empty", data
            )
            return error(400, 50006, "Cannot send an empty message")
        self._vet_mentions(route, data, creating=False)
        return None

    def _vet_form(self, route: str, data: JSON, prefix: tuple[str, ...]) -> web.Response | None:
        problems = [problem.under(*prefix) for problem in check_message(data)]
        if not problems:
            return None
        reason = "; ".join(str(problem) for problem in problems)
        self._violations.record(Kind.INVALID_FORM_BODY, route, reason, data)
        return invalid_form_body(problems)

    def _vet_mentions(self, route: str, data: JSON, *, creating: bool) -> None:
        # Discord notifies nobody about mentions an edit adds, and discord.py sends
        # allowed_mentions with an edit only when the edit sets content.
        if creating:
            for reason in ping_reasons(data):
                self._violations.record(Kind.WOULD_PING, route, f"would ping: {reason}", data)
        carries_text = creating or "content" in data
        if self.require_allowed_mentions and carries_text and "allowed_mentions" not in data:
            self._violations.record(
                Kind.MISSING_ALLOWED_MENTIONS, route, "message sent without allowed_mentions", data
            )
