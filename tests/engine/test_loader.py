"""Loading corpus folders: documents, sections, passages, topics, and every kind of bad file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.engine.loader import load_corpus
from bot.engine.model import Severity, TopicKind
from tests.conftest import BUNDLED, CLASSICS, DND_SRD, NODEJS, RUST_BOOK, TLDR, WriteCorpus


def test_authors_listed_as_quarto_and_hugo_list_them_are_one_line(
    write_corpus: WriteCorpus,
) -> None:
    root = write_corpus(
        {
            "a.md": "---\nauthor: [Ann, Bo]\n---\nText.\n",
            "b.qmd": "---\nauthor:\n  - name: Ann\n    affiliation: X\n"
            "  - name:\n      given: Bo\n      family: Li\n---\nText.\n",
            "c.md": "---\nauthor: [[nested]]\n---\nText.\n",
        }
    )
    corpus = load_corpus(root)
    assert [d.author for d in corpus.documents] == ["Ann, Bo", "Ann, Bo Li", None]
    assert [(p.file, p.severity) for p in corpus.problems] == [("c.md", Severity.WARNING)]
    assert "expected text, got list" in corpus.problems[0].reason


def test_front_matter_title_id_source_and_sections(write_corpus: WriteCorpus) -> None:
    root = write_corpus(
        {
            "guide.md": "---\ntitle: The Guide\nid: guide\nsource: https://example.com/g\n"
            "author: Ann\ntags: [a, b]\n---\n# Heading One\n\nIntro text.\n\n## Part\n\n"
            "Part text.\n\n### Sub\n\nSub text.\n\n## Other\n\nOther text.\n"
        }
    )
    corpus = load_corpus(root)
    assert corpus.problems == []
    [doc] = corpus.documents
    assert (doc.id, doc.title, doc.source, doc.author, doc.tags) == (
        "guide",
        "The Guide",
        "https://example.com/g",
        "Ann",
        ("a", "b"),
    )
    paths = [(s.headings, s.count) for s in corpus.sections]
    assert paths == [((), 1), (("Part",), 1), (("Part", "Sub"), 1), (("Other",), 1)]
    citations = [corpus.passage(i).citation for i in range(len(corpus))]
    assert citations == [
        "The Guide ¶1",
        "The Guide › Part ¶1",
        "The Guide › Part › Sub ¶1",
        "The Guide › Other ¶1",
    ]
    assert corpus.passage(2).line == 18


def test_title_falls_back_to_first_heading_then_file_name(write_corpus: WriteCorpus) -> None:
    root = write_corpus(
        {
            "a.md": "# From Heading\n\ntext\n",
            "my_notes-file.md": "no heading at all\n\nsecond paragraph\n",
            "b.md": "## Starts at level two\n\ntext\n",
            "Introduction to Bases.md": "An Obsidian note, named by its file.\n",
        }
    )
    corpus = load_corpus(root)
    titles = {d.file: d.title for d in corpus.documents}
    assert titles == {
        "a.md": "From Heading",
        "my_notes-file.md": "My notes file",
        "b.md": "B",
        "Introduction to Bases.md": "Introduction to Bases",
    }
    notes = next(d for d in corpus.documents if d.file == "my_notes-file.md")
    assert len(corpus.document_passages(notes)) == 2
    b = next(d for d in corpus.documents if d.file == "b.md")
    assert corpus.sections[b.first_section].headings == ("Starts at level two",)


def test_txt_files_are_plain_paragraphs(write_corpus: WriteCorpus) -> None:
    root = write_corpus({"notes.txt": "# not a heading\n\nSecond *para*.\r\n\r\nThird.\n"})
    corpus = load_corpus(root)
    [doc] = corpus.documents
    assert doc.markup is False
    assert list(corpus.texts) == ["# not a heading", "Second *para*.", "Third."]
    assert [corpus.passage(i).line for i in range(3)] == [1, 3, 5]


def test_crlf_and_bom_are_handled(write_corpus: WriteCorpus) -> None:
    text = "---\r\ntitle: Win\r\n---\r\n# H\r\n\r\nLine one\r\nline two\r\n"
    root = write_corpus({"win.md": b"\xef\xbb\xbf" + text.encode()})
    corpus = load_corpus(root)
    assert corpus.problems == []
    assert corpus.documents[0].title == "Win"
    assert list(corpus.texts) == ["Line one\nline two"]


def test_bad_files_are_reported_with_line_and_skipped(write_corpus: WriteCorpus) -> None:
    root = write_corpus(
        {
            "good.md": "# Good\n\nStill served.\n",
            "latin1.md": "# Caf\n\nline two\ncaf\xe9 here\n".encode("latin-1"),
            "binary.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00",
            "empty.md": "",
            "blank.txt": "  \n\n ",
        }
    )
    corpus = load_corpus(root)
    assert [d.file for d in corpus.documents] == ["good.md"]
    problems = {p.file: p for p in corpus.problems}
    assert problems["latin1.md"].line == 4
    assert "UTF-8" in problems["latin1.md"].reason
    assert problems["latin1.md"].severity is Severity.SKIPPED
    assert "binary" in problems["binary.md"].reason
    assert problems["empty.md"].severity is Severity.WARNING
    assert problems["blank.txt"].severity is Severity.WARNING
    assert len(corpus.skipped) == 2


def test_broken_front_matter_is_a_warning_and_the_text_still_loads(
    write_corpus: WriteCorpus,
) -> None:
    root = write_corpus(
        {
            "broken.md": "---\ntitle: [unclosed\n---\n# Heading\n\ntext\n",
            "listy.md": "---\n- a\n- b\n---\n# Listy\n\ntext\n",
            "badkey.md": "---\ntitle: {nested: map}\n---\n# Kept heading\n\ntext\n",
        }
    )
    corpus = load_corpus(root)
    assert sorted(d.title for d in corpus.documents) == ["Heading", "Kept heading", "Listy"]
    reasons = {p.file: (p.line, p.reason, p.severity) for p in corpus.problems}
    assert reasons["broken.md"][0] >= 2 and "invalid YAML" in reasons["broken.md"][1]
    assert "mapping" in reasons["listy.md"][1]
    assert "'title'" in reasons["badkey.md"][1]
    assert {r[2] for r in reasons.values()} == {Severity.WARNING}


def test_duplicate_and_invalid_ids_get_unique_ones(write_corpus: WriteCorpus) -> None:
    root = write_corpus(
        {
            "a.md": "---\nid: same\n---\n# A\n\ntext\n",
            "b.md": "---\nid: same\n---\n# B\n\ntext\n",
            "c.md": "---\nid: Not Valid!\n---\n# C\n\ntext\n",
        }
    )
    corpus = load_corpus(root)
    ids = [d.id for d in corpus.documents]
    assert ids[0] == "same" and len(set(ids)) == 3
    assert ids[2] == "c"
    assert sum("front matter id" in p.reason for p in corpus.problems) == 2


def test_recursive_hidden_and_other_files(write_corpus: WriteCorpus) -> None:
    root = write_corpus(
        {
            "top.md": "# Top\n\ntext\n",
            "sub/deeper/inner.markdown": "# Inner\n\ntext\n",
            ".hidden/secret.md": "# Secret\n\ntext\n",
            "image.png": b"\x89PNG",
            "notes.rst": "Title\n=====\n",
        }
    )
    corpus = load_corpus(root)
    assert sorted(d.file for d in corpus.documents) == ["sub/deeper/inner.markdown", "top.md"]
    assert corpus.documents[0].id == "sub-deeper-inner"
    # A document in a format the bot does not read is named, not passed over in silence.
    assert [(p.file, p.severity) for p in corpus.problems] == [("notes.rst", Severity.WARNING)]
    assert "reStructuredText" in corpus.problems[0].reason


def test_many_files_of_one_unread_format_are_one_warning(write_corpus: WriteCorpus) -> None:
    """A docs site keeps its examples' HTML templates beside its pages: one warning names
    them, not one each."""
    templates = {f"examples/{n:02d}/template.html": "<p>{{ msg }}</p>" for n in range(12)}
    corpus = load_corpus(write_corpus({"guide.md": "# Guide\n\ntext\n", **templates}))
    [problem] = corpus.problems
    assert problem.file == "examples/00/template.html"
    assert "HTML" in problem.reason and "11 more such files" in problem.reason
    assert "examples/01/template.html, examples/02/template.html and 9 more" in problem.reason


def test_symlink_outside_the_corpus_is_refused(write_corpus: WriteCorpus, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("# Secret\n\nnot for the bot\n")
    root = write_corpus({"inside.md": "# Inside\n\ntext\n"})
    os.symlink(outside, root / "link.md")
    os.symlink(root / "inside.md", root / "alias.md")
    os.symlink(root / "missing.md", root / "dangling.md")
    corpus = load_corpus(root)
    assert sorted(d.file for d in corpus.documents) == ["alias.md", "inside.md"]
    reasons = {p.file: p.reason for p in corpus.problems}
    assert "outside the corpus" in reasons["link.md"]
    assert "broken" in reasons["dangling.md"]


def test_unreadable_file_is_reported(
    write_corpus: WriteCorpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_corpus({"locked.md": "# Locked\n\ntext\n", "ok.md": "# Ok\n\ntext\n"})
    real_read = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        # Root reads any file whatever its mode, so refuse this one the way the OS would.
        if path.name == "locked.md":
            raise PermissionError(13, "Permission denied", str(path))
        return real_read(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    corpus = load_corpus(root)
    assert [d.file for d in corpus.documents] == ["ok.md"]
    assert "cannot read" in corpus.problems[0].reason


def test_missing_folder_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    corpus = load_corpus(tmp_path / "nope")
    assert len(corpus) == 0
    assert "does not exist" in corpus.problems[0].reason


def test_only_headings_is_a_warning_and_sections_remain(write_corpus: WriteCorpus) -> None:
    corpus = load_corpus(write_corpus({"h.md": "# T\n\n## A\n\n## B\n"}))
    assert [s.headings for s in corpus.sections] == [("A",), ("B",)]
    assert "only headings" in corpus.problems[0].reason


def test_topics_cover_documents_sections_and_lead_ins(write_corpus: WriteCorpus) -> None:
    root = write_corpus(
        {
            "d.md": "# Doc\n\n## Empty parent\n\n### Child\n\n**1. Lead:** one.\n\n"
            "More of one.\n\n**2. Other:** two.\n"
        }
    )
    corpus = load_corpus(root)
    kinds = [(t.kind, t.name, t.passage) for t in corpus.topics]
    assert kinds == [
        (TopicKind.DOCUMENT, "Doc", 0),
        (TopicKind.SECTION, "Empty parent", 0),
        (TopicKind.SECTION, "Child", 0),
        (TopicKind.LEADIN, "1. Lead", 0),
        (TopicKind.LEADIN, "2. Other", 2),
    ]


def test_bundled_corpus_loads_cleanly() -> None:
    corpus = load_corpus(BUNDLED)
    assert corpus.problems == []
    assert len(corpus.documents) == 5
    assert all(d.title and d.id for d in corpus.documents)


def test_nodejs_corpus_loads_cleanly_and_keeps_code_out_of_headings() -> None:
    corpus = load_corpus(NODEJS)
    assert corpus.problems == []
    assert len(corpus.documents) == 60
    headings = {h for s in corpus.sections for h in s.headings}
    assert not any(h.startswith(("#", "$", "//")) for h in headings)
    assert "fs.readFile(path[, options], callback)" in headings
    assert not any("<!--" in t and "-->" in t and t.startswith("<!--") for t in corpus.texts)


def test_the_rust_book_loads_cleanly_with_its_sidebars_as_topics() -> None:
    corpus = load_corpus(RUST_BOOK)
    assert corpus.problems == []
    assert len(corpus.documents) == 112
    topics = {t.name for t in corpus.topics}
    assert "The Stack and the Heap" in topics
    # A chapter that opens with a "##" heading is titled by its file name (PRODUCT.md).
    ownership = corpus.document("ch04-01-what-is")
    assert ownership is not None and ownership.title == "Ch04 01 what is ownership"


def test_the_classics_load_cleanly_as_long_paragraphs_of_prose() -> None:
    corpus = load_corpus(CLASSICS)
    assert corpus.problems == []
    assert len(corpus.documents) == 5
    walden = next(d for d in corpus.documents if d.file.endswith("Walden.md"))
    passages = corpus.document_passages(walden)
    assert len(passages) > 400
    # Mixed LF and CRLF line ends: no carriage return reaches a passage.
    assert not any("\r" in corpus.texts[i] for i in passages)


def test_the_srd_loads_cleanly_with_its_bold_titles_heading_their_text() -> None:
    corpus = load_corpus(DND_SRD)
    assert corpus.problems == []
    assert len(corpus.documents) == 17
    classes = corpus.document("02-classes")
    assert classes is not None and classes.title == "Classes"  # "Barbarian", "Bard", …
    sneak = next(t for t in corpus.topics if t.name == "Sneak Attack" and t.passage >= 0)
    text = corpus.passage(sneak.passage).text
    assert text.startswith("**Sneak Attack**\n\nBeginning at 1st level")
    assert not any(t.strip() in ("**Sneak Attack**", "**Expertise**") for t in corpus.texts)


def test_tldr_pages_load_with_each_item_holding_its_command() -> None:
    corpus = load_corpus(TLDR)
    assert corpus.problems == []
    assert len(corpus.documents) == 1176
    items = [t for t in corpus.texts if t.startswith("- ")]
    assert len(items) > 5000
    # Each "- what it does:" passage goes on to the command under it.
    alone = [t for t in items if t.rstrip().endswith(":")]
    assert alone == []
    assert all(t.startswith("> ") or t.startswith("- ") for t in corpus.texts)
    tar = corpus.document("tar")
    assert tar is not None and tar.title == "tar"


def test_a_heading_labelled_title_names_the_document_by_what_follows(
    write_corpus: WriteCorpus,
) -> None:
    root = write_corpus(
        {
            "walden.md": "# Title: Walden\n\n## Author: Henry David Thoreau\n\n## Economy\n\nT.\n",
            "titles.md": "# Titles: A History\n\nText.\n",
            "bare.md": "# Title:\n\nText.\n",
        }
    )
    titles = {d.id: d.title for d in load_corpus(root).documents}
    assert titles == {"walden": "Walden", "titles": "Titles: A History", "bare": "Title:"}


def test_headings_labelling_a_book_name_its_author_and_head_nothing(
    write_corpus: WriteCorpus,
) -> None:
    root = write_corpus(
        {
            "war.md": "# Title: The Art of War\n\n## Author: Sun Tzu\n\n## Year: 500 BC\n\n"
            "-------\n_Translated by Lionel Giles_\n\n### I. LAYING PLANS\n\nSun Tzu said.\n",
            "walden.md": "# Walden\n\n## Author: Thoreau\n## Translator: Nobody\n\n"
            "## Economy\n\nI lived alone.\n",
            "notes.md": "# Notes\n\n## Date: 3 May\n\nWe met.\n\n## Author: Ann\n\nHi.\n",
            "front.md": "---\nauthor: Given\n---\n# Front\n\n## By: Other\n\n## A\n\nText.\n",
        }
    )
    corpus = load_corpus(root)
    docs = {d.id: d for d in corpus.documents}
    sections = {
        d.id: [s.headings for s in corpus.sections if s.doc == d.index] for d in corpus.documents
    }
    assert docs["war"].author == "Sun Tzu (500 BC)"
    # The chapter is not nested below "Year: 500 BC"; the line under it is the intro.
    assert sections["war"] == [(), ("I. LAYING PLANS",)]
    intro = corpus.passage(corpus.sections[docs["war"].first_section].first)
    assert intro.text == "_Translated by Lionel Giles_"
    assert docs["walden"].author == "Thoreau; translated by Nobody"
    assert sections["walden"] == [("Economy",)]
    # Without an author first, a labelled heading is a part like any other.
    assert docs["notes"].author is None
    assert sections["notes"] == [("Date: 3 May",), ("Author: Ann",)]
    # The front matter's author comes first; the labelling heading is still no section.
    assert docs["front"].author == "Given"
    assert sections["front"] == [("A",)]
    names = {t.name for t in corpus.topics}
    assert names.isdisjoint({"Author: Sun Tzu", "Year: 500 BC", "Translator: Nobody", "By: Other"})


def test_a_file_name_as_a_title_loses_the_number_ordering_it(write_corpus: WriteCorpus) -> None:
    root = write_corpus(
        {
            "01-intro.md": "Text.\n",
            "10 magic items.md": "Text.\n",
            "001_setup.md": "Text.\n",
            "100 days.md": "Text.\n",
            "2024-report.md": "Text.\n",
            "07.md": "Text.\n",
        }
    )
    titles = {d.id: d.title for d in load_corpus(root).documents}
    assert titles == {
        "01-intro": "Intro",
        "10-magic-items": "Magic items",
        "001-setup": "Setup",
        "100-days": "100 days",
        "2024-report": "2024 report",
        "07": "07",
    }


def test_a_file_of_several_level_one_headings_is_named_by_its_file(
    write_corpus: WriteCorpus,
) -> None:
    # A rules book's classes chapter: "Barbarian", "Bard", ... each a level-1 heading.
    root = write_corpus(
        {
            "02 classes.md": "Barbarian\n=========\n\nRage.\n\n## Class Features\n\nHit dice.\n\n"
            "Rogue\n=====\n\n## Class Features\n\nSneak attack.\n",
            "one.md": "# Only Title\n\nText.\n\n## Part\n\nMore.\n",
        }
    )
    corpus = load_corpus(root)
    classes, one = corpus.documents
    assert (classes.id, classes.title) == ("02-classes", "Classes")
    paths = [corpus.passage(i).section.headings for i in corpus.document_passages(classes)]
    assert paths == [("Barbarian",), ("Barbarian", "Class Features"), ("Rogue", "Class Features")]
    assert one.title == "Only Title"
    assert [corpus.passage(i).section.headings for i in corpus.document_passages(one)] == [
        (),
        ("Part",),
    ]


def test_a_file_of_only_its_title_leaves_no_topic(write_corpus: WriteCorpus) -> None:
    corpus = load_corpus(write_corpus({"a.md": "# Only a title\n", "b.md": "# B\n\nText.\n"}))
    assert [t.name for t in corpus.topics] == ["B"]
    assert [d.section_count for d in corpus.documents] == [0, 1]
