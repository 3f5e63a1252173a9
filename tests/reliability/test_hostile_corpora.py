"""Hostile corpora: loading never crashes, every problem is reported with file, line and
reason, the good files still serve, and every message rendered from what loaded fits."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from bot.engine.library import Library
from bot.engine.model import Severity
from bot.rendering import answers
from bot.rendering import custom_ids as ids
from bot.rendering.excerpts import section_page
from tests.reliability.hostile_corpora import CASES, Expect
from tests.rendering.discord_limits import violations

MAX_RENDERED = 60
"""Passages rendered per case (the 10,000-file case would otherwise render them all)."""


def render_everything(library: Library) -> list[dict[str, object]]:
    corpus = library.corpus
    messages = [
        answers.search(library, "lighthouse"),
        answers.search(library, "everyone here code", public=True),
        answers.topic(library, "heading"),
        answers.random(library, "channel"),
        answers.documents(library),
        answers.find_source(library, "This passage must still serve"),
    ]
    step = max(1, len(corpus) // MAX_RENDERED)
    for index in range(0, len(corpus), step):
        passage = corpus.passage(index)
        for public in (True, False):
            messages.append(answers.show(library, passage, public))
        messages.append(answers.cite(library, passage.citation_id))
    for doc in library.documents[:MAX_RENDERED]:
        messages.append(answers.documents(library, doc.id))
    for section in corpus.sections[:: max(1, len(corpus.sections) // MAX_RENDERED)]:
        messages.append(section_page(library, section, 1, public=True))
        messages.append(section_page(library, section, 10_000, public=False))
    pressed = []
    for message in messages[:20]:
        for button in itertools.islice(message.buttons(), 6):
            action = ids.parse(button.custom_id or "")
            if action is not None and action.verb not in (ids.PIN, ids.POST, ids.SAVE):
                pressed.append(answers.action(library, action, public=True))
    return [m.to_dict() for m in messages + pressed]


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_corpus(name: str, tmp_path: Path) -> None:
    root = tmp_path / name
    root.mkdir()
    expect: Expect = CASES[name](root)
    library = Library.load(root)
    corpus = library.corpus
    serving = {doc.file for doc in corpus.documents}
    assert expect.serving <= serving, f"not serving: {expect.serving - serving}"
    problems = {p.file: p for p in corpus.problems}
    for file, word in expect.reported.items():
        assert file in problems, f"{file} not reported; problems: {list(problems)}"
        assert word.lower() in problems[file].reason.lower(), problems[file]
    for file in expect.skipped:
        assert problems[file].severity is Severity.SKIPPED
        assert file not in serving
    for problem in corpus.problems:
        assert problem.file and problem.reason
        assert problem.line >= 0
    for payload in render_everything(library):
        assert not violations(payload), violations(payload)
    if "good.md" in expect.serving:
        # A link to good.md ("alias.md") serves the same text and may rank first.
        top = library.search("lighthouse").hits[0].passage
        assert top.doc.file in expect.serving and "lighthouse" in top.text
