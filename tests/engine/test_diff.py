"""What a reload changed: passages added, changed and removed, by citation id and text."""

from __future__ import annotations

from pathlib import Path

from bot.engine.diff import diff_corpora, passage_texts
from bot.engine.loader import load_corpus
from tests.conftest import WriteCorpus

ALPHA = """# Alpha

Alpha opens here.

## Safety

First about safety.

Second about safety.
"""


def test_identical_corpora_differ_in_nothing(write_corpus: WriteCorpus) -> None:
    root = write_corpus({"alpha.md": ALPHA, "beta.md": "# Beta\n\nOnly one.\n"})
    first, second = load_corpus(root), load_corpus(root)
    diff = diff_corpora(first, second)
    assert diff.empty
    assert diff.unchanged == len(first) == 4


def test_added_changed_removed(write_corpus: WriteCorpus) -> None:
    root = write_corpus({"alpha.md": ALPHA, "beta.md": "# Beta\n\nOnly one.\n"})
    before = load_corpus(root)
    (root / "alpha.md").write_text(
        ALPHA.replace("Second about", "Second, edited, about") + "\nThird about safety.\n",
        encoding="utf-8",
    )
    (root / "beta.md").unlink()
    after = load_corpus(root)
    diff = diff_corpora(before, after)
    assert diff.added == ["alpha/safety/3"]
    assert diff.changed == ["alpha/safety/2"]
    assert diff.removed == ["beta/intro/1"]
    assert diff.unchanged == 2
    assert not diff.empty


def test_passage_texts_match_the_passages(write_corpus: WriteCorpus) -> None:
    corpus = load_corpus(write_corpus({"alpha.md": ALPHA}))
    expected = [(corpus.passage(i).citation_id, corpus.passage(i).text) for i in range(len(corpus))]
    assert list(passage_texts(corpus)) == expected


def test_an_empty_corpus_removes_everything(write_corpus: WriteCorpus, tmp_path: Path) -> None:
    before = load_corpus(write_corpus({"alpha.md": ALPHA}))
    after = load_corpus(tmp_path / "missing")
    diff = diff_corpora(before, after)
    assert len(diff.removed) == len(before) and not diff.added and not diff.changed
