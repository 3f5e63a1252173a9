"""/help: its examples come from the documents the member can read, and work."""

from __future__ import annotations

from bot.engine.library import Library
from bot.rendering import answers
from bot.rendering.help import examples_from


def test_every_example_answers_on_the_corpus_it_was_drawn_from(
    srd: Library, classics: Library, nodejs: Library
) -> None:
    for library in (srd, classics, nodejs):
        examples = examples_from(library)
        assert examples is not None
        assert library.search(examples.search).hits, examples
        assert library.topic(examples.topic, by_text=False), examples
        assert library.document(examples.document) is not None
        for cid in examples.cite.split():
            assert library.cite(cid).exact, cid


def test_examples_keep_to_a_reading_list(nodejs: Library) -> None:
    examples = examples_from(nodejs, ["fs", "path"])
    assert examples is not None
    assert examples.document in {"fs", "path"}
    assert all(cid.split("/")[0] in {"fs", "path"} for cid in examples.cite.split())
    assert examples_from(nodejs, ["atlantis"]) is None
    text = answers.help_(nodejs, ["atlantis"]).embeds[0].fields[0].value
    assert "Example" not in text and "Full-text search" in text


def test_an_empty_cite_shows_an_id_of_the_corpus(srd: Library) -> None:
    [embed] = answers.cite(srd, "  ").embeds
    assert embed.description is not None
    example = embed.description.split("`/cite ")[1].rstrip("`.")
    assert srd.cite(example).exact
    [scoped] = answers.cite(srd, " ", documents=["atlantis"]).embeds
    assert scoped.description == "Give a citation id (shown under every excerpt)."
