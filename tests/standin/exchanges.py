"""One interaction's life at the stand-in, and the reply a test waits for.

An :class:`Exchange` starts when the stand-in dispatches INTERACTION_CREATE and records
how the bot answered it. A :class:`Reply` is the test's live view of that exchange.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from .clock import Clock
from .problems import JSON, ViolationLog
from .waiting import POLL_INTERVAL, wait_until
from .world import StoredMessage, World

PING, COMMAND, COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5
MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE, CHOICES, MODAL = 4, 5, 6, 7, 8, 9
ALLOWED_CALLBACKS: dict[int, set[int]] = {
    PING: {1},
    COMMAND: {MESSAGE, DEFERRED_MESSAGE, MODAL},
    COMPONENT: {MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE, MODAL},
    AUTOCOMPLETE: {CHOICES},
    MODAL_SUBMIT: {MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE},
}
FIRST_ANSWER_WINDOW = 3.0
TOKEN_LIFETIME = 15 * 60.0


class NoResponse(AssertionError):
    """The bot did not answer an interaction the way a user would have seen an answer."""


@dataclass
class Exchange:
    id: int
    token: str
    kind: int
    payload: JSON
    channel_id: int
    dispatched_at: float
    """When INTERACTION_CREATE went out, on the stand-in's clock."""
    callback_at: float | None = None
    """When the first callback request for it arrived (accepted or not), on the same clock:
    ``callback_at - dispatched_at`` is the first-response latency the user feels."""
    component_message_id: int | None = None
    callback_type: int | None = None
    original_id: int | None = None
    settled: bool = False
    """A deferred answer (type 5/6) has been completed by an edit or a follow-up."""
    followup_ids: list[int] = field(default_factory=list)
    choices: list[JSON] | None = None
    modal: JSON | None = None

    @property
    def acknowledged(self) -> bool:
        return self.callback_type is not None

    @property
    def complete(self) -> bool:
        if self.callback_type in (DEFERRED_MESSAGE, DEFERRED_UPDATE):
            return self.settled or bool(self.followup_ids)
        return self.callback_type is not None

    def age(self, clock: Clock) -> float:
        return clock.now() - self.dispatched_at

    def describe(self) -> str:
        data = self.payload.get("data") or {}
        what = data.get("name") or data.get("custom_id") or "?"
        return f"interaction {self.id} (type {self.kind}, {what!r})"


class Exchanges:
    def __init__(self) -> None:
        self._by_id: dict[int, Exchange] = {}
        self._by_token: dict[str, Exchange] = {}

    def open(self, exchange: Exchange) -> Exchange:
        self._by_id[exchange.id] = exchange
        self._by_token[exchange.token] = exchange
        return exchange

    def by_id(self, interaction_id: int) -> Exchange | None:
        return self._by_id.get(interaction_id)

    def by_token(self, token: str) -> Exchange | None:
        return self._by_token.get(token)


class Reply:
    """What the user saw in answer to an interaction; it follows later edits and follow-ups."""

    def __init__(
        self, exchange: Exchange, world: World, clock: Clock, violations: ViolationLog
    ) -> None:
        self.exchange = exchange
        self._world = world
        self._clock = clock
        self._violations = violations

    def __repr__(self) -> str:
        return f"<Reply type={self.type} message={self.message!r} followups={self.followups!r}>"

    @property
    def type(self) -> int | None:
        """The first accepted callback type (4 message, 5/6 deferred, 7 update, 8, 9)."""
        return self.exchange.callback_type

    @property
    def deferred(self) -> bool:
        return self.type in (DEFERRED_MESSAGE, DEFERRED_UPDATE)

    @property
    def message(self) -> StoredMessage | None:
        """The answer's message: the response itself, or the component message it updated."""
        original = self.exchange.original_id
        return None if original is None else self._world.message(original)

    @property
    def followups(self) -> list[StoredMessage]:
        return [self._world.message(mid) for mid in self.exchange.followup_ids]

    @property
    def messages(self) -> list[StoredMessage]:
        first = [self.message] if self.message is not None else []
        return first + self.followups

    @property
    def choices(self) -> list[JSON]:
        if self.exchange.choices is None:
            raise AssertionError(f"{self.exchange.describe()} got no autocomplete answer")
        return list(self.exchange.choices)

    @property
    def modal(self) -> JSON | None:
        return self.exchange.modal

    def _require_message(self) -> StoredMessage:
        message = self.message
        if message is None:
            raise AssertionError(f"{self.exchange.describe()} has no message (type {self.type})")
        return message

    @property
    def content(self) -> str:
        return self._require_message().content

    @property
    def embeds(self) -> list[JSON]:
        return self._require_message().embeds

    @property
    def components(self) -> list[JSON]:
        return self._require_message().components

    @property
    def flags(self) -> int:
        return self._require_message().flags

    @property
    def ephemeral(self) -> bool:
        return self._require_message().ephemeral

    @property
    def text(self) -> str:
        return self._require_message().text

    async def wait(self, timeout: float = 5.0) -> Reply:
        """Wait until the answer is complete (a deferral counts once it is filled in).

        Raises :class:`NoResponse` as soon as the 3-second window closes unanswered (what
        the user sees as "The application did not respond"), or after ``timeout`` seconds.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        exchange = self.exchange
        while not exchange.complete:
            if not exchange.acknowledged and exchange.age(self._clock) > FIRST_ANSWER_WINDOW:
                raise NoResponse(
                    f"{exchange.describe()} was not answered within {FIRST_ANSWER_WINDOW:g}s; "
                    f"violations: {self._violations.describe()}"
                )
            if loop.time() > deadline:
                raise NoResponse(
                    f"{exchange.describe()} not complete after {timeout:g}s "
                    f"(callback type {exchange.callback_type}); "
                    f"violations: {self._violations.describe()}"
                )
            await asyncio.sleep(POLL_INTERVAL)
        return self

    async def wait_followups(self, count: int, timeout: float = 5.0) -> list[StoredMessage]:
        """Wait until at least ``count`` follow-up messages exist and return them."""
        await wait_until(
            lambda: len(self.exchange.followup_ids) >= count,
            timeout=timeout,
            what=lambda: (
                f"{count} follow-ups to {self.exchange.describe()} "
                f"(has {len(self.exchange.followup_ids)})"
            ),
        )
        return self.followups
