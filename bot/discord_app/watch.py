"""`corpus.watch: true`: reload the corpus by itself when its files change.

The folder is watched with `watchfiles` (inotify, FSEvents or ReadDirectoryChangesW through
the Rust `notify` crate, so nothing is rescanned while nothing changes; set
`WATCHFILES_FORCE_POLLING=1` where events do not arrive, e.g. some network or container
bind mounts). Changes are gathered until the folder has been quiet for `SETTLE_SECONDS`
(an editor saving, `git pull` or `rsync` touch many files in a burst: one reload, not
twenty), then the corpus is reloaded exactly as `/corpus reload` does it, under the same
lock: the diff is logged, and a reload that fails (a folder emptied mid-copy, unreadable
files) keeps the old corpus serving.

Changes inside the index cache or the state folder, when they sit inside the corpus folder,
are ignored: the reload itself writes there.

When the corpus is an mdBook's source folder, the whole book folder is watched: its
chapters include listings from beside `src` (see `includes.include_root`); its build
output (`book/`) is not.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Sequence
from pathlib import Path

import watchfiles

from bot.discord_app.corpus_admin import reload_library
from bot.discord_app.state import BotState
from bot.engine.includes import build_output, include_root

log = logging.getLogger(__name__)

SETTLE_SECONDS = 2.0
"""Quiet time after the last change before reloading."""
MAX_GATHER_SECONDS = 30.0
"""A folder that never stops changing is still reloaded this often."""
MISSING_RETRY_SECONDS = 5.0
TICK_MS = 1000
"""How often the watching thread reports in while nothing changes (see `watching`)."""


class CorpusFilter(watchfiles.DefaultFilter):
    """watchfiles' usual filter (editor swap files, .git...) less the bot's own folders."""

    def __init__(self, ignore: Sequence[Path | str]) -> None:
        super().__init__(ignore_paths=[str(p) for p in ignore])


class CorpusWatcher:
    """Watches `state.settings.corpus.path` and reloads after changes settle."""

    def __init__(self, state: BotState, *, ignore: Sequence[Path] = ()) -> None:
        self.state = state
        self.path = state.settings.corpus.path
        self.ignore = [p.resolve() for p in ignore]
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.reloads = 0
        """Reloads this watcher started (for tests and logs)."""
        self.watching = False
        """True once the folder is being watched (changes from then on are seen)."""

    def start(self) -> None:
        if self._task is None:
            self._stop.clear()
            self._task = asyncio.create_task(self._run(), name="corpus-watch")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is None:
            return
        self._stop.set()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    async def _run(self) -> None:
        # A book's build output is no corpus file: `mdbook build` must not reload the corpus.
        # (Ignored paths are prefixes: with its separator, `book/` is not `book.toml`.)
        output = build_output(self.path)
        inside_output = [os.path.join(output.resolve(), "")] if output else []
        watch_filter = CorpusFilter([*self.ignore, *inside_output])
        missing_logged = False
        while not self._stop.is_set():
            if not self.path.is_dir():
                if not missing_logged:
                    log.warning("corpus.watch: %s is not a folder; waiting for it", self.path)
                    missing_logged = True
                await asyncio.sleep(MISSING_RETRY_SECONDS)
                continue
            missing_logged = False
            root = include_root(self.path)
            log.info("corpus.watch: watching %s", root)
            try:
                async for changes in watchfiles.awatch(
                    root.resolve(),  # reported paths then compare with `ignore`
                    watch_filter=watch_filter,
                    step=int(SETTLE_SECONDS * 1000),
                    debounce=int(MAX_GATHER_SECONDS * 1000),
                    stop_event=self._stop,
                    rust_timeout=TICK_MS,
                    yield_on_timeout=True,
                ):
                    self.watching = True
                    if not changes:  # a tick: nothing changed
                        continue
                    files = sorted({Path(path).name for _, path in changes})
                    log.info(
                        "corpus.watch: %d change(s) (%s); reloading",
                        len(changes),
                        ", ".join(files[:5]) + (" …" if len(files) > 5 else ""),
                    )
                    async with self.state.reload_lock:
                        _, swapped = await reload_library(self.state)
                    self.reloads += 1
                    if not swapped:
                        log.warning("corpus.watch: the previous corpus keeps serving")
                    if not self.path.is_dir():
                        self.watching = False
                        break  # the folder went away: wait for it to come back
            except (FileNotFoundError, RuntimeError, OSError) as exc:
                self.watching = False
                log.warning("corpus.watch: watching %s stopped (%s); retrying", self.path, exc)
                await asyncio.sleep(MISSING_RETRY_SECONDS)
