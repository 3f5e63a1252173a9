"""The latency ring buffer and the per-member limit of buttons with side effects."""

from __future__ import annotations

from bot.discord_app.state import ActionLimiter, LatencyRecorder


def test_percentiles_over_a_bounded_window() -> None:
    recorder = LatencyRecorder(size=100)
    assert recorder.percentile(50) is None
    for ms in range(1, 1001):
        recorder.record(ms / 1000)
    assert len(recorder) == 100, "only the last samples are kept"
    assert recorder.percentile(50) == 950.0
    assert recorder.percentile(99) == 999.0
    assert recorder.percentile(100) == 1000.0


def test_timing_records_a_sample() -> None:
    recorder = LatencyRecorder()
    with recorder.timing():
        pass
    assert len(recorder) == 1


def test_action_limiter_per_member() -> None:
    limiter = ActionLimiter(rate=2, per=10)
    assert limiter.hit(1, now=100) is None
    assert limiter.hit(1, now=101) is None
    bucket = limiter.hit(1, now=102)
    assert bucket is not None and bucket.get_retry_after(102) > 0
    assert limiter.hit(2, now=102) is None
    assert limiter.hit(1, now=200) is None, "a stale bucket is forgotten"
