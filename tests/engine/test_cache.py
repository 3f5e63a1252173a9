"""The index cache: an unchanged corpus opens from disk, a changed one is rebuilt."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

import bot.engine.library as library_module
from bot.engine import cache
from bot.engine.library import Library
from tests.conftest import BUNDLED, WriteCorpus


def answers(library: Library) -> list[object]:
    """What users would see from a library, to compare a cached one with a fresh one."""
    corpus = library.corpus
    out: list[object] = [
        [corpus.passage(i).citation_id for i in range(len(corpus))],
        [corpus.passage(i).citation for i in range(len(corpus))],
        list(corpus.texts),
        [(p.file, p.line, p.reason) for p in corpus.problems],
    ]
    for query in ("cyber secrity", "inteligence gathering", "earthquak", '"global response"'):
        out.append(
            [(h.passage.citation_id, h.snippet.render()) for h in library.search(query).hits]
        )
        out.append([(m.topic.name, m.section.slug) for m in library.topic(query)])
    out.append([s.value for s in library.suggest_topics("con")])
    return out


def test_second_load_opens_the_cache_and_answers_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = Library.load(BUNDLED)
    first = Library.load(BUNDLED, cache_dir=tmp_path)
    assert answers(first) == answers(fresh)

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("the corpus was parsed again instead of opened from the cache")

    monkeypatch.setattr(library_module, "load_corpus", no_parsing)
    second = Library.load(BUNDLED, cache_dir=tmp_path)
    assert answers(second) == answers(fresh)


def test_a_changed_file_rebuilds_and_the_old_entry_goes(
    write_corpus: WriteCorpus, tmp_path: Path
) -> None:
    root = write_corpus({"a.md": "# A\n\n## Part\n\nfirst words\n"})
    store = tmp_path / "cache"
    before = Library.load(root, cache_dir=store)
    old_entries = {p.name for p in store.iterdir() if not p.name.startswith(".")}
    (root / "a.md").write_text("# A\n\n## Part\n\nfirst words\n\nnew words here\n")
    after = Library.load(root, cache_dir=store)
    assert len(after.corpus) == len(before.corpus) + 1
    assert after.search("new words").hits
    entries = {p.name for p in store.iterdir() if not p.name.startswith(".")}
    assert len(entries) == 1 and entries.isdisjoint(old_entries)


def test_a_document_not_read_added_later_is_reported_after_a_cached_load(
    write_corpus: WriteCorpus, tmp_path: Path
) -> None:
    root = write_corpus({"a.md": "# A\n\nwords\n"})
    store = tmp_path / "cache"
    assert not Library.load(root, cache_dir=store).corpus.problems
    (root / "guide.rst").write_text("Guide\n=====\n")
    problems = Library.load(root, cache_dir=store).corpus.problems
    assert [p.file for p in problems] == ["guide.rst"]


def test_corpora_sharing_a_cache_folder_keep_their_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "cache"
    roots = []
    for name, file, text in (
        ("first", "a.md", "alpha"),
        ("second", "b.md", "beta"),
        ("gone", "c.md", "gamma"),
    ):
        (tmp_path / name).mkdir()
        (tmp_path / name / file).write_text(f"# {name}\n\n{text} words\n")
        roots.append(tmp_path / name)
    first, second, gone = roots
    for root in roots:
        Library.load(root, cache_dir=store)
    shutil.rmtree(gone)
    (second / "b.md").write_text("# B\n\nbeta words changed\n")
    Library.load(second, cache_dir=store)

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("the corpus was parsed again instead of opened from the cache")

    monkeypatch.setattr(library_module, "load_corpus", no_parsing)
    assert Library.load(first, cache_dir=store).search("alpha").hits
    assert Library.load(second, cache_dir=store).search("changed").hits
    entries = [p for p in store.iterdir() if not p.name.startswith(".")]
    assert len(entries) == 2
    manifest = pickle.loads((store / ".manifest.pickle").read_bytes())
    assert {Path(p).name for p in manifest} == {"a.md", "b.md"}


def test_a_damaged_entry_is_rebuilt(write_corpus: WriteCorpus, tmp_path: Path) -> None:
    root = write_corpus({"a.md": "# A\n\ntext to find\n"})
    store = tmp_path / "cache"
    Library.load(root, cache_dir=store)
    [entry] = [p for p in store.iterdir() if not p.name.startswith(".")]
    (entry / "corpus.pickle").write_bytes(b"not a pickle")
    again = Library.load(root, cache_dir=store)
    assert again.search("text to find").hits


def test_an_entry_published_first_by_another_process_wins(
    write_corpus: WriteCorpus, tmp_path: Path
) -> None:
    root = write_corpus({"a.md": "# A\n\ntext\n"})
    store = tmp_path / "cache"
    library = Library.load(root, cache_dir=store)
    key = cache.corpus_key(root, store)
    folder = cache.new_entry(store)
    assert cache.publish(folder, library.corpus, store, key) is False
    assert not folder.exists()
    assert cache.open_entry(store, key, str(root)) is not None


def test_manifest_skips_rehashing_unchanged_files(
    write_corpus: WriteCorpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_corpus({"a.md": "# A\n\ntext\n", "b.md": "# B\n\nmore\n"})
    store = tmp_path / "cache"
    key = cache.corpus_key(root, store)
    manifest = pickle.loads((store / ".manifest.pickle").read_bytes())
    assert len(manifest) == 2
    read: list[str] = []
    real = Path.read_bytes

    def counting(path: Path) -> bytes:
        read.append(path.name)
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", counting)
    assert cache.corpus_key(root, store) == key
    assert [n for n in read if n.endswith(".md")] == []
    (root / "b.md").write_text("# B\n\nchanged\n")
    assert cache.corpus_key(root, store) != key
    assert [n for n in read if n.endswith(".md")] == ["b.md"]


def test_an_unwritable_cache_folder_falls_back_to_memory(
    write_corpus: WriteCorpus, tmp_path: Path
) -> None:
    root = write_corpus({"a.md": "# A\n\ntext to find\n"})
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")
    library = Library.load(root, cache_dir=blocked)
    assert library.search("text to find").hits


def test_a_books_listings_count_in_the_key_and_its_build_output_does_not(
    tmp_path: Path,
) -> None:
    book = tmp_path / "guide"
    (book / "src").mkdir(parents=True)
    (book / "listings").mkdir()
    (book / "book.toml").write_text('[build]\nbuild-dir = "site"\n')
    (book / "src" / "a.md").write_text("# A\n\n```rust\n{{#include ../listings/a.rs}}\n```\n")
    (book / "listings" / "a.rs").write_text("fn main() {}\n")
    store = tmp_path / "cache"
    key = cache.corpus_key(book / "src", store)
    (book / "site").mkdir()
    (book / "site" / "index.html").write_text("<p>built</p>\n")
    (book / "book").mkdir()  # not the output folder of this book: it names another
    assert cache.corpus_key(book / "src", store) == key
    (book / "book" / "notes.txt").write_text("read by an include, maybe\n")
    assert cache.corpus_key(book / "src", store) != key
    key = cache.corpus_key(book / "src", store)
    (book / "listings" / "a.rs").write_text("fn main() { run(); }\n")
    assert cache.corpus_key(book / "src", store) != key


def test_titles_and_lead_ins_sharing_a_passage_come_back_from_the_cache(
    write_corpus: WriteCorpus, tmp_path: Path
) -> None:
    root = write_corpus(
        {
            "beasts.md": "# Beasts\n\n## Owlbear\n\n***Actions***\n\n"
            "***Multiattack.*** Two attacks.\n\n***Beak.*** Piercing.\n\n"
            "**Reactions**\n\nIt parries.\n"
        }
    )
    fresh = Library.load(root)
    Library.load(root, cache_dir=tmp_path)
    cached = Library.load(root, cache_dir=tmp_path)
    assert list(cached.corpus.topics) == list(fresh.corpus.topics)
    kinds = [t.kind.value for t in cached.corpus.topics if t.leadin]
    assert kinds == ["title", "leadin", "leadin", "title"]
    spans = [len(cached.topics.passages(m)) for m in cached.topic("owlbear actions", limit=1)]
    assert spans == [2]


def test_a_cache_folder_shared_with_other_things_loses_none_of_them(
    write_corpus: WriteCorpus, tmp_path: Path
) -> None:
    """The folder above the corpus as its cache folder: the corpus, a folder of the user's
    and one that happens to be named like an entry all stay; only entries are pruned."""
    root = write_corpus({"a.md": "# A\n\n## Part\n\nfirst words\n"})
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.md").write_text("keep me\n", encoding="utf-8")
    lookalike = tmp_path / ("ab" * 16)
    lookalike.mkdir()
    (lookalike / "photo.txt").write_text("keep me too\n", encoding="utf-8")
    Library.load(root, cache_dir=tmp_path)
    (root / "a.md").write_text("# A\n\n## Part\n\nfirst words\n\nmore words\n", encoding="utf-8")
    again = Library.load(root, cache_dir=tmp_path)
    assert again.search("more words").hits
    assert (root / "a.md").is_file()
    assert (tmp_path / "notes" / "todo.md").read_text(encoding="utf-8") == "keep me\n"
    assert (lookalike / "photo.txt").is_file()
    entries = [p for p in tmp_path.iterdir() if (p / "root.txt").is_file()]
    assert len(entries) == 1


def test_a_cache_folder_inside_the_corpus_is_not_read_as_documents(
    write_corpus: WriteCorpus,
) -> None:
    root = write_corpus({"a.md": "# A\n\n## Part\n\nfirst words\n"})
    fresh = Library.load(root)
    store = root / "cache"
    first = Library.load(root, cache_dir=store)
    second = Library.load(root, cache_dir=store)
    assert answers(first) == answers(fresh)
    assert answers(second) == answers(fresh)
    assert [d.id for d in second.corpus.documents] == ["a"]
    assert len([p for p in store.iterdir() if not p.name.startswith(".")]) == 1, "one entry"
