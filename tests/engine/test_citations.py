"""Citation ids: shape, uniqueness, stability across edits, and resolving old ids."""

from __future__ import annotations

import re

from bot.engine.citations import MAX_ID, parse_citation
from bot.engine.library import Library
from bot.engine.loader import load_corpus
from tests.conftest import NODEJS, WriteCorpus

ID_SHAPE = re.compile(r"^[a-z0-9_-]+/[a-z0-9_-]+/\d+$")


def all_ids(library: Library) -> list[str]:
    corpus = library.corpus
    return [corpus.passage(i).citation_id for i in range(len(corpus))]


def test_ids_are_short_readable_and_unique_on_real_corpora(
    bundled: Library, nodejs: Library
) -> None:
    for library in (bundled, nodejs):
        ids = all_ids(library)
        assert len(ids) == len(set(ids))
        assert all(len(i) <= MAX_ID and ID_SHAPE.match(i) for i in ids)


def test_every_id_resolves_to_its_own_passage(nodejs: Library) -> None:
    corpus = nodejs.corpus
    for index in range(0, len(corpus), 37):
        passage = corpus.passage(index)
        resolution = nodejs.cite(passage.citation_id)
        assert resolution.exact and resolution.passage is not None
        assert resolution.passage.index == index


def test_duplicate_and_long_headings_still_get_unique_ids(write_corpus: WriteCorpus) -> None:
    long = "A very long heading that goes on and on about many things at length"
    root = write_corpus(
        {
            "doc.md": f"# D\n\n## Usage\n\none\n\n## Usage\n\ntwo\n\n## {long}\n\nthree\n\n"
            f"## {long} too\n\nfour\n\n### Usage\n\nfive\n\n## ١٢٣ عربي\n\nsix\n"
        }
    )
    corpus = load_corpus(root)
    ids = [corpus.passage(i).citation_id for i in range(len(corpus))]
    assert len(set(ids)) == 6
    assert all(len(i) <= MAX_ID for i in ids)
    assert ids[0] == "doc/usage/1"


def test_ids_survive_text_edits_and_new_sections_elsewhere(write_corpus: WriteCorpus) -> None:
    before = "# D\n\n## Alpha\n\nfirst\n\nsecond\n\n## Beta\n\nthird\n"
    after = "# D\n\n## Alpha\n\nfirst, edited\n\nsecond\n\n## New\n\nadded\n\n## Beta\n\nthird\n"
    old = load_corpus(write_corpus({"d.md": before}))
    old_ids = {old.texts[i]: old.passage(i).citation_id for i in range(len(old))}
    new = load_corpus(write_corpus({"d.md": after}))
    new_ids = {new.texts[i]: new.passage(i).citation_id for i in range(len(new))}
    assert old_ids["second"] == new_ids["second"] == "d/alpha/2"
    assert old_ids["third"] == new_ids["third"] == "d/beta/1"
    assert old_ids["first"] == new_ids["first, edited"]


def test_a_changed_passage_says_so_and_serves_the_current_text(
    write_corpus: WriteCorpus,
) -> None:
    root = write_corpus({"d.md": "# D\n\n## Alpha\n\noriginal words\n"})
    old = Library.load(root)
    cited = old.corpus.passage(0)
    versioned = f"{cited.citation_id}@{cited.version}"
    assert old.cite(versioned).exact
    (root / "d.md").write_text("# D\n\n## Alpha\n\nrewritten words\n")
    new = Library.load(root)
    resolution = new.cite(versioned)
    assert not resolution.exact
    assert resolution.passage is not None and resolution.passage.text == "rewritten words"
    assert resolution.note is not None and "changed" in resolution.note


def test_unknown_ids_get_the_closest_current_passage(bundled: Library) -> None:
    real = bundled.corpus.passage(5).citation_id
    doc, slug, _ = real.split("/")
    typo_doc = bundled.cite(f"{doc[:-1]}/{slug}/1")
    assert typo_doc.passage is not None and typo_doc.passage.doc.id == doc
    assert typo_doc.note is not None and "closest" in typo_doc.note
    past_end = bundled.cite(f"{doc}/{slug}/999")
    assert past_end.passage is not None and past_end.passage.section.slug == slug
    assert "999" in (past_end.note or "")
    nothing = bundled.cite("zzzzzz/qqqq/1")
    assert nothing.passage is None and nothing.note


def test_words_that_are_no_id_get_the_passage_they_find_but_not_for_numbers_alone(
    nodejs: Library,
) -> None:
    words = nodejs.cite("readFile encoding")
    assert words.passage is None
    assert [p.section.slug for p in words.alternatives][:1] == ["fs-readfile-path-options-callback"]
    # Another corpus's id shares only its numbers with this one: nothing to offer.
    other = nodejs.cite("11-monsters/owlbear/3")
    assert other.passage is None and other.alternatives == [] and other.note


def test_a_shortened_id_gets_the_section_it_begins_or_names(nodejs: Library) -> None:
    def section_of(typed: str) -> str:
        found = nodejs.cite(typed)
        assert found.passage is not None and not found.exact
        assert found.note is not None and "closest" in found.note
        return f"{found.passage.doc.id}/{found.passage.section.slug}"

    # The start of a long id, cut at a word: that section, not a shorter look-alike
    # (`statfs-files`) nor one that goes on with more letters (`fs-readfilesync-…`).
    assert section_of("fs/fs-readfile") == "fs/fs-readfile-path-options-callback"
    # Its words inside the id, and an abbreviated document id.
    assert section_of("child/spawn").startswith("child-process/child-process-spawn")
    # A word begun: the first section with a word beginning so.
    assert section_of("fs/readfi") == "fs/filehandle-readfile-options"
    # A misspelled whole id still gets its closest spelling.
    assert section_of("fs/fs-readfile-path-options-callbak") == (
        "fs/fs-readfile-path-options-callback"
    )


def test_autocomplete_offers_the_sections_a_typed_slug_begins_or_a_word_of_it(
    nodejs: Library,
) -> None:
    begun = [s.value for s in nodejs.suggest_citations("fs/fs-readfile")]
    assert begun and all(v.startswith("fs/fs-readfile") for v in begun)
    worded = [s.value for s in nodejs.suggest_citations("fs/readfi")]
    assert "fs/filehandle-readfile-options/1" in worded
    assert all("-readfile" in v for v in worded)


def test_parse_citation_is_forgiving() -> None:
    assert parse_citation("  `Interests/Islamic-Nation/3@AbC123` ") == (
        "interests",
        "islamic-nation",
        3,
        "abc123",
    )
    assert parse_citation("interests") == ("interests", None, None, None)
    assert parse_citation("") == ("", None, None, None)


def test_nodejs_ids_read_like_their_headings() -> None:
    corpus = load_corpus(NODEJS)
    fs = next(d for d in corpus.documents if d.file == "fs.md")
    sections = corpus.sections[fs.first_section : fs.first_section + fs.section_count]
    slugs = {s.slug for s in sections}
    assert "fs-readfile-path-options-callback" in slugs


def test_a_documents_id_keeps_its_file_name_when_its_path_is_long(
    write_corpus: WriteCorpus,
) -> None:
    """A docs site's pages sit deep in folders: their ids must tell them apart by name,
    not all start "guide-essentials" and end in a number."""
    pages = ("computed", "watchers", "template-syntax", "class-and-style")
    root = write_corpus(
        {
            **{f"guide/essentials/{name}.md": f"# {name}\n\ntext\n" for name in pages},
            "sub/inner.md": "# Inner\n\ntext\n",
            "reference/configuration-options-advanced.md": "# Options\n\ntext\n",
            "Arrian/Enchiridion of Epictetus.md": "# Enchiridion\n\ntext\n",
            "ch07-03-paths-for-referring-to-an-item.md": "# Paths\n\ntext\n",
        }
    )
    ids = {d.file: d.id for d in load_corpus(root).documents}
    assert ids == {
        "guide/essentials/computed.md": "essentials-computed",
        "guide/essentials/watchers.md": "essentials-watchers",
        "guide/essentials/template-syntax.md": "template-syntax",
        "guide/essentials/class-and-style.md": "class-and-style",
        "sub/inner.md": "sub-inner",  # the whole path, where it fits
        "reference/configuration-options-advanced.md": "configuration",
        # A name cut short does not end on a word that only joined it to the rest.
        "Arrian/Enchiridion of Epictetus.md": "enchiridion",
        "ch07-03-paths-for-referring-to-an-item.md": "ch07-03-paths",
    }


def test_a_heading_with_its_own_id_is_cited_by_it(write_corpus: WriteCorpus) -> None:
    """The author's id (the page's anchor) names the section: readable where the heading's
    words make no ASCII slug, and stable when the heading is reworded."""
    library = Library.load(
        write_corpus(
            {
                "d.md": "# D\n\n## 声明响应式状态 {#declaring-reactive-state}\n\nText one.\n\n"
                "## Deep Watchers {#deep}\n\nText two.\n\n## 列表渲染\n\nText three.\n"
            }
        )
    )
    assert all_ids(library) == ["d/declaring-reactive-state/1", "d/deep/1", "d/section-3/1"]
