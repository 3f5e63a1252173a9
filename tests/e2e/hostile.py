"""What the hostile-input modules share: one bot per module, the people who attack it, the
inputs they type, and the checks every answer must pass.

A module opens one :func:`arena` (a stand-in and the bot on the bundled corpus, started as
`python -m bot run` starts it) and runs its hypothesis examples against it. The actors:

- ``member``: a plain member of a guild the bot knows, in #general (whole corpus);
- ``bare``: a member of that guild with no permissions at all;
- ``scoped``: a member in #quotes, whose reading list is the `disaster` document only;
- ``stranger``: a member of a guild created after the bot connected, so it never had a
  GUILD_CREATE for it (an unknown guild: no cached guild, channel or permissions);
- ``dm``: someone in a direct message with the bot.

:func:`settle` is the contract of every answer: it arrives within Discord's 3 seconds,
the stand-in saw nothing Discord would refuse (limits, double answers, pings), no mention
syntax survives in what was sent, nothing was logged at ERROR, and a member whose channel
has a reading list never sees a passage from outside it.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from bot.discord_app.client import ExcerptBot
from bot.engine.library import Library
from bot.rendering import answers, excerpts
from bot.rendering import custom_ids as ids
from bot.rendering.answers import MAX_CITATIONS, MAX_QUERY
from bot.rendering.limits import prefix_within, size
from bot.rendering.message import Message, Select
from tests.conftest import BUNDLED
from tests.e2e.conftest import HEARTBEAT_MS, Launcher, cited
from tests.standin import (
    MEMBER_DEFAULT,
    Actor,
    Channel,
    FakeDiscord,
    Guild,
    Member,
    Perm,
    Reply,
    StoredMessage,
)
from tests.standin.exchanges import FIRST_ANSWER_WINDOW
from tests.standin.mentions import mentions_in

SCOPED_DOCUMENT = "disaster"
"""The only document #quotes sees (its reading list)."""
ACTOR_NAMES = ("member", "bare", "scoped", "stranger", "dm")

EXAMPLES = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
"""Few examples per property: each one is a real round trip through discord.py."""


# -- errors logged while the bot serves ----------------------------------------------------


class ErrorTrap(logging.Handler):
    """Collects ERROR records of the bot and discord.py, so each example can be checked
    (the e2e conftest checks the whole test; this names the example that did it)."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith(("bot", "discord")):
            self.records.append(record)

    def take(self) -> list[str]:
        found = [f"{r.name}: {r.getMessage()}" for r in self.records]
        self.records.clear()
        return found


@contextlib.contextmanager
def trapping_errors() -> Iterator[ErrorTrap]:
    trap = ErrorTrap()
    root = logging.getLogger()
    root.addHandler(trap)
    try:
        yield trap
    finally:
        root.removeHandler(trap)


# -- the arena ------------------------------------------------------------------------------


class Arena:
    """The module's stand-in and bot, and who acts on it (a plain class: hypothesis prints
    a failing example's arguments, and this one prints short)."""

    def __init__(
        self,
        fake: FakeDiscord,
        bot: ExcerptBot,
        guild: Guild,
        general: Channel,
        quotes: Channel,
        unknown_guild: Guild,
        actors: dict[str, Actor],
        mod: Member,
        errors: ErrorTrap,
    ) -> None:
        self.fake = fake
        self.bot = bot
        self.guild = guild
        self.general = general
        self.quotes = quotes
        self.unknown_guild = unknown_guild
        self.actors = actors
        self.mod = mod
        """May pin in #general."""
        self.errors = errors

    def __repr__(self) -> str:
        return "<the module's bot and stand-in>"

    def actor(self, name: str) -> Actor:
        return self.actors[name]


@contextlib.asynccontextmanager
async def arena(folder: Path) -> AsyncIterator[Arena]:
    """A stand-in with a guild (#general, #quotes with a reading list) and the bot serving
    the bundled corpus; the unknown guild is added once the bot is connected."""
    with trapping_errors() as trap:
        async with FakeDiscord(heartbeat_interval_ms=HEARTBEAT_MS) as fake:
            guild = fake.add_guild("Study Group", channels=["general", "quotes"])
            general, quotes = guild.text_channels[:2]
            launcher = Launcher(fake, folder)
            config = launcher.settings(
                reading_lists=[{"channel": quotes.id, "documents": [SCOPED_DOCUMENT]}]
            )
            async with launcher.running(config) as bot:
                unknown = fake.add_guild("Never Seen", channels=["lobby"])
                actors: dict[str, Actor] = {
                    "member": fake.member(guild, "member"),
                    "bare": fake.member(guild, "bare", permissions=0),
                    "scoped": fake.member(guild, "scoped", channel=quotes),
                    "stranger": fake.member(unknown, "stranger"),
                    "dm": fake.dm_user("dana"),
                }
                mod = fake.member(guild, "mod", permissions=MEMBER_DEFAULT | Perm.PIN_MESSAGES)
                yield Arena(fake, bot, guild, general, quotes, unknown, actors, mod, trap)
                assert bot.is_ready(), "the bot lost its connection"
        fake.violations.assert_empty()


def in_unknown_guild(arena: Arena) -> bool:
    return arena.unknown_guild.id not in {g.id for g in arena.bot.guilds}


# -- the contract of every answer ----------------------------------------------------------


async def settle(arena: Arena, pending: Reply, actor: Actor, *, timeout: float = 5.0) -> Reply:
    """Wait for the answer to `pending` and check what every answer must be."""
    reply = await pending.wait(timeout)
    exchange = reply.exchange
    assert exchange.callback_at is not None, f"{exchange.describe()}: no first response"
    latency = exchange.callback_at - exchange.dispatched_at
    assert latency < FIRST_ANSWER_WINDOW, f"{exchange.describe()}: first answer after {latency}"
    broken = arena.fake.violations.take()
    assert not broken, "\n".join(str(v) for v in broken)
    for message in reply.messages:
        assert not mentions_in(message.payload), message.payload
    errors = arena.errors.take()
    assert not errors, "\n".join(errors)
    if actor is arena.actors["scoped"]:
        for message in reply.messages:
            outside = [cid for cid in shown_ids(message) if not in_scope(cid)]
            assert not outside, f"#quotes sees only {SCOPED_DOCUMENT!r}, got {outside}"
    return reply


def shown_ids(message: StoredMessage) -> list[str]:
    """Citation ids a message shows: its excerpts' footers and its select's options."""
    found = cited(message)
    for select in message.selects():
        found += [str(option["value"]) for option in select.get("options") or []]
    return found


def in_scope(cid: str) -> bool:
    return cid.split("/", 1)[0] == SCOPED_DOCUMENT


def is_private_notice(reply: Reply) -> bool:
    """A short private answer with no buttons (a notice or a refusal)."""
    message = reply.message
    return (
        message is not None
        and message.ephemeral
        and not message.buttons()
        and not message.selects()
        and len(message.text) <= 2000
    )


# -- what people type --------------------------------------------------------------------------


@functools.cache
def bundled() -> Library:
    """The bundled corpus as the bot loads it (for ids, headings and document names)."""
    return Library.load(BUNDLED, seed=7)


@functools.cache
def real_ids() -> tuple[str, ...]:
    corpus = bundled().corpus
    return tuple(corpus.passage(i).citation_id for i in range(len(corpus)))


@functools.cache
def real_headings() -> tuple[str, ...]:
    return tuple(sorted({topic.name for topic in bundled().corpus.topics}))


@functools.cache
def real_documents() -> tuple[str, ...]:
    return tuple(doc.id for doc in bundled().documents)


PIECES = (
    "@everyone",
    "@here",
    "<@123456789012345678>",
    "<@!123456789012345678>",
    "<@&987654321098765432>",
    "<#555555555555555555>",
    "</search:1>",
    "**",
    "__",
    "~~",
    "`",
    "```",
    "||",
    "> ",
    "# ",
    "-# ",
    "[x](https://example.com)",
    "\\",
    "\u202e",  # right-to-left override
    "\u200b",  # zero-width space
    "\u200d",  # zero-width joiner
    "\ufeff",
    "\u0301",  # a lone combining accent
    "\x00",
    "\ud800",  # a lone surrogate: what a stray "\ud800" escape in the JSON decodes to
    "\n",
    "\t",
    "😀",
    "👩‍👩‍👧",
    "🇫🇷",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "قرآن",
    "Ｗｉｄｅ",
    "security",
    "disaster relief",
    "inteligence",
    "umma",
    "/",
    ":",
    ",",
    "@",
    "*",
    "~",
    '"',
)
"""Markup, mention syntax, invisible, astral and unpaired characters, words the corpus has."""


def _joined(parts: list[str]) -> str:
    return "".join(parts)


def hostile_text(min_size: int = 1, max_size: int = MAX_QUERY) -> st.SearchStrategy[str]:
    """Anything a member may type into a text option, within its length bounds."""
    mixed = st.lists(
        st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), min_size=1, max_size=30
    ).map(_joined)
    pieces = st.one_of(
        st.text(min_size=min_size, max_size=min(max_size, 120)),
        st.text(alphabet=st.characters(codec="utf-8"), min_size=min_size, max_size=60),
        mixed,
        st.deferred(lambda: st.sampled_from(real_headings())),
        st.sampled_from(("x" * max_size, "𝔘" * max_size, "a " * (max_size // 2), " " * 5)),
    )
    return pieces.map(lambda text: text[:max_size]).filter(lambda text: len(text) >= min_size)


def _mutate(draw: st.DrawFn, text: str) -> str:
    """One small edit: a character dropped, doubled, swapped for another, or the case."""
    if not text:
        return text
    at = draw(st.integers(0, len(text) - 1))
    how = draw(st.sampled_from(("drop", "double", "replace", "upper", "cut")))
    if how == "drop":
        return text[:at] + text[at + 1 :]
    if how == "double":
        return text[:at] + text[at] + text[at:]
    if how == "replace":
        return text[:at] + draw(st.sampled_from(("x", "/", "-", "😀", " ", "0"))) + text[at + 1 :]
    if how == "upper":
        return text.upper()
    return text[:at]


@st.composite
def one_citation(draw: st.DrawFn) -> str:
    """A real citation id, maybe mistyped or with a version; or anything else."""
    kind = draw(st.sampled_from(("real", "mistyped", "versioned", "other")))
    if kind == "other":
        return draw(hostile_text(max_size=60))
    cid = draw(st.sampled_from(real_ids()))
    if kind == "mistyped":
        return _mutate(draw, cid)
    if kind == "versioned":
        version = draw(st.text(alphabet="0123456789abcdefv", min_size=0, max_size=9))
        return f"{cid}@{version}"
    return cid


SEPARATORS = st.sampled_from((" ", ", ", ",", ";", "\n", " , ", "\t", ",,"))


@st.composite
def citation_input(draw: st.DrawFn) -> str:
    """What a member types into /cite: one id, or a list of several (ids and other)."""
    count = draw(st.integers(1, 14))
    parts = [draw(one_citation()) for _ in range(count)]
    text = parts[0]
    for part in parts[1:]:
        text += draw(SEPARATORS) + part
    text = text[:MAX_CITATIONS]
    return text if text.strip() else "?"


def real_id_list() -> st.SearchStrategy[list[str]]:
    return st.lists(st.deferred(lambda: st.sampled_from(real_ids())), min_size=2, max_size=14)


def lower_ids(text: str) -> list[str]:
    return [p for p in re.split(r"[\s,;]+", text.lower()) if p]


# -- custom_ids ---------------------------------------------------------------------------------

CUSTOM_ID_MAX = 100
VERBS = (
    ids.PREV,
    ids.NEXT,
    ids.SECTION,
    ids.POST,
    ids.PIN,
    ids.SAVE,
    ids.SEARCH,
    ids.OPEN,
    ids.TOC,
)


def rendered_ids(message: Message) -> list[str]:
    """The custom_ids of a rendered message's buttons and selects."""
    found = [b.custom_id for b in message.buttons() if b.custom_id]
    return found + [c.custom_id for row in message.rows for c in row if isinstance(c, Select)]


@functools.cache
def real_custom_ids() -> tuple[str, ...]:
    """The custom_ids the bot puts on its messages, rendered offline from the same corpus
    with the same code: excerpts (public and private), search pages (with astral characters
    in the query), a table of contents, a section, a reading list."""
    library = bundled()
    messages = [
        answers.cite(library, cid, public=public)
        for cid in ("interests/islamic-nation-protects/3", "interests/intro/1", "disaster/intro/1")
        for public in (True, False)
    ]
    messages += [
        answers.search(library, query, public=public)
        for query in ("security", "😀 security 👩‍👩‍👧 " + "𝔘" * 60, "cooperation disaster")
        for public in (True, False)
    ]
    messages.append(answers.documents(library, "interests"))
    messages.append(answers.cite(library, "interests/intro/1 disaster/intro/1 communities/intro/1"))
    corpus = library.corpus
    messages += [excerpts.section_page(library, s, 1, public=True) for s in corpus.sections[:3]]
    found: list[str] = []
    for message in messages:
        found += [cid for cid in rendered_ids(message) if cid not in found]
    # Ids the bot makes on pages these messages do not reach.
    found += [ids.make(ids.TOC, 2, "interests"), ids.search_id(1, "interests", "security")]
    return tuple(found)


def fits_custom_id(text: str) -> bool:
    return 1 <= size(text) <= CUSTOM_ID_MAX


@st.composite
def forged_custom_id(draw: st.DrawFn) -> str:
    """A custom_id as a damaged payload, an old release or a forger might send: real, cut
    anywhere (also inside a multi-unit character), edited, a known verb with anything after
    it, another bot's, or anything at all (always 1-100 UTF-16 units, as Discord allows)."""
    kind = draw(st.sampled_from(("real", "truncated", "mistyped", "verb", "foreign", "anything")))
    real = draw(st.sampled_from(real_custom_ids()))
    if kind == "real":
        text = real
    elif kind == "truncated":
        text = real[: draw(st.integers(1, max(1, len(real) - 1)))]
    elif kind == "mistyped":
        text = _mutate(draw, real)
    elif kind == "verb":
        tail = draw(st.one_of(hostile_text(max_size=80), one_citation()))
        text = f"{ids.PREFIX}:{draw(st.sampled_from(VERBS))}:{tail}"
    elif kind == "foreign":
        text = draw(st.sampled_from(("somebot:delete_all", "xb", "xb:", "xb::", "XB:NEXT:a/b/1")))
    else:
        text = draw(st.text(min_size=1, max_size=100))
    text = prefix_within(text, CUSTOM_ID_MAX)
    return text if fits_custom_id(text) else "x"
