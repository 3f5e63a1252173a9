"""The built corpus and index on disk, keyed by the corpus content, for instant restarts.

A cache entry is a folder named after a hash of every corpus file's path and bytes (and of
this format's version), holding the tantivy index, the passage texts as one UTF-8 file with
an offsets table (opened with mmap, so texts stay out of the Python heap and several
processes share the pages), and the corpus structure as flat columns. Entries are written to
a temporary folder and renamed into place, so a reader never sees half of one and several
processes can share a cache folder read-only.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import re
import shutil
import tempfile
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tantivy

from bot.engine.includes import build_output, include_root
from bot.engine.loader import find_files
from bot.engine.model import Corpus, Document, Problem, Section, TopicTable
from bot.engine.texts import PackedTexts

FORMAT = "excerpt-cache-35"
"""Part of every key: raise it when the passages a file makes or what the index holds for a
text change (11: HTML rewritten as what a reader sees, images as their alt text, tables as
lists), or the format of an entry."""
_TEXTS, _OFFSETS, _STRUCTURE, _INDEX = "texts.bin", "offsets.bin", "corpus.pickle", "index"
_TOPICS, _ROOT = "topics.pickle", "root.txt"
_KEY = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True, slots=True)
class Cached:
    corpus: Corpus
    index: tantivy.Index
    topic_names: list[Any] | None
    """The topic index's names, when a process has saved them (see `save_topics`)."""
    folder: Path


def corpus_key(root: Path, cache_dir: Path) -> str:
    """A hash of every corpus file's relative path and content, and of the cache format.

    Hashing a large corpus costs a noticeable part of a second, so each file's hash is kept
    in a manifest with its size and modification time, and only files whose size or time
    changed are read again."""
    manifest_path = cache_dir / ".manifest.pickle"
    try:
        manifest: dict[str, tuple[int, int, bytes]] = pickle.loads(manifest_path.read_bytes())
    except (OSError, EOFError, pickle.UnpicklingError, ValueError):
        manifest = {}
    # Other corpora sharing the cache folder keep the lines of their files that still exist;
    # this corpus's lines are renewed.
    inside = str(root.absolute()) + os.sep
    fresh = {
        path: known
        for path, known in manifest.items()
        if not path.startswith(inside) and os.path.exists(path)
    }
    digest = hashlib.blake2b(FORMAT.encode(), digest_size=16)
    found: list[Problem] = []
    files = find_files(root.absolute(), found, skip=(cache_dir,))
    # What the walk reports (a link out, a document in a format not read) is part of the
    # loaded corpus too: a new such file must not be missing from a cached load's problems.
    for problem in found:
        digest.update(f"{problem.file}\0{problem.reason}\0".encode())
    # A file that an include directive may read (see `includes`) is part of a passage: any
    # other file where includes may read is named in the key with its size and time.
    readable = include_root(root)
    corpus_files = {str(path) for path, _ in files}
    skipped = [cache_dir.absolute(), *filter(None, [build_output(root)])]
    for other in _other_files(readable, corpus_files, skipped):
        with contextlib.suppress(OSError):
            stat = os.stat(other)
            name = os.path.relpath(other, readable)
            digest.update(f"{name}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    for path, rel in files:
        digest.update(rel.encode() + b"\0")
        try:
            stat = path.stat()
            known = manifest.get(str(path))
            if known is not None and known[:2] == (stat.st_size, stat.st_mtime_ns):
                file_hash = known[2]
            else:
                file_hash = hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
            fresh[str(path)] = (stat.st_size, stat.st_mtime_ns, file_hash)
        except OSError as exc:
            file_hash = f"unreadable:{exc.errno}".encode()
        digest.update(file_hash)
    if fresh != manifest:
        _write_atomically(manifest_path, pickle.dumps(fresh, protocol=pickle.HIGHEST_PROTOCOL))
    return digest.hexdigest()


def _other_files(folder: Path, known: set[str], skipped: list[Path]) -> list[str]:
    """Every file under `folder` but hidden ones, those in `known` and those in `skipped`
    folders (the cache's, a book's build output), sorted."""
    found: list[str] = []
    skip = {str(path) for path in skipped}
    for top, dirs, names in os.walk(folder):
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and os.path.join(top, d) not in skip
        )
        found += (
            path
            for name in sorted(names)
            if not name.startswith(".") and (path := os.path.join(top, name)) not in known
        )
    return found


def _write_atomically(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False) as handle:
            handle.write(data)
        os.replace(handle.name, path)
    except OSError:
        return


def entry(cache_dir: Path, key: str) -> Path:
    return cache_dir / key


def new_entry(cache_dir: Path) -> Path:
    """A private folder to build an entry in (renamed into place by `publish`)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=".building-", dir=cache_dir))
    (folder / _INDEX).mkdir()
    return folder


def index_path(folder: Path) -> Path:
    return folder / _INDEX


def publish(folder: Path, corpus: Corpus, cache_dir: Path, key: str) -> bool:
    """Write the corpus next to its index in `folder` and move it into place as `key`.

    False when another process published the same entry first (then ours is dropped)."""
    (folder / _ROOT).write_text(_root_name(corpus.root), encoding="utf-8")
    corpus.texts.write(folder / _TEXTS, folder / _OFFSETS)
    with (folder / _STRUCTURE).open("wb") as handle:
        pickle.dump(_columns(corpus), handle, protocol=pickle.HIGHEST_PROTOCOL)
    target = entry(cache_dir, key)
    try:
        folder.rename(target)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        return False
    return True


def discard(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def open_entry(cache_dir: Path, key: str, root: str) -> Cached | None:
    """The cached corpus and index for `key`, or None when there is no usable entry."""
    folder = entry(cache_dir, key)
    if not (folder / _STRUCTURE).is_file():
        return None
    try:
        with (folder / _STRUCTURE).open("rb") as handle:
            columns = pickle.load(handle)
        if columns.get("format") != FORMAT:
            return None
        corpus = _corpus(columns, root, PackedTexts.open(folder / _TEXTS, folder / _OFFSETS))
        index = tantivy.Index.open(str(folder / _INDEX))
        topic_names = None
        if (folder / _TOPICS).is_file():
            with (folder / _TOPICS).open("rb") as handle:
                topic_names = pickle.load(handle)
    except (OSError, ValueError, EOFError, pickle.UnpicklingError, KeyError, AttributeError):
        return None
    return Cached(corpus, index, topic_names, folder)


def save_topics(folder: Path, names: list[Any]) -> None:
    """Add the topic index's names to a published entry (written aside, then renamed)."""
    if not (folder / _TOPICS).exists():
        _write_atomically(folder / _TOPICS, pickle.dumps(names, protocol=pickle.HIGHEST_PROTOCOL))


def prune(cache_dir: Path, keep: str, root: str) -> None:
    """Remove the entries that `keep` replaces: older versions of the same corpus folder,
    and entries of corpus folders that are gone or of an older format. Other corpora's
    entries stay (several bots or corpora may share a cache folder), as do builds under
    way (their folders start with a dot)."""
    if not cache_dir.is_dir():
        return
    mine = _root_name(root)
    for child in cache_dir.iterdir():
        if child.name == keep or not _is_entry(child):
            continue
        try:
            owner = (child / _ROOT).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            owner = ""
        if owner == mine or not owner or not Path(owner).is_dir():
            shutil.rmtree(child, ignore_errors=True)


def _is_entry(folder: Path) -> bool:
    """Whether `folder` is a cache entry: named by a key and holding an entry's files. The
    cache folder may be shared with anything (the folder above the corpus, a home folder):
    nothing else in it is ever removed."""
    return (
        _KEY.fullmatch(folder.name) is not None
        and folder.is_dir()
        and any((folder / name).exists() for name in (_ROOT, _STRUCTURE, _TEXTS, _INDEX))
    )


def _root_name(root: str) -> str:
    return str(Path(root).absolute())


def _columns(corpus: Corpus) -> dict[str, Any]:
    """The corpus structure as flat lists and arrays, which pickle and load fast."""
    sections = corpus.sections
    topics = corpus.topics
    return {
        "format": FORMAT,
        "documents": [
            (
                d.id,
                d.title,
                d.file,
                d.source,
                d.author,
                d.tags,
                d.markup,
                d.first_section,
                d.section_count,
                d.digest,
            )
            for d in corpus.documents
        ],
        "section_doc": array("I", (s.doc for s in sections)),
        "section_level": array("B", (s.level for s in sections)),
        "section_line": array("I", (s.line for s in sections)),
        "section_first": array("I", (s.first for s in sections)),
        "section_count": array("I", (s.count for s in sections)),
        "section_parent": array("i", (-1 if s.parent is None else s.parent for s in sections)),
        "section_name": [s.name for s in sections],
        "section_slug": [s.slug for s in sections],
        "section_intro": array("B", (not s.headings for s in sections)),
        "topic_name": topics.names,
        "topic_section": topics.sections,
        "topic_passage": topics.passages,
        "topic_kind": topics.kinds,
        "passage_section": corpus.passage_section,
        "passage_line": corpus.passage_line,
        "problems": [(p.file, p.line, p.reason, p.severity.value) for p in corpus.problems],
        "files_seen": corpus.files_seen,
    }


def _corpus(columns: dict[str, Any], root: str, texts: PackedTexts) -> Corpus:
    from bot.engine.model import Severity

    documents = [
        Document(i, doc_id, title, file, source, author, tags, markup, first, count, digest)
        for i, (doc_id, title, file, source, author, tags, markup, first, count, digest) in (
            enumerate(columns["documents"])
        )
    ]
    # Hundreds of thousands of objects: built with map() over the columns, which spares
    # the interpreter a loop of its own per object.
    parents = [None if p < 0 else p for p in columns["section_parent"]]
    names = columns["section_name"]
    headings: list[tuple[str, ...]] = []
    for i, intro in enumerate(columns["section_intro"]):
        parent = parents[i]
        if intro:
            headings.append(())
        elif parent is not None:
            headings.append((*headings[parent], names[i]))
        else:
            headings.append((names[i],))
    sections = list(
        map(
            Section,
            range(len(names)),
            columns["section_doc"],
            headings,
            columns["section_level"],
            columns["section_line"],
            columns["section_slug"],
            columns["section_first"],
            columns["section_count"],
            parents,
        )
    )
    topics = TopicTable.from_columns(
        columns["topic_name"],
        columns["topic_section"],
        columns["topic_passage"],
        columns["topic_kind"],
    )
    return Corpus(
        root=root,
        documents=documents,
        sections=sections,
        texts=texts,
        passage_section=columns["passage_section"],
        passage_line=columns["passage_line"],
        topics=topics,
        problems=[Problem(f, n, r, Severity(s)) for f, n, r, s in columns["problems"]],
        files_seen=columns["files_seen"],
    )
