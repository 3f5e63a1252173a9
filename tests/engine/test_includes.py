"""mdBook's include directives: the lines they select, read only where the book may read."""

from __future__ import annotations

from pathlib import Path

import pytest

import bot.engine.library as library_module
from bot.engine.includes import expand_includes, include_root
from bot.engine.library import Library
from bot.engine.loader import load_corpus
from tests.conftest import WriteCorpus

LISTING = """\
// ANCHOR: all
use std::io;

// ANCHOR: main
fn main() {
    // ANCHOR: print
    println!("Guess!");
    // ANCHOR_END: print
}
// ANCHOR_END: main
"""


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """An mdBook: `book.toml`, the chapters in `src`, the listings beside them."""
    (tmp_path / "book.toml").write_text("[book]\ntitle = 'B'\n")
    (tmp_path / "listings").mkdir()
    (tmp_path / "listings" / "main.rs").write_text(LISTING)
    (tmp_path / "src").mkdir()
    return tmp_path


@pytest.mark.parametrize(
    ("selection", "lines"),
    [
        ("", ["use std::io;", "", "fn main() {", '    println!("Guess!");', "}"]),
        (":2", ["use std::io;"]),
        ("::2", ["use std::io;"]),
        (":5:", ["fn main() {", '    println!("Guess!");', "}"]),
        (":2:5", ["use std::io;", "", "fn main() {"]),
        (":main", ["fn main() {", '    println!("Guess!");', "}"]),
        (":print", ['    println!("Guess!");']),
    ],
)
def test_a_directive_gives_the_lines_it_selects_without_anchor_marks(
    book: Path, selection: str, lines: list[str]
) -> None:
    for directive in ("include", "rustdoc_include"):
        text = f"```rust\n{{{{#{directive} ../listings/main.rs{selection}}}}}\n```"
        expanded = expand_includes(text, book / "src", book.resolve())
        assert expanded == "```rust\n" + "\n".join(lines) + "\n```", directive


def test_included_lines_continue_the_directives_indentation(book: Path) -> None:
    text = "- Step:\n\n  ```rust\n  {{#include ../listings/main.rs:main}}\n  ```"
    expanded = expand_includes(text, book / "src", book.resolve())
    assert '\n      println!("Guess!");\n  }\n  ```' in expanded


@pytest.mark.parametrize(
    "directive",
    [
        "{{#include ../listings/missing.rs}}",
        "{{#include ../listings/main.rs:nowhere}}",
        "{{#include ../listings/main.rs:x:2}}",
        "{{#include ../../secret.txt}}",
        "{{#include /etc/passwd}}",
    ],
)
def test_what_cannot_be_read_here_stays_as_written(book: Path, directive: str) -> None:
    (book.parent / "secret.txt").write_text("not for the bot\n")
    text = f"Before\n{directive}\nafter"
    assert expand_includes(text, book / "src", book.resolve()) == text


def test_an_escaped_directive_shows_itself(book: Path) -> None:
    text = "Write `\\{{#include file.rs}}` to include a file."
    expected = "Write `{{#include file.rs}}` to include a file."
    assert expand_includes(text, book / "src", book.resolve()) == expected


def test_an_mdbook_source_folder_reads_its_books_listings(book: Path) -> None:
    (book / "src" / "ch01.md").write_text(
        "# Hello\n\nThe program:\n\n```rust\n{{#rustdoc_include ../listings/main.rs:print}}\n```\n"
    )
    assert include_root(book / "src") == book.absolute()
    library = Library.load(book / "src")
    passage = library.corpus.passage(0)
    assert 'println!("Guess!");' in passage.text and "{{#" not in passage.text
    assert library.search("println guess").hits[0].passage.citation_id == passage.citation_id


def test_a_folder_that_is_no_book_source_reads_only_inside_itself(
    write_corpus: WriteCorpus,
) -> None:
    root = write_corpus(
        {
            "a.md": "# A\n\n```rust\n{{#include code/main.rs}}\n```\n\n"
            "```text\n{{#include ../outside.txt}}\n```\n",
            "code/main.rs": "fn inside() {}\n",
        }
    )
    (root.parent / "outside.txt").write_text("outside\n")
    assert include_root(root) == root.absolute()
    text = load_corpus(root).texts[0]
    assert "fn inside() {}" in text and "{{#include ../outside.txt}}" in text


def test_a_changed_listing_is_read_again_after_a_cached_load(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (book / "src" / "ch01.md").write_text(
        "# Hello\n\n```rust\n{{#include ../listings/main.rs}}\n```\n"
    )
    store = book / "cache"  # inside the book: its own files are no part of the key
    assert "Guess!" in Library.load(book / "src", cache_dir=store).corpus.texts[0]
    reads: list[Path] = []
    monkeypatch.setattr(library_module, "load_corpus", lambda root, **kw: reads.append(root))
    assert "Guess!" in Library.load(book / "src", cache_dir=store).corpus.texts[0]
    assert not reads  # opened from the cache
    monkeypatch.undo()
    (book / "listings" / "main.rs").write_text('fn main() { println!("Changed!"); }\n')
    assert "Changed!" in Library.load(book / "src", cache_dir=store).corpus.texts[0]
