"""Property tests: whatever the corpus and the input, every message fits Discord's limits."""

from __future__ import annotations

import itertools
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.engine.library import Library
from bot.rendering import answers
from bot.rendering import custom_ids as ids
from bot.rendering.message import Message
from tests.rendering.discord_limits import violations

NASTY_BITS = st.sampled_from(
    [
        "@everyone",
        "@here",
        "<@123456789012345678>",
        "<@&42>",
        "<#99>",
        "**",
        "```",
        "`",
        "||spoiler||",
        "~~",
        "> ",
        "# ",
        "\u202e",
        "\u200b",
        "😀",
        "👨‍👩‍👧‍👦",
        "𝔘𝔫𝔦",
        "قرآن",
        "\n",
        "[x](https://e.com)",
        ":",
    ]
)
WORDS = st.lists(
    st.one_of(st.text(min_size=1, max_size=12), NASTY_BITS), min_size=1, max_size=40
).map(" ".join)
LONG = st.one_of(WORDS, st.integers(1, 3).flatmap(lambda n: st.just("long words " * 900 * n)))
TITLE = st.one_of(WORDS, st.just("T" * 400), st.just("word " * 120))


@st.composite
def corpus_files(draw: st.DrawFn) -> dict[str, str]:
    files: dict[str, str] = {}
    for n in range(draw(st.integers(1, 3))):
        title = draw(TITLE).replace("\n", " ").replace('"', "'")
        source = draw(st.one_of(st.none(), st.just("https://example.com/" + "p" * 1200), WORDS))
        front = f'---\ntitle: "{title}"\n'
        if source is not None:
            front += f"source: {source.replace(chr(10), ' ')!r}\n"
        author = draw(st.one_of(st.none(), TITLE))
        if author is not None:
            front += f"author: {author.replace(chr(10), ' ')!r}\n"
        parts = [front + "---\n"]
        for _ in range(draw(st.integers(0, 4))):
            level = draw(st.integers(2, 6))
            heading = draw(TITLE).replace("\n", " ")
            parts.append(f"{'#' * level} {heading}\n")
            for _ in range(draw(st.integers(0, 3))):
                parts.append(draw(LONG) + "\n")
                if draw(st.booleans()):
                    parts.append("```\n" + draw(LONG) + "\n```\n")
        files[f"doc{n}.md"] = "\n".join(parts)
    return files


def check(message: Message) -> None:
    problems = violations(message.to_dict())
    assert not problems, problems


def every_answer(library: Library, query: str) -> list[Message]:
    messages = [
        answers.search(library, query, public=True),
        answers.search(library, query, page=2),
        answers.search(library, "words", document=query),
        answers.topic(library, query),
        answers.random(library, "k", topic=query),
        answers.random(library, "k"),
        answers.cite(library, query),
        answers.documents(library),
        answers.documents(library, query),
        answers.find_source(library, query),
        answers.help_(library),
        answers.help_(library, [query]),
    ]
    for doc in library.documents:
        messages.append(answers.documents(library, doc.id))
    corpus = library.corpus
    for index in range(min(len(corpus), 12)):
        passage = corpus.passage(index)
        for public in (True, False):
            messages.append(answers.show(library, passage, public, shared_by=query, note=query))
    for section in corpus.sections[:6]:
        from bot.rendering.excerpts import section_page

        messages.append(section_page(library, section, 1, public=True))
        messages.append(section_page(library, section, 99, public=False))
    # Press every button of every message once.
    pressed: list[Message] = []
    for message in messages:
        for button in itertools.islice(message.buttons(), 8):
            action = ids.parse(button.custom_id or "")
            if action is not None and action.verb not in (ids.PIN, ids.POST, ids.SAVE):
                pressed.append(answers.action(library, action, public=True))
    return messages + pressed


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(files=corpus_files(), query=st.one_of(WORDS, st.just("x" * 6000), st.just("")))
def test_every_message_fits(tmp_path: Path, files: dict[str, str], query: str) -> None:
    root = tmp_path / f"c{abs(hash((tuple(files.items()), query)))}"
    root.mkdir()
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    library = Library.load(root)
    for message in every_answer(library, query):
        check(message)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.one_of(WORDS, st.text(max_size=6000)))
def test_every_message_fits_on_real_corpora(bundled: Library, nodejs: Library, query: str) -> None:
    for library in (bundled, nodejs):
        for message in every_answer(library, query)[:14]:
            check(message)


def test_custom_ids_round_trip_and_refuse_forgeries() -> None:
    made = ids.make(ids.NEXT, "interests/islamic-nation-protects/3")
    action = ids.parse(made)
    assert action is not None and action.values == {"cid": "interests/islamic-nation-protects/3"}
    for forged in (
        "",
        "xb",
        "xb:next",
        "xb:next:",
        "xb:next:../../etc",
        "xb:pin:a/b/c/d",
        "xb:sect:x:a/b",
        "xb:nope:a/b/1",
        "other:next:a/b/1",
        "xb:next:a/b/1" + "x" * 100,
        made[:-2] + "\x00",
    ):
        assert ids.parse(forged) is None, forged
    long_query = ids.search_id(2, "doc", "q" * 500)
    assert len(long_query) == 100 and ids.parse(long_query) is not None
    astral = ids.search_id(2, "doc", "😀" * 80)
    assert len(astral.encode("utf-16-le")) // 2 <= 100 and ids.parse(astral) is not None
