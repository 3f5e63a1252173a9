"""Command line: `python -m bot check|search|topic|random|cite|documents|console|run|health`.

With no command, the bot does its main job: it connects to Discord when `DISCORD_TOKEN` is
set, else it opens the offline console on the configured corpus. `health` judges the status
file a running bot keeps (the container's HEALTHCHECK; see `bot.health`).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from bot import health
from bot.config import ConfigError, Settings, load_settings
from bot.engine.library import Library
from bot.engine.model import Passage, Severity
from bot.engine.snippets import Snippet
from bot.engine.topics import TopicMatch

EXIT_OK, EXIT_PROBLEMS, EXIT_CONFIG = 0, 1, 2


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value > 0:
        raise argparse.ArgumentTypeError(f"expected a number of seconds above 0, got {text!r}")
    return value


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", type=Path, help="config file (default: config.yaml)")
    common.add_argument("--corpus", type=Path, help="corpus folder (default: from the config)")
    common.add_argument("--json", action="store_true", help="one JSON object per answer")
    common.add_argument("--limit", type=int, default=5, help="results per query (default 5)")

    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="Cited excerpts from a corpus of documents, on Discord or offline.",
        parents=[common],
    )
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("check", parents=[common], help="load and index the corpus, list problems")
    search = sub.add_parser("search", parents=[common], help="full-text search ('-': stdin)")
    search.add_argument("query", nargs="+")
    search.add_argument("--document", help="only this document (id or title)")
    topic = sub.add_parser("topic", parents=[common], help="look up a section by its heading")
    topic.add_argument("name", nargs="+")
    rand = sub.add_parser("random", parents=[common], help="random passages")
    rand.add_argument("--document")
    rand.add_argument("--topic")
    rand.add_argument("--seed", type=int, help="repeatable draws")
    rand.add_argument("--count", type=int, default=1, help="how many passages (no repeats)")
    cite = sub.add_parser("cite", parents=[common], help="the passage for citation ids")
    cite.add_argument("ids", nargs="+")
    docs = sub.add_parser("documents", parents=[common], help="documents or a table of contents")
    docs.add_argument("document", nargs="?")
    sub.add_parser("console", parents=[common], help="interactive prompt taking slash commands")
    sub.add_parser("run", parents=[common], help="connect to Discord (token in DISCORD_TOKEN)")
    check_health = sub.add_parser(
        "health",
        parents=[common],
        help="exit 0 if the running bot is connected and serving, 1 (with why) otherwise",
    )
    check_health.add_argument(
        "--max-age",
        type=_positive_seconds,
        metavar="S",
        help="seconds after which the status is stale (default: health.max_age_seconds)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings(args.config)
    except ConfigError as exc:
        print(exc.report(), file=sys.stderr)
        return EXIT_CONFIG
    if args.corpus is not None:
        settings = settings.model_copy(
            update={"corpus": settings.corpus.model_copy(update={"path": args.corpus})}
        )
    command = args.command or ("run" if os.environ.get("DISCORD_TOKEN") else "console")
    if command == "health":
        return _health(settings, args.max_age)
    if command == "run":
        from bot.discord_app.main import run_bot

        return run_bot(settings)
    library = Library.load(
        settings.corpus.path,
        seed=getattr(args, "seed", None),
        cache_dir=settings.corpus.cache_dir,
    )
    if command == "check":
        return _check(library, args.json)
    if command == "console":
        from bot.console import Console

        _report_problems(library, sys.stderr)
        return Console(library, settings).run()
    out = sys.stdout
    if command == "search":
        for query in _queries(args.query):
            _emit_search(library, query, args, out)
    elif command == "topic":
        for name in _queries(args.name):
            _emit_topic(library, name, args, out)
    elif command == "random":
        for _ in range(max(1, args.count)):
            pick = library.random("cli", document=args.document, topic=args.topic)
            results = [passage_json(pick.passage)] if pick.passage else []
            _emit(out, args.json, {"query": None, "results": results, "note": pick.note})
    elif command == "cite":
        for cid in args.ids:
            resolution = library.cite(cid)
            results = [passage_json(resolution.passage)] if resolution.passage else []
            _emit(
                out,
                args.json,
                {
                    "query": cid,
                    "results": results,
                    "exact": resolution.exact,
                    "note": resolution.note,
                },
            )
    elif command == "documents":
        _emit_documents(library, args.document, args.json, out)
    return EXIT_OK


def _health(settings: Settings, max_age: float | None) -> int:
    shard_ids = health.shard_ids_from(os.environ, settings.discord.shard_ids)
    path = health.status_path(settings.health.file, shard_ids)
    code, line = health.check(path, max_age=max_age or settings.health.max_age_seconds)
    print(line, file=sys.stdout if code == health.HEALTHY else sys.stderr)
    return code


def _queries(words: list[str]) -> Iterator[str]:
    """The query from the arguments, or one query a line from stdin for `-`."""
    if words == ["-"]:
        for line in sys.stdin:
            yield line.rstrip("\n")
    else:
        yield " ".join(words)


def _emit(out: TextIO, as_json: bool, payload: dict[str, Any]) -> None:
    if as_json:
        out.write(json.dumps(payload, ensure_ascii=False) + "\n")
    else:
        out.write(_as_text(payload))
    out.flush()


def _as_text(payload: dict[str, Any]) -> str:
    lines: list[str] = []
    if payload.get("query") is not None:
        lines.append(f"» {payload['query']}")
    if payload.get("note"):
        lines.append(f"  ({payload['note']})")
    if payload.get("did_you_mean"):
        lines.append(f"  did you mean: {payload['did_you_mean']}")
    if not payload["results"]:
        lines.append("  no results")
    for i, result in enumerate(payload["results"], 1):
        lines.append(f"{i:>3}. {result['citation']}   [{result['id']}]")
        body = result.get("snippet") or result["text"]
        lines.extend(f"     {line}" for line in body.splitlines())
    return "\n".join(lines) + "\n\n"


def passage_json(
    passage: Passage, snippet: Snippet | None = None, score: float | None = None
) -> dict[str, Any]:
    return {
        "id": passage.citation_id,
        "document": passage.doc.title,
        "doc_id": passage.doc.id,
        "path": passage.doc.file,
        "section": list(passage.section.headings),
        "paragraph": passage.number,
        "citation": passage.citation,
        "line": passage.line,
        "version": passage.version,
        "source": passage.doc.source,
        "text": passage.text,
        "snippet": snippet.render() if snippet is not None else None,
        "score": round(score, 4) if score is not None else None,
    }


def _emit_search(library: Library, query: str, args: argparse.Namespace, out: TextIO) -> None:
    documents = None
    if args.document:
        doc = library.document(args.document)
        documents = [doc.id] if doc else []
    result = library.search(query, documents=documents, limit=max(1, args.limit))
    _emit(
        out,
        args.json,
        {
            "query": query,
            "results": [passage_json(h.passage, h.snippet, h.score) for h in result.hits],
            "total": result.total,
            "more": result.more,
            "did_you_mean": result.did_you_mean,
        },
    )


def topic_json(match: TopicMatch) -> dict[str, Any]:
    data = passage_json(match.passage, score=match.score)
    data["section"] = list(match.section.headings)
    if match.topic.leadin:
        data["section"].append(match.topic.name)
    data["topic"] = match.topic.name
    data["kind"] = match.topic.kind.value
    data["match"] = ("exact", "prefix", "fuzzy", "text")[match.rank]
    return data


def _emit_topic(library: Library, name: str, args: argparse.Namespace, out: TextIO) -> None:
    matches = library.topic(name, limit=max(1, args.limit))
    _emit(out, args.json, {"query": name, "results": [topic_json(m) for m in matches]})


def _emit_documents(library: Library, name: str | None, as_json: bool, out: TextIO) -> None:
    if name:
        doc = library.document(name)
        if doc is None:
            _emit(out, as_json, {"query": name, "results": []})
            return
        sections: list[dict[str, Any]] = [
            {
                "id": f"{doc.id}/{s.slug}",
                "section": list(s.headings),
                "passages": s.count,
                "line": s.line,
            }
            for s in library.sections(doc)
        ]
        if as_json:
            _emit(out, True, {"query": name, "document": doc.title, "results": sections})
        else:
            out.write(f"{doc.title} [{doc.id}] {doc.file}\n")
            for s in sections:
                depth = "  " * max(0, len(s["section"]) - 1)
                title = " › ".join(s["section"]) if s["section"] else "(introduction)"
                out.write(f"  {depth}{title}   [{s['id']}]\n")
        return
    docs = [
        {
            "id": d.id,
            "title": d.title,
            "path": d.file,
            "source": d.source,
            "passages": len(library.corpus.document_passages(d)),
        }
        for d in library.documents
    ]
    if as_json:
        _emit(out, True, {"query": None, "results": docs})
    else:
        for d in docs:
            out.write(f"{d['id']:<20} {d['passages']:>6} passages  {d['title']}\n")


def _report_problems(library: Library, out: TextIO) -> None:
    for problem in library.corpus.problems:
        out.write(f"{problem}\n")


def _check(library: Library, as_json: bool) -> int:
    stats = library.stats()
    problems = library.corpus.problems
    skipped = [p for p in problems if p.severity is Severity.SKIPPED]
    if as_json:
        payload = {
            "corpus": library.corpus.root,
            "files": library.corpus.files_seen,
            "documents": stats.documents,
            "sections": stats.sections,
            "passages": stats.passages,
            "topics": stats.topics,
            "words": stats.words,
            "language": library.index.language,
            "cjk_pairs": library.index.has_cjk,
            "load_seconds": round(stats.load_seconds, 3),
            "index_seconds": round(stats.index_seconds, 3),
            "problems": [
                {"file": p.file, "line": p.line, "reason": p.reason, "severity": p.severity.value}
                for p in problems
            ],
            "skipped": len(skipped),
        }
        print(json.dumps(payload, ensure_ascii=False))
    else:
        print(
            f"{library.corpus.root}: {library.corpus.files_seen} files, {stats.documents} "
            f"documents, {stats.sections} sections, {stats.passages} passages, "
            f"{stats.topics} topics, {stats.words} distinct words, searched as "
            f"{library.index.language.capitalize()}"
            + (", CJK text by pairs of characters" if library.index.has_cjk else "")
        )
        print(f"loaded in {stats.load_seconds:.2f} s, indexed in {stats.index_seconds:.2f} s")
        for problem in problems:
            print(problem)
        if skipped:
            print(f"{len(skipped)} file{'s' if len(skipped) != 1 else ''} skipped")
        elif stats.passages:
            print("ok: no file skipped" + (f" ({len(problems)} warning(s))" if problems else ""))
    if not stats.passages:
        print("no passage loaded: the bot would have nothing to serve", file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_PROBLEMS if skipped else EXIT_OK
