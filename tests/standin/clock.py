"""Time as the stand-in sees it: real time plus an offset a test can push forward.

Interaction deadlines (3 s for the first answer, 15 min for follow-ups) are measured with
this clock, so a test can make an answer late without sleeping. A bot given this clock
(its ``utcnow`` and ``sleep``) lives in the same time: ``advance`` wakes its sleepers, so a
scheduled job runs as soon as the test moves the clock past its time.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import time


class Clock:
    """Monotonic seconds for deadlines and aware UTC datetimes for timestamps."""

    def __init__(self) -> None:
        self._offset = 0.0
        self._sleepers: set[asyncio.Event] = set()

    def now(self) -> float:
        return time.monotonic() + self._offset

    def utcnow(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC) + dt.timedelta(seconds=self._offset)

    def advance(self, seconds: float) -> None:
        """Jump forward: everything measured from now on looks ``seconds`` later."""
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        self._offset += seconds
        for sleeper in list(self._sleepers):
            sleeper.set()

    def advance_to(self, moment: dt.datetime) -> None:
        """Jump forward to the aware datetime ``moment`` (which must not be in the past)."""
        if moment.tzinfo is None:
            raise ValueError("give an aware datetime")
        self.advance(max(0.0, (moment - self.utcnow()).total_seconds()))

    async def sleep(self, seconds: float) -> None:
        """Return once this clock reads ``seconds`` later than now, whether real time
        passed or the test advanced the clock."""
        target = self.utcnow() + dt.timedelta(seconds=max(0.0, seconds))
        while (left := (target - self.utcnow()).total_seconds()) > 0:
            woken = asyncio.Event()
            self._sleepers.add(woken)
            try:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(woken.wait(), timeout=left)
            finally:
                self._sleepers.discard(woken)
