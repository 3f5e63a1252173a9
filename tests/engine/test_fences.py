"""Fenced code blocks, line by line."""

from __future__ import annotations

from bot.engine.fences import fence_after


def test_a_fence_opens_and_only_its_own_kind_closes_it() -> None:
    lines = ["text", "````md", "```", "~~~", "```` x", "````", "after"]
    fence = ""
    seen = []
    for line in lines:
        in_code, fence = fence_after(fence, line)
        seen.append(in_code)
    assert seen == [False, True, True, True, True, True, False]


def test_a_backtick_run_with_a_backtick_after_it_is_no_fence() -> None:
    assert fence_after("", "``` a ` b") == (False, "")
    assert fence_after("", "~~~ a ` b") == (True, "~~~")
