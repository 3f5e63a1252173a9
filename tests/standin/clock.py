"""Time as the stand-in sees it: real time plus an offset a test can push forward.

Interaction deadlines (3 s for the first answer, 15 min for follow-ups) are measured with
this clock, so a test can make an answer late without sleeping.
"""

from __future__ import annotations

import datetime as dt
import time


class Clock:
    """Monotonic seconds for deadlines and aware UTC datetimes for timestamps."""

    def __init__(self) -> None:
        self._offset = 0.0

    def now(self) -> float:
        return time.monotonic() + self._offset

    def utcnow(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC) + dt.timedelta(seconds=self._offset)

    def advance(self, seconds: float) -> None:
        """Jump forward: everything measured from now on looks ``seconds`` later."""
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        self._offset += seconds
