"""The rendering functions the Discord layer added: they fit Discord's limits, never ping."""

from __future__ import annotations

from bot.engine.diff import CorpusDiff
from bot.engine.library import Library
from bot.engine.model import Problem, Severity
from bot.rendering import answers, excerpts
from bot.rendering.message import Message
from tests.rendering.discord_limits import violations


def _ok(message: Message) -> None:
    assert not violations(message.to_dict()), violations(message.to_dict())


def test_every_notice_fits() -> None:
    for message in (
        excerpts.pinned(),
        excerpts.already_pinned(),
        excerpts.pins_full(),
        excerpts.pin_refused(),
        excerpts.posted("https://discord.com/channels/1/2/3"),
        excerpts.posted(None),
        excerpts.saved_to_dms(),
        excerpts.dms_closed(),
        excerpts.not_in_dms("Pinning"),
        excerpts.button_refused(),
        excerpts.cooldown(0.2),
        excerpts.apology(),
        excerpts.not_allowed("reload"),
        excerpts.command_unavailable(),
        excerpts.reload_busy(),
        excerpts.missing_permissions(
            "pin", member=[("pin_messages", "manage_messages")], bot=[("embed_links",)]
        ),
    ):
        _ok(message)
        assert message.ephemeral


def test_cooldown_rounds_up() -> None:
    assert "in 1 s" in (excerpts.cooldown(0.01).embeds[0].description or "")
    assert "in 3 s" in (excerpts.cooldown(2.5).embeds[0].description or "")


def test_missing_permissions_names_exactly_what_is_missing() -> None:
    text = (
        excerpts.missing_permissions(
            "post it here", member=[("send_messages",)], bot=[("view_channel",), ("embed_links",)]
        )
        .embeds[0]
        .description
    )
    assert text is not None
    assert "you need **Send Messages** in this channel" in text
    assert "I need **View Channel** and **Embed Links**" in text


def _hostile_problems(count: int) -> list[Problem]:
    return [
        Problem(f"docs/@everyone-<@1>-{'x' * 300}-{i}.md", i, "not UTF-8 " * 40, Severity.SKIPPED)
        for i in range(count)
    ]


def test_reload_report_fits_with_huge_changes_and_problems(bundled: Library) -> None:
    cids = [f"document-{i}/{'s' * 30}/{i}" for i in range(5000)]
    diff = CorpusDiff(added=cids, changed=cids[:3000], removed=cids[:10])
    message = excerpts.reload_report(diff, bundled.stats(), _hostile_problems(400), 12.5)
    _ok(message)
    text = message.embeds[0].description or ""
    assert "Added **5000**, changed **3000**, removed **10**" in text
    fields = {f.name: f.value for f in message.embeds[0].fields}
    assert "and 4992 more" in fields["Added"]
    assert "Problems (400)" in fields
    assert "@everyone" not in fields["Problems (400)"]


def test_reload_report_when_nothing_changed(bundled: Library) -> None:
    message = excerpts.reload_report(CorpusDiff(unchanged=39), bundled.stats(), [], 0.1)
    _ok(message)
    assert "Nothing changed." in (message.embeds[0].description or "")


def test_reload_failed_fits(bundled: Library) -> None:
    _ok(excerpts.reload_failed("@everyone " + "why " * 2000, _hostile_problems(50)))


def test_stats_message_fits(bundled: Library) -> None:
    for uptime in (5, 500, 50_000, 5_000_000):
        message = excerpts.stats_message(
            bundled.stats(), uptime_seconds=uptime, p50_ms=1.234, p99_ms=99.9, samples=10
        )
        _ok(message)
    empty = excerpts.stats_message(
        bundled.stats(), uptime_seconds=1, p50_ms=None, p99_ms=None, samples=0
    )
    fields = {f.name: f.value for f in empty.embeds[0].fields}
    assert fields["Search latency"] == "no searches yet"
    assert fields["Uptime"] == "1 s"


def test_shared_saved_and_gone(bundled: Library) -> None:
    passage = bundled.cite("interests/islamic-nation-protects/5").passage
    assert passage is not None
    shared = answers.shared(bundled, passage, "@everyone " + "N" * 300)
    _ok(shared)
    assert not shared.ephemeral
    assert shared.embeds[0].author is not None and "@everyone" not in shared.embeds[0].author
    saved = answers.saved(bundled, passage, "https://discord.com/channels/1/2/3")
    _ok(saved)
    assert {b.custom_id.split(":")[1] for b in saved.buttons() if b.custom_id} == {
        "prev",
        "next",
        "sect",
    }
    _ok(answers.gone())
    assert answers.resolve_passage(bundled, passage.citation_id) == passage
    assert answers.resolve_passage(bundled, passage.citation_id, documents=["disaster"]) is None
    assert answers.resolve_passage(bundled, "interests/islamic-nation-protects/99") is None
