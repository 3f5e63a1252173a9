"""Pytest fixtures for tests that drive a bot through the stand-in.

Use them from a conftest.py with ``from tests.standin.fixtures import *``. Options for
FakeDiscord come from a marker: ``@pytest.mark.standin(shard_count=2)``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from .server import FakeDiscord

__all__ = ["fake_discord", "pytest_configure"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "standin(**options): keyword arguments for the FakeDiscord of the test"
    )


@pytest.fixture
async def fake_discord(request: pytest.FixtureRequest) -> AsyncIterator[FakeDiscord]:
    """A running stand-in that discord.py points at.

    The test fails at teardown when violations are left in ``fake_discord.violations``;
    a test that provokes one on purpose takes it with ``violations.take`` or ``wait_for``.
    """
    marker = request.node.get_closest_marker("standin")
    options = dict(marker.kwargs) if marker else {}
    async with FakeDiscord(**options) as discord_:
        yield discord_
    discord_.violations.assert_empty()
