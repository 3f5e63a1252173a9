"""Fenced code blocks, line by line, as CommonMark reads them: everything that rewrites lines
of Markdown (containers before parsing, soft breaks and tables in excerpts) leaves code alone."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

MAX_NESTING = 32
"""Containers nested deeper than this (admonitions, divs, directives) are left as written:
each level is a call, and a file of thousands of unclosed openers must not exhaust the
stack."""
_BACKTICKS = re.compile(r"`+")
FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
"""A fence: up to three spaces of indentation, then three or more backticks or tildes."""


def fence_after(fence: str, line: str) -> tuple[bool, str]:
    """Whether `line` belongs to a fenced code block, and the fence open after it ("" for
    none), given `fence`, the one open before it. A backtick fence's info string holds no
    backtick; a closing fence is at least as long as its opener, with nothing after it."""
    found = FENCE.match(line)
    if not fence:
        if found is None or (found.group(1)[0] == "`" and "`" in line[found.end() :]):
            return False, ""
        return True, found.group(1)
    closes = (
        found is not None
        and found.group(1)[0] == fence[0]
        and len(found.group(1)) >= len(fence)
        and not line[found.end() :].strip()
    )
    return True, "" if closes else fence


def outside_code(lines: Sequence[str], start: int) -> Iterator[tuple[int, str]]:
    """(index, line) of each line from `start` on that is not part of a fenced code block
    (taking `start` to be outside one)."""
    fence = ""
    for index in range(start, len(lines)):
        in_code, fence = fence_after(fence, lines[index])
        if not in_code:
            yield index, lines[index]


def fence_for(code: str) -> str:
    """A backtick fence that `code` cannot close: three, or one more than its longest run."""
    longest = max(map(len, _BACKTICKS.findall(code)), default=0)
    return "`" * max(3, longest + 1)
