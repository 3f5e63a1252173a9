"""The offline console: the bot's slash commands typed as text, answered as the bot would.

`/search cyber security`, `/topic umma`, `/random document:disaster`, `/cite <id>`,
`/documents`, `/help`. Options go as `name:value` (a value runs to the next option). Each
answer lists its buttons and select options with numbers; type the number to press one.
"""

from __future__ import annotations

import re
import shlex
import sys
from collections.abc import Callable
from typing import TextIO

from bot.config import Settings
from bot.engine.library import Library
from bot.rendering import answers
from bot.rendering import custom_ids as ids
from bot.rendering.message import Button, Message, Select
from bot.rendering.wording import counted

PROMPT = "excerpts> "
OPTION = re.compile(r"(?:^|\s)(document|topic|public|query|name|id|page):", re.IGNORECASE)
BANNER = (
    "Offline console on {docs}, {passages}. "
    "Type /help for the commands, a number to press a button, /quit to leave."
)


def parse_command(line: str) -> tuple[str, str, dict[str, str]]:
    """`/search safety document:x` → ("search", "safety", {"document": "x"})."""
    line = line.strip()
    if line.startswith("/"):
        line = line[1:]
    name, _, rest = line.partition(" ")
    options: dict[str, str] = {}
    pieces = OPTION.split(" " + rest)
    free = pieces[0].strip()
    for key, value in zip(pieces[1::2], pieces[2::2], strict=True):
        options[key.lower()] = value.strip()
    return name.lower(), free, options


def _flag(value: str | None, default: bool) -> bool:
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "y", "on")


class Console:
    def __init__(self, library: Library, settings: Settings, out: TextIO = sys.stdout) -> None:
        self.library = library
        self.settings = settings
        self.out = out
        self._choices: list[tuple[str, Callable[[], Message]]] = []

    def banner(self) -> str:
        return BANNER.format(
            docs=counted(len(self.library.documents), "document"),
            passages=counted(len(self.library.corpus), "passage"),
        )

    def handle(self, line: str) -> bool:
        """Answer one line; False when the user asked to leave."""
        line = line.strip()
        if not line:
            return True
        if line in ("/quit", "/exit", "quit", "exit"):
            return False
        if line.isdigit():
            self._press(int(line))
            return True
        name, free, options = parse_command(line)
        message = self._command(name, free, options)
        self.print(message)
        return True

    def _command(self, name: str, free: str, options: dict[str, str]) -> Message:
        commands = self.settings.commands
        lib = self.library
        if name == "search":
            return answers.search(
                lib,
                options.get("query", free),
                document=options.get("document"),
                per_page=commands.results_per_page,
                public=_flag(options.get("public"), commands.search_public),
            )
        if name == "topic":
            return answers.topic(
                lib,
                options.get("name", free),
                public=_flag(options.get("public"), commands.topic_public),
            )
        if name == "random":
            return answers.random(
                lib,
                "console",
                document=options.get("document") or None,
                topic=options.get("topic") or free or None,
                public=_flag(options.get("public"), commands.random_public),
            )
        if name == "cite":
            return answers.cite(
                lib,
                options.get("id", free),
                public=_flag(options.get("public"), commands.cite_public),
            )
        if name == "documents":
            return answers.documents(lib, options.get("document", free) or None)
        if name in ("findsource", "find-source", "find_source", "source"):
            return answers.find_source(lib, free)
        if name == "help":
            return answers.help_(self.library)
        from bot.rendering.excerpts import notice

        return notice(f"Unknown command /{shlex.quote(name)[:40]}. Type /help for the list.")

    def _press(self, number: int) -> None:
        if not 1 <= number <= len(self._choices):
            self.out.write("No button with that number.\n")
            return
        _, press = self._choices[number - 1]
        self.print(press())

    def print(self, message: Message) -> None:
        self.out.write(render_text(message))
        self._choices = []
        public = not message.ephemeral
        lines: list[str] = []
        for row in message.rows:
            for component in row:
                if isinstance(component, Select):
                    for option in component.options:
                        self._add_choice(lines, option.label, self._opener(option.value, public))
                elif isinstance(component, Button) and not component.disabled:
                    label = f"{component.emoji or ''} {component.label}".strip()
                    self._add_choice(lines, label, self._presser(component, public))
        if lines:
            self.out.write("  ".join(lines) + "\n")
        self.out.write("\n")

    def _add_choice(self, lines: list[str], label: str, press: Callable[[], Message]) -> None:
        self._choices.append((label, press))
        lines.append(f"[{len(self._choices)}] {label}")

    def _opener(self, cid: str, public: bool) -> Callable[[], Message]:
        return lambda: answers.open_passage(self.library, cid, public=public)

    def _presser(self, button: Button, public: bool) -> Callable[[], Message]:
        action = ids.parse(button.custom_id or "")

        def press() -> Message:
            from bot.rendering.excerpts import notice

            if action is None:
                return notice("That button does nothing.")
            if action.verb in (ids.POST, ids.PIN, ids.SAVE):
                passage = answers.open_passage(self.library, action.values["cid"], public=True)
                verb = {"post": "posted to the channel", "pin": "pinned", "save": "saved"}
                passage.embeds.insert(
                    0, notice(f"(In Discord this would be {verb[action.verb]}.)").embeds[0]
                )
                return passage
            return answers.action(
                self.library,
                action,
                public=public,
                per_page=self.settings.commands.results_per_page,
            )

        return press

    def run(self, stdin: TextIO = sys.stdin) -> int:
        self.out.write(self.banner() + "\n\n")
        interactive = stdin.isatty()
        while True:
            if interactive:
                try:
                    line = input(PROMPT)
                except EOFError:
                    self.out.write("\n")
                    return 0
            else:
                line = stdin.readline()
                if not line:
                    return 0
                self.out.write(f"{PROMPT}{line.rstrip()}\n")
            try:
                if not self.handle(line):
                    return 0
            except KeyboardInterrupt:
                self.out.write("\n")
                return 0


def render_text(message: Message) -> str:
    """A message as the console shows it: each embed as a framed block of text."""
    out: list[str] = []
    if message.content:
        out.append(message.content)
    tag = "private" if message.ephemeral else "public"
    for embed in message.embeds:
        out.append(f"┌─ {embed.author}" if embed.author else "┌─")
        if embed.title:
            out.append(f"│ {embed.title}")
        if embed.description:
            if embed.title:
                out.append("│")
            out.extend(f"│ {line}" for line in embed.description.splitlines())
        for field in embed.fields:
            out.append("│")
            out.append(f"│ ▸ {field.name}")
            out.extend(f"│   {line}" for line in field.value.splitlines())
        footer = f"{embed.footer} · {tag}" if embed.footer else tag
        out.append(f"└─ {footer}")
    return "\n".join(out) + "\n"
