"""Topic look-up and autocomplete suggestions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.engine.library import Library
from bot.engine.search import index_tokens
from bot.engine.topics import EXACT, FUZZY, MAX_CHOICE, MAX_SUGGESTIONS, PREFIX, TEXT, TopicNames
from tests.conftest import NODEJS, WriteCorpus


def first(library: Library, name: str) -> str:
    matches = library.topic(name)
    assert matches, f"no topic for {name!r}"
    return matches[0].topic.name


def test_bundled_topics_by_exact_partial_and_misspelled_names(bundled: Library) -> None:
    assert first(bundled, "umma") == "Solidifying the Islamic Ummah"
    assert first(bundled, "inteligence gathering") == "2. Intelligence Gathering"
    assert first(bundled, "Conclusion") == "Conclusion"
    assert first(bundled, "enhancing safety") == "Enhancing Safety and Security"
    assert first(bundled, "disaster respnse").startswith("Islamic Nation's Disaster Response")


def test_nodejs_topics_by_api_name(nodejs: Library) -> None:
    assert first(nodejs, "fs readfile") == "fs.readFile(path[, options], callback)"
    assert first(nodejs, "fs.readFileSync") == "fs.readFileSync(path[, options])"
    near = [m.topic.name for m in nodejs.topic("File system readfile", limit=5)]
    assert "fs.readFile(path[, options], callback)" in near
    # The method's own entry, not the overview listing it among others with fewer words.
    assert first(nodejs, "Buffer.alloc") == "Static method: Buffer.alloc(size[, fill[, encoding]])"
    assert first(nodejs, "buffer.allocUnsafe") == "Static method: Buffer.allocUnsafe(size)"


def test_lead_in_topic_covers_its_paragraphs_until_the_next_lead_in(bundled: Library) -> None:
    [match] = bundled.topic("1. Diplomacy", limit=1)
    covered = [bundled.corpus.texts[i] for i in bundled.topics.passages(match)]
    assert covered[0].startswith("**1. Diplomacy:**")
    assert covered[1].startswith("**Example:**")
    assert len(covered) == 2
    [example] = bundled.topic("Example", limit=1)
    assert len(bundled.topics.passages(example)) == 1


def test_ranks_exact_then_prefix_then_fuzzy(nodejs: Library) -> None:
    ranks = [m.rank for m in nodejs.topic("Class: Buffer", limit=10)]
    assert ranks[0] == EXACT
    assert ranks == sorted(ranks)
    prefix = nodejs.topic("Class: Buf", limit=3)
    assert prefix[0].rank == PREFIX
    assert nodejs.topic("Clas Bufer", limit=1)[0].rank == FUZZY


def test_a_name_opening_with_stop_words_starts_with_the_words_after_them(
    bundled: Library, rust_book: Library
) -> None:
    assert first(bundled, "role of international cooperation").startswith(
        "The Role of International Cooperation"
    )
    assert first(rust_book, "ownership") == "What Is Ownership?"


def test_suggestions_fit_discord_and_resolve_back(nodejs: Library) -> None:
    for typed in ("", "f", "fs.re", "stream pipe", "x" * 300, "😀", "ﻣﺮﺣﺒﺎ"):
        suggestions = nodejs.suggest_topics(typed)
        assert len(suggestions) <= MAX_SUGGESTIONS
        for s in suggestions:
            assert 1 <= len(s.label) <= MAX_CHOICE and 1 <= len(s.value) <= MAX_CHOICE
    for s in nodejs.suggest_topics("readfile"):
        assert nodejs.topic(s.value)[0].rank == EXACT


def test_document_filter(bundled: Library) -> None:
    matches = bundled.topic("conclusion", documents=["interests"], limit=5)
    assert matches and {m.section.doc for m in matches} == {
        bundled.document("interests").index  # type: ignore[union-attr]
    }


def test_a_section_is_found_by_its_citation_id(nodejs: Library) -> None:
    corpus = nodejs.corpus
    shown = {t.section for t in corpus.topics if not t.leadin and t.passage >= 0}
    named = [s for s in corpus.sections if s.headings and s.headings[-1] and s.index in shown]
    assert len(named) > 1000
    for section in named[::7]:
        doc_id = corpus.documents[section.doc].id
        [match] = nodejs.topic(f"{doc_id}/{section.slug}", limit=1)
        assert corpus.sections[match.topic.section] is section


def test_a_sidebar_quote_is_a_topic_of_its_own(write_corpus: WriteCorpus) -> None:
    library = Library.load(
        write_corpus(
            {
                "own.md": "# Ownership\n\nRules.\n\n> ### The Stack and the Heap\n>\n"
                "> Both are parts of memory.\n\nBack to ownership.\n"
            }
        )
    )
    [match] = library.topic("stack and heap", limit=1)
    assert match.topic.name == "The Stack and the Heap"
    assert match.passage.text.startswith("> ### The Stack and the Heap")


LIGHTHOUSES = {
    "lights.md": (
        "# Lights\n\n"
        "## Fresnel Lenses\n\n"
        "Rings of glass prisms bend the lamp's beam into one bright ray.\n\n"
        "## Keepers\n\n"
        "The keeper trimmed the wick at dusk and wound the clockwork.\n\n"
        "### Daily Log\n\n"
        "Each night the keeper wrote the weather and every passing ship.\n"
    )
}


def test_a_topic_no_heading_names_is_found_by_its_sections_text(
    write_corpus: WriteCorpus,
) -> None:
    library = Library.load(write_corpus(LIGHTHOUSES))
    matches = library.topic("glass prisms bend the beam")
    assert [m.topic.name for m in matches][:1] == ["Fresnel Lenses"]
    assert matches[0].rank == TEXT
    assert "prisms" in matches[0].passage.text
    # A heading that answers wins, and text is not searched then.
    assert [(m.topic.name, m.rank) for m in library.topic("lenses fresnel", limit=1)] == [
        ("Fresnel Lenses", FUZZY)
    ]


def test_sections_found_by_text_are_each_named_once_and_hold_every_word(
    write_corpus: WriteCorpus,
) -> None:
    library = Library.load(write_corpus(LIGHTHOUSES))
    names = [m.topic.name for m in library.topic("keeper night ship", limit=5)]
    assert names == ["Daily Log"]
    # No spelling of "lantern" is in the corpus: a passage holding the other two words
    # does not answer the whole query.
    assert library.topic("keeper wick lantern") == []
    assert library.topic("zzqx vrrk") == []


def test_a_random_passage_of_a_topic_needs_a_topic_by_name(write_corpus: WriteCorpus) -> None:
    library = Library.load(write_corpus(LIGHTHOUSES))
    assert library.topic("glass prisms bend the beam")
    pick = library.random("k", topic="glass prisms bend the beam")
    assert pick.passage is None and pick.note and "No topic matches" in pick.note


def test_names_collected_as_each_document_loads_are_those_of_the_whole_corpus(
    nodejs: Library, tmp_path: Path
) -> None:
    def state(names: list[Any]) -> list[tuple[object, ...]]:
        return sorted((n.key, n.leaf, n.path, tuple(n.topics)) for n in names)

    at_once = TopicNames(index_tokens)
    at_once.add(nodejs.corpus)
    assert state(nodejs.topics.names_state()) == state(at_once.names)
    cached = Library.load(NODEJS, cache_dir=tmp_path)
    assert state(cached.topics.names_state()) == state(at_once.names)


def test_a_document_and_its_first_section_are_one_answer(write_corpus: WriteCorpus) -> None:
    """A file without a title heading is named after the file: that document and its
    first section both open on the same passage, which the answers hold once."""
    library = Library.load(
        write_corpus(
            {
                "advanced-traits.md": "## Advanced Traits\n\nAssociated types.\n",
                "traits.md": "## Shared Behavior\n\nA trait defines behavior.\n",
            }
        )
    )
    opened = [m.passage.citation_id for m in library.topic("advanced traits") if m.passage]
    assert opened == ["advanced-traits/advanced-traits/1", "traits/shared-behavior/1"]


def test_a_name_in_another_form_of_its_words_comes_first(nodejs: Library) -> None:
    """ "streams" names the Stream module, before "Streams Promises API", which only starts
    with the word; code is not matched so: `socket.destroyed` is not `socket.destroy()`."""
    assert first(nodejs, "streams") == "Stream"
    assert first(nodejs, "socket.destroy") == "socket.destroy([error])"


def test_of_names_matching_alike_the_one_higher_in_its_document_comes_first(
    write_corpus: WriteCorpus,
) -> None:
    """A broad query means the section a chapter opens with, not a subsection."""
    library = Library.load(
        write_corpus(
            {
                "d.md": "# Doc\n\n## Alpha Traits\n\nTop text.\n\n## Intro\n\nSome intro.\n\n"
                "### Gamma Traits\n\nDeep text.\n"
            }
        )
    )
    assert [m.topic.name for m in library.topic("traits")] == ["Alpha Traits", "Gamma Traits"]


BESTIARY = {
    "arcana.md": "# Spellcasting\n\nMagic is cast from slots.\n",
    "monsters.md": (
        "# Monsters\n\n"
        "## Lich\n\n"
        "***Spellcasting.*** The lich is an 18th-level spellcaster.\n\n"
        "***Actions***\n\n"
        "***Paralyzing Touch.*** Cold damage, and the target is paralyzed.\n\n"
        "***Bite.*** Piercing damage.\n\n"
        "**Legendary Actions**\n\n"
        "The lich can take 3 legendary actions.\n\n"
        "***Cantrip.*** The lich casts a cantrip.\n\n"
        "## Owlbear\n\n"
        "***Keen Sight and Smell.*** The owlbear has advantage on sight checks.\n"
    ),
}


def test_a_stat_block_names_its_traits_and_its_titles(write_corpus: WriteCorpus) -> None:
    """A rules reference: traits run in bold italics, "Actions" is a bold title alone over
    the first of them; each is a topic, the title running on to the next title."""
    library = Library.load(write_corpus(BESTIARY))
    [touch] = library.topic("lich paralyzing touch", limit=1)
    assert touch.topic.name == "Paralyzing Touch"
    assert touch.passage.text.startswith("***Actions***")
    assert [library.corpus.texts[i][:12] for i in library.topics.passages(touch)] == [
        "***Actions**"
    ]
    [actions] = library.topic("lich actions", limit=1)
    assert actions.topic.name == "Actions"
    covered = [library.corpus.texts[i] for i in library.topics.passages(actions)]
    assert [text.split("\n")[0][:16] for text in covered] == ["***Actions***", "***Bite.*** Pier"]
    [legendary] = library.topic("lich legendary actions", limit=1)
    assert len(library.topics.passages(legendary)) == 2
    assert first(library, "keen sight and smell") == "Keen Sight and Smell"
    # Autocomplete: the title and the trait sharing a passage each come back as themselves.
    for typed, name in (("lich actions", "Actions"), ("lich paralyzing", "Paralyzing Touch")):
        [suggestion] = [s for s in library.suggest_topics(typed) if s.label.startswith(name)]
        [chosen] = library.topic(suggestion.value, limit=1)
        assert chosen.topic.name == name


def test_of_places_bearing_a_name_the_one_the_query_also_names_comes_first(
    write_corpus: WriteCorpus,
) -> None:
    """ "lich spellcasting": the Lich's trait, not the chapter titled "Spellcasting", whose
    title only repeats the name the query matched."""
    library = Library.load(write_corpus(BESTIARY))
    found = library.topic("lich spellcasting", limit=2)
    assert [(m.topic.name, m.section.name) for m in found] == [
        ("Spellcasting", "Lich"),
        ("Spellcasting", ""),
    ]


def test_a_heading_with_no_text_after_it_is_neither_answered_nor_suggested(
    write_corpus: WriteCorpus,
) -> None:
    """ "The End" closing a book: nothing to show, so /topic neither answers with it nor
    offers it as a close topic, and "The Ponds", which shares only its "the", is no answer
    either. A heading with no text of its own before another opens on the text after it."""
    library = Library.load(
        write_corpus(
            {
                "book.md": "# Meditations\n\n## Part One\n\n### Book One\n\n"
                "From my grandfather Verus.\n\n## The Ponds\n\nWalden is blue.\n\n## The End\n",
            }
        )
    )
    assert [m.topic.name for m in library.topic("the end", by_text=False)] == []
    [part] = library.topic("part one", by_text=False, limit=1)
    assert part.topic.name == "Part One"
    assert part.passage.text == "From my grandfather Verus."
    assert "The End" not in {s.label.split(" — ")[0] for s in library.suggest_topics("the e")}
    assert [s.label for s in library.suggest_topics("")] == [
        "Meditations — Meditations",
        "Part One — Meditations",
        "Book One — Meditations",
        "The Ponds — Meditations",
    ]
    # Nor does a name that shares only the query's stop words ("the").
    assert [m.topic.name for m in library.topic("the ponds", by_text=False)] == ["The Ponds"]


def test_a_signature_stacked_on_the_next_opens_on_their_shared_text(nodejs: Library) -> None:
    """`http.get(options[, callback])` heads nothing: the text under
    `http.get(url[, options][, callback])` just after it documents both."""
    [match] = nodejs.topic("http.get(options[, callback])", limit=1)
    assert match.topic.name == "http.get(options[, callback])"
    assert match.passage.section.name == "http.get(url[, options][, callback])"


def test_a_four_letter_word_missing_a_letter_is_read_as_the_name_word(
    write_corpus: WriteCorpus,
) -> None:
    """Four letters have no typo budget, but a word not among the names' words with a letter
    left out or two swapped is still that word, as in search: beside another misspelled
    word, it made the name answer no query at all."""
    library = Library.load(
        write_corpus(
            {
                "walden.md": "# Walden\n\n## Brute Neighbors\n\nA mouse lived under the house.\n\n"
                "## The Village\n\nMy neighbors, brute and kind, and other neighbors.\n",
                "spells.md": "# Spells\n\n## Produce Flame\n\nA flickering flame appears.\n\n"
                "## Cantrips\n\nProduce Flame, Sacred Flame: each cantrip can produce flame.\n",
            }
        )
    )
    for query, name in (
        ("brue neighbtrs", "Brute Neighbors"),
        ("pvoduce flme", "Produce Flame"),
        ("prodcue flaem", "Produce Flame"),
    ):
        [match] = library.topic(query, limit=1)
        assert (match.topic.name, match.rank) == (name, FUZZY), query
