"""Load a corpus folder: find files, read them safely, parse them, build the corpus.

A bad file never takes the corpus down: each problem is recorded with file, line and reason,
and the file is skipped (or, for a recoverable fault such as broken front matter, loaded
without the faulty part and reported as a warning).
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import multiprocessing
import os
import re
import time
from collections.abc import Callable, Collection, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.engine.citations import assign_slugs, document_id
from bot.engine.includes import expand_includes, include_root
from bot.engine.markdown import Block, Heading, ParsedFile, parse_markdown
from bot.engine.model import Corpus, Document, Problem, Section, Severity, Topic, TopicKind
from bot.engine.notebooks import NotebookError, notebook_as_markdown
from bot.engine.texts import PackedTexts

SUFFIXES = (".md", ".markdown", ".mdx", ".qmd", ".rmd", ".ipynb", ".txt")
"""Markdown (with MDX, Quarto's and R Markdown's files), Jupyter notebooks and plain text."""
UNREAD_FORMATS = {
    ".rst": "reStructuredText",
    ".adoc": "AsciiDoc",
    ".asciidoc": "AsciiDoc",
    ".org": "Org",
    ".textile": "Textile",
    ".tex": "LaTeX",
    ".html": "HTML",
    ".htm": "HTML",
    ".pdf": "PDF",
    ".epub": "EPUB",
    ".docx": "a Word document",
    ".doc": "a Word document",
    ".odt": "an OpenDocument text",
    ".rtf": "RTF",
}
"""Documents a corpus folder may hold that the bot does not read: each is reported, so that
a folder of them does not just load as nothing. (Images, stylesheets, configuration and the
like are passed over in silence.)"""
UNREAD_LISTED = 3
"""More files than this in one unread format are reported in one warning."""
BINARY_SNIFF = 8192
PARALLEL_BYTES = 16_000_000
"""Below this much text, a process pool costs more than it saves."""
_FORK = multiprocessing.get_context("fork")

try:
    _YamlLoader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _YamlLoader = yaml.SafeLoader


Item = tuple[int, str, int, str | None]
"""(heading level, text, line, extra): level 0 is a passage, whose extra is its bold lead-in,
or its bold title and a line break before its lead-in, if any; a heading's is the id its
attribute block gives it. Plain tuples, because results cross process boundaries and tuples
pickle several times faster than objects."""


@dataclass(slots=True)
class FileResult:
    """What one file contributes: its metadata and parsed items, or only problems."""

    rel: str
    digest: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    items: list[Item] = field(default_factory=list)
    markup: bool = True
    problems: list[Problem] = field(default_factory=list)


def find_files(
    root: Path, problems: list[Problem], *, skip: Collection[Path] = ()
) -> list[tuple[Path, str]]:
    """Every corpus file under `root` as (path, relative name), sorted, links checked; the
    folders in `skip` (the index cache, when it sits inside the corpus) are not read."""
    found: list[tuple[Path, str]] = []
    unread: dict[str, list[str]] = {}
    """Files in formats the bot does not read, by format."""
    real_root = root.resolve()
    seen_dirs: set[str] = {str(folder.resolve()) for folder in skip} - {str(real_root)}

    def walk(folder: Path) -> None:
        try:
            real = str(folder.resolve())
            if real in seen_dirs:
                return
            seen_dirs.add(real)
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            problems.append(Problem(_rel(folder, root), 0, f"cannot read folder: {_why(exc)}"))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            rel = _rel(path, root)
            if entry.is_symlink():
                try:
                    target = path.resolve(strict=True)
                except (OSError, RuntimeError):
                    problems.append(Problem(rel, 0, "broken symbolic link"))
                    continue
                if not target.is_relative_to(real_root):
                    problems.append(
                        Problem(rel, 0, "symbolic link points outside the corpus folder")
                    )
                    continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                walk(path)
            elif entry.name.lower().endswith(SUFFIXES):
                found.append((path, rel))
            elif (kind := UNREAD_FORMATS.get(path.suffix.lower())) is not None:
                unread.setdefault(kind, []).append(rel)

    walk(root)
    problems.extend(_unread_problems(unread))
    return found


def _unread_problems(unread: dict[str, list[str]]) -> Iterator[Problem]:
    """One warning per file in a format the bot does not read; when there are many of one
    format (a docs site's HTML templates), one warning for them all, naming the first few."""
    why = (
        "is not supported, only Markdown (.md, .markdown, .mdx, .qmd, .rmd), Jupyter "
        "notebooks (.ipynb) and plain text (.txt)"
    )
    for kind, files in unread.items():
        if len(files) <= UNREAD_LISTED:
            yield from (
                Problem(rel, 0, f"not read: {kind} {why}", Severity.WARNING) for rel in files
            )
            continue
        others = ", ".join(files[1:UNREAD_LISTED])
        more = len(files) - UNREAD_LISTED
        yield Problem(
            files[0],
            0,
            f"not read: {kind} {why}; nor are {len(files) - 1} more such files "
            f"({others} and {more} more)",
            Severity.WARNING,
        )


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _why(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def read_file(path: Path, rel: str, include_from: Path | None = None) -> FileResult:
    """Read and parse one file; never raises. With `include_from`, mdBook's include
    directives in its passages read files under that folder (see `includes`)."""
    result = FileResult(rel)
    try:
        data = path.read_bytes()
    except OSError as exc:
        result.problems.append(Problem(rel, 0, f"cannot read file: {_why(exc)}"))
        return result
    result.digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    if b"\x00" in data[:BINARY_SNIFF]:
        result.problems.append(Problem(rel, 1, "binary file (contains NUL bytes)"))
        return result
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        result.problems.append(
            Problem(rel, line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x})")
        )
        return result
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        text = text.replace("\x00", "")
    if not text.strip():
        result.problems.append(Problem(rel, 1, "empty file", Severity.WARNING))
        return result
    if rel.lower().endswith(".txt"):
        result.markup = False
        result.items = list(_plain_paragraphs(text))
        return result
    lines: list[int] | None = None
    if rel.lower().endswith(".ipynb"):
        try:
            notebook = notebook_as_markdown(text)
        except NotebookError as exc:
            result.problems.append(Problem(rel, exc.line, exc.reason))
            return result
        text, lines = notebook.markdown, notebook.lines
    try:
        parsed = parse_markdown(text, mdx=rel.lower().endswith(".mdx"))
    except Exception as exc:  # the parser is third-party code: contain whatever it raises
        result.problems.append(Problem(rel, 0, f"cannot parse Markdown: {exc}"))
        return result
    # A notebook's lines are those of its file, not of the Markdown made of its cells.
    line_of = _line_in(lines)
    result.items = [
        (i.level, i.text, line_of(i.line), i.anchor or None)
        if isinstance(i, Heading)
        else (0, i.text, line_of(i.line), _topic_names(i))
        for i in parsed.items
    ]
    if include_from is not None and "{{#" in text:
        folder = path.parent
        read: dict[Path, list[str] | None] = {}
        result.items = [
            item
            if item[0]
            else (0, expand_includes(item[1], folder, include_from, read), *item[2:])
            for item in result.items
        ]
    result.meta = _front_matter(parsed, rel, result.problems)
    return result


def _topic_names(block: Block) -> str | None:
    """A passage's `Item` extra: its lead-in, or its title and a line break before it."""
    return block.leadin if block.title is None else f"{block.title}\n{block.leadin or ''}"


def _line_in(lines: list[int] | None) -> Callable[[int], int]:
    """Line of the parsed text → line of the file (the same but for a notebook)."""
    if lines is None:
        return lambda line: line
    return lambda line: lines[line - 1]


def _plain_paragraphs(text: str) -> Iterator[Item]:
    line = 1
    for chunk in text.split("\n\n"):
        stripped = chunk.strip()
        if stripped:
            offset = len(chunk) - len(chunk.lstrip("\n"))
            yield (0, stripped, line + offset, None)
        line += chunk.count("\n") + 2


_META_TEXT = ("title", "id", "source", "author")
_TITLE_LABEL = re.compile(r"title\s*:\s*(?=\S)", re.IGNORECASE)
_META_LABEL = re.compile(
    r"(?P<label>authors?|by|year|date|published|translat(?:or|ed by)|edit(?:or|ed by))"
    r"\s*:\s*(?P<value>\S.*)",
    re.IGNORECASE,
)
"""A heading that labels the document rather than heads a part of it ("## Author: Arrian",
"## Year: 125"), as books converted to Markdown open."""
_AUTHOR_LABELS = ("author", "authors", "by")
_ORDERING = re.compile(r"0\d*|\d{1,2}")
"""A file name's leading number that orders it in its folder ("02", "10", "001")."""


def _front_matter(parsed: ParsedFile, rel: str, problems: list[Problem]) -> dict[str, Any]:
    if parsed.front_matter is None:
        return {}
    try:
        meta = yaml.load(parsed.front_matter, Loader=_YamlLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = 2 + (mark.line if mark is not None else 0)
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problems.append(
            Problem(rel, line, f"front matter ignored: invalid YAML: {reason}", Severity.WARNING)
        )
        return {}
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        problems.append(
            Problem(
                rel,
                2,
                f"front matter ignored: expected a mapping of keys, got {type(meta).__name__}",
                Severity.WARNING,
            )
        )
        return {}
    clean: dict[str, Any] = {}
    for key in _META_TEXT:
        value = meta.get(key)
        if value is None:
            continue
        if key == "author" and isinstance(value, list | dict):
            value = _names(value)
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            text = " ".join(str(value).split())
            if text:
                clean[key] = text
        else:
            problems.append(
                Problem(
                    rel,
                    2,
                    f"front matter key {key!r} ignored: expected text, got {type(value).__name__}",
                    Severity.WARNING,
                )
            )
    tags = meta.get("tags")
    if isinstance(tags, list):
        clean["tags"] = tuple(str(t) for t in tags if isinstance(t, str | int | float))
    elif isinstance(tags, str):
        clean["tags"] = tuple(t.strip() for t in tags.split(",") if t.strip())
    return clean


def _names(authors: list[Any] | dict[str, Any]) -> str | list[Any] | dict[str, Any]:
    """Authors as Quarto, Pandoc and Hugo list them (`[Ann, Bo]`, `- name: Ann`, a name
    split into `given` and `family`) joined into one line; as given if any is none of
    these."""
    names: list[str] = []
    for author in authors if isinstance(authors, list) else [authors]:
        name = author.get("name", author) if isinstance(author, dict) else author
        if isinstance(name, dict):
            name = " ".join(str(name[k]) for k in ("given", "family") if name.get(k)) or None
        if not isinstance(name, str | int | float) or isinstance(name, bool):
            return authors
        names.append(str(name))
    return ", ".join(names)


def _read_many(files: list[tuple[Path, str]], include_from: Path) -> Iterator[FileResult]:
    """Read and parse the files, in order; large corpora in worker processes, whose results
    stream back while the caller works on the first ones."""
    total = 0
    for path, _ in files:
        with contextlib.suppress(OSError):
            total += path.stat().st_size
    if total < PARALLEL_BYTES or (os.cpu_count() or 1) < 2 or len(files) < 4:
        for path, rel in files:
            yield read_file(path, rel, include_from)
        return
    workers = min(os.cpu_count() or 2, 4)
    chunk = max(1, min(16, len(files) // (workers * 8)))
    with ProcessPoolExecutor(max_workers=workers, mp_context=_FORK) as pool:
        paths = [p for p, _ in files]
        rels = [r for _, r in files]
        roots = itertools.repeat(include_from)
        yield from pool.map(read_file, paths, rels, roots, chunksize=chunk)


def load_corpus(
    root: str | Path,
    *,
    on_document: Callable[[Corpus, Document], None] | None = None,
    skip: Collection[Path] = (),
) -> Corpus:
    """Load every Markdown and text file under `root` into a corpus, but for the folders in
    `skip`.

    `on_document` is called as each document is added (its passages are in place), so an
    index can be built while later files are still being read."""
    started = time.perf_counter()
    root = Path(root)
    corpus = Corpus(root=str(root))
    texts = corpus.texts
    if not root.is_dir():
        corpus.problems.append(Problem(str(root), 0, "corpus folder does not exist"))
        return corpus
    files = find_files(root, corpus.problems, skip=skip)
    corpus.files_seen = len(files)
    results = _read_many(files, include_root(root).resolve())
    used_ids: set[str] = set()
    for result in results:
        corpus.problems.extend(result.problems)
        if not result.items:
            continue
        first_topic = len(corpus.topics)
        doc = _add_document(corpus, texts, result, used_ids)
        # Each document is finished here, while the worker processes parse the next files,
        # rather than all at the end, when they are done and a core would stand idle.
        _fill_topic_passages(corpus, first_topic)
        assign_slugs(corpus, doc)
        if on_document is not None and doc.section_count:
            on_document(corpus, doc)
    corpus.load_seconds = time.perf_counter() - started
    return corpus


def _add_document(
    corpus: Corpus, texts: PackedTexts, result: FileResult, used_ids: set[str]
) -> Document:
    meta = result.meta
    items = result.items
    title = meta.get("title")
    first_heading = next((i for i, item in enumerate(items) if item[0]), -1)
    # The file's first heading, when it is its only level-1 heading, names the document. A
    # file of several (a rules book's "Barbarian", "Bard", … "Wizard") is a collection:
    # its first part does not name it, and every part is a section alike.
    doc_heading = first_heading if first_heading >= 0 and items[first_heading][0] == 1 else -1
    if doc_heading >= 0 and any(item[0] == 1 for item in items[doc_heading + 1 :]):
        doc_heading = -1
    labels = _meta_headings(items, doc_heading + 1)
    if not title:
        heading_text = items[doc_heading][1] if doc_heading >= 0 else ""
        # "# Title: Walden", as some converted books label theirs: the title is "Walden".
        labelled = _TITLE_LABEL.match(heading_text)
        title = (heading_text[labelled.end() :] if labelled else heading_text) or (
            _title_from_file(result)
        )
    doc_id = document_id(meta.get("id"), result.rel, used_ids)
    if meta.get("id") and doc_id != meta["id"]:
        corpus.problems.append(
            Problem(
                result.rel,
                2,
                f"front matter id {meta['id']!r} is taken or invalid; using {doc_id!r}",
                Severity.WARNING,
            )
        )
    doc = Document(
        index=len(corpus.documents),
        id=doc_id,
        title=title,
        file=result.rel,
        source=meta.get("source"),
        author=meta.get("author") or (_author_from(labels) if labels else None),
        tags=meta.get("tags", ()),
        markup=result.markup,
        first_section=len(corpus.sections),
        digest=result.digest,
    )
    corpus.documents.append(doc)

    first_passage = len(texts)
    corpus.topics.append(Topic(title, doc.first_section, -1, TopicKind.DOCUMENT))
    sec_col = corpus.passage_section
    line_col = corpus.passage_line
    stack: list[tuple[int, Section]] = []
    section: Section | None = None
    for position, (level, text, line, extra) in enumerate(items):
        if level:
            if position == doc_heading or position in labels:
                continue
            while stack and stack[-1][0] >= level:
                stack.pop()
            parent = stack[-1][1] if stack else None
            headings = (*parent.headings, text) if parent else (text,)
            section = Section(
                len(corpus.sections),
                doc.index,
                headings,
                level,
                line,
                first=len(texts),
                parent=parent.index if parent else None,
                anchor=extra or "",
            )
            corpus.sections.append(section)
            stack.append((level, section))
            if text:
                corpus.topics.append(Topic(text, section.index, -1))
            continue
        if section is None:
            # Text before the first sub-heading: the document's intro.
            section = Section(len(corpus.sections), doc.index, (), 0, line, first=len(texts))
            corpus.sections.append(section)
        if extra:
            title, titled, leadin = extra.rpartition("\n")
            if titled:
                corpus.topics.append(Topic(title, section.index, len(texts), TopicKind.TITLE))
            if leadin:
                corpus.topics.append(Topic(leadin, section.index, len(texts), TopicKind.LEADIN))
        texts.append(text)
        sec_col.append(section.index)
        line_col.append(line)
        section.count += 1
    doc.section_count = len(corpus.sections) - doc.first_section
    if not doc.section_count:
        # No section, so no topic came after the document's own.
        corpus.topics.pop()
    if first_passage == len(texts):
        corpus.problems.append(
            Problem(result.rel, 1, "no text to serve (only headings)", Severity.WARNING)
        )
    return doc


def _meta_headings(items: list[Item], start: int) -> dict[int, tuple[str, str]]:
    """The labelling headings that open a document ("## Author: Arrian", "## Year: 125"),
    by position, as (label, value): they say who wrote it and when, and are no part of it,
    so the chapters after them are not nested below "Year: 125"."""
    found: dict[int, tuple[str, str]] = {}
    for position in range(start, len(items)):
        level, text, _, _ = items[position]
        labelled = _META_LABEL.fullmatch(text) if level else None
        if labelled is None:
            break
        found[position] = (labelled["label"].lower(), labelled["value"].strip())
    # Without an author, "## Date: 3 May" opening meeting notes is a part of them.
    return found if any(label in _AUTHOR_LABELS for label, _ in found.values()) else {}


def _author_from(labels: dict[int, tuple[str, str]]) -> str:
    """The document's author line from its labelling headings: "Arrian (125)", with a
    translator or editor after a semicolon."""
    values = dict(labels.values())
    author = next(values[key] for key in _AUTHOR_LABELS if key in values)
    when = values.get("year") or values.get("date") or values.get("published")
    others = [
        f"{kind} {name}"
        for kind, keys in (
            ("translated by", ("translator", "translated by")),
            ("edited by", ("editor", "edited by")),
        )
        for key in keys
        if (name := values.get(key))
    ]
    return "; ".join((f"{author} ({when})" if when else author, *others))


def _fill_topic_passages(corpus: Corpus, first: int) -> None:
    """Point each heading topic from `first` on at its opening passage: the first one
    below it, else the one after it in its document (a heading stacked on the next, as
    `http.get(options[, callback])` is on `http.get(url[, options][, callback])`, shares
    its text); none for a heading that ends its document ("The End")."""
    for i in range(first, len(corpus.topics)):
        topic = corpus.topics[i]
        if topic.passage < 0:
            section = corpus.sections[topic.section]
            document = corpus.document_passages(corpus.documents[section.doc])
            if topic.kind is TopicKind.DOCUMENT:
                passages = document
            else:
                passages = corpus.subtree_passages(section) or range(section.first, document.stop)
            if passages:
                corpus.topics.set_passage(i, passages[0])


def _title_from_file(result: FileResult) -> str:
    """The file name as a title: "ch04-01-what-is-ownership" → "Ch04 01 what is ownership",
    without the number that orders it in its folder ("02 classes" → "Classes", but "100
    days" and "2024 report" keep theirs); a name written with capitals ("Introduction to
    Bases", an Obsidian note) keeps them."""
    stem = Path(result.rel).stem
    words = stem.replace("_", " ").replace("-", " ").split()
    while len(words) > 1 and _ORDERING.fullmatch(words[0]):
        del words[0]
    title = " ".join(words)
    if not title:
        return stem
    return title if any(c.isupper() for c in title) else title[0].upper() + title[1:]
