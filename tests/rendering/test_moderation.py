"""What moderators see: reading lists from /cite, thread names, the stale-pins embed,
the daily post; every one within Discord's limits."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.engine.library import Library
from bot.rendering import answers, excerpts
from bot.rendering.excerpts import StalePin, _share
from bot.rendering.limits import EMBED_TOTAL
from tests.rendering.discord_limits import units, violations


def total(message: dict) -> int:
    count = 0
    for embed in message["embeds"]:
        count += units(embed.get("title", "")) + units(embed.get("description", ""))
        count += units((embed.get("footer") or {}).get("text", ""))
        for field in embed.get("fields") or []:
            count += units(field["name"]) + units(field["value"])
    return count


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("interests/intro/1", None),
        ("interests / intro / 1", None),
        ("cyber security", None),
        ("a/b/1 c/d/2", ["a/b/1", "c/d/2"]),
        ("a/b/1,c/d/2;  e/f/3", ["a/b/1", "c/d/2", "e/f/3"]),
        ("a/b/1 A/B/1 c/d/2@abc123 words", ["a/b/1", "c/d/2@abc123", "words"]),
        ("a / b / 1, c/d/2", ["a/b/1", "c/d/2"]),
    ],
)
def test_split_citations(typed: str, expected: list[str] | None) -> None:
    assert answers.split_citations(typed) == expected


def test_a_reading_list_keeps_the_order_and_reports_unknown_ids(bundled: Library) -> None:
    typed = (
        "disaster/intro/3, interests/intro/1 atlantis/x/1 interests/intro/1 @everyone "
        "cooperation/significance-international/2@000000"
    )
    message = answers.cite(bundled, typed, documents=["disaster", "interests"]).to_dict()
    assert violations(message) == []
    footers = [e["footer"]["text"].split(" ")[1] for e in message["embeds"]]
    assert footers == ["disaster/intro/3", "interests/intro/1"], "order kept, duplicate once"
    content = message["content"]
    assert content.startswith("📚 **Reading list** · 2 passages")
    assert "Not found: atlantis/x/1 (no passage has this id)" in content
    assert "(not a citation id)" in content and "@\u200beveryone" in content
    assert (
        "cooperation/significance-international/2@000000 (not on this channel's reading list)"
        in (content.replace("\\", ""))
    )
    [row] = message["components"]
    [select] = row["components"]
    assert [o["value"] for o in select["options"]] == footers
    assert select["custom_id"] == "xb:open:1"
    assert "flags" not in message, "public by default"


def test_a_changed_passage_in_a_list_says_so(bundled: Library) -> None:
    message = answers.cite(bundled, "interests/intro/1@000000 disaster/intro/1", public=False)
    first = message.to_dict()["embeds"][0]
    assert first["description"].startswith("*The passage changed since it was cited")
    assert message.ephemeral


def test_nothing_found_at_all_is_a_private_notice(bundled: Library) -> None:
    message = answers.cite(bundled, "atlantis/a/1 atlantis/b/2")
    assert message.ephemeral and not message.rows
    assert "Not found: atlantis/a/1" in message.embeds[0].description


def test_ten_long_passages_are_cut_to_fit_6000_characters(nodejs: Library) -> None:
    longest = sorted(range(len(nodejs.corpus)), key=lambda i: -len(nodejs.corpus.texts[i]))
    ids = [nodejs.corpus.passage(i).citation_id for i in longest[:12]]
    message = answers.reading_list(nodejs, ids).to_dict()
    assert violations(message) == [] and len(message["embeds"]) == 10
    assert EMBED_TOTAL * 0.8 < total(message) <= EMBED_TOTAL, "most of the room is used"
    assert "…and 2 more ids not shown (at most 10)." in message["content"]
    assert all("cut short: /cite the id" in e["footer"]["text"] for e in message["embeds"])
    for embed, cid in zip(message["embeds"], ids, strict=False):
        assert embed["footer"]["text"].startswith(f"cite: {cid} · v")


@settings(max_examples=60, deadline=None)
@given(
    picks=st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=14),
    notes=st.booleans(),
)
def test_any_reading_list_fits(nodejs: Library, picks: list[int], notes: bool) -> None:
    n = len(nodejs.corpus)
    ids = [nodejs.corpus.passage(p % n).citation_id + ("@000000" if notes else "") for p in picks]
    message = answers.reading_list(nodejs, ids).to_dict()
    assert violations(message) == []


def test_share_gives_short_texts_what_they_need() -> None:
    assert _share(1000, [100, 2000, 2000], cap=3800) == [100, 450, 450]
    assert _share(1000, [100, 200], cap=3800) == [100, 200]
    assert _share(10_000, [5000], cap=3800) == [3800]
    assert sum(_share(5999, [4000] * 7, cap=3800)) <= 5999


def test_thread_names_fit_and_keep_the_section_and_paragraph(nodejs: Library) -> None:
    for index in range(0, len(nodejs.corpus), 97):
        passage = nodejs.corpus.passage(index)
        name = excerpts.thread_name(passage)
        assert 1 <= len(name) <= 100 and units(name) <= 100
        assert name.endswith(f" ¶{passage.number}")
        if len(passage.citation) <= 100:
            assert name == passage.citation


def test_a_long_title_is_shortened_before_the_section(bundled: Library) -> None:
    passage = bundled.cite("communities/advocating-muslim-rights/1").passage
    assert passage is not None and len(passage.citation) > 100
    name = excerpts.thread_name(passage)
    assert name.startswith("Establishing Links with Global Islamic Communities")
    assert name.endswith("… › Advocating for Muslim Rights ¶1") and len(name) <= 100


def test_the_stale_pins_embed_links_each_and_fits_the_room_left() -> None:
    stale = [
        StalePin(f"study-*{n}*", f"https://discord.com/channels/1/2/{n}", f"d/s/{n}", n % 2 == 0)
        for n in range(300)
    ]
    embed = excerpts.stale_pins_embed(stale, messages=400, channels=3, room=2500).to_dict()
    assert embed["title"] == "📌 Pinned excerpts to check"
    lines = embed["description"].split("\n")
    assert (
        lines[0]
        == "**300** of 400 pinned excerpts no longer match the corpus; update or unpin them:"
    )
    assert lines[1] == (
        "• [#study-\\*0\\* · d/s/0](https://discord.com/channels/1/2/0) — no longer in the corpus"
    )
    assert lines[2].endswith("— changed since it was pinned")
    assert lines[-1].startswith("…and ") and lines[-1].endswith(" more")
    assert units(embed["title"]) + units(embed["description"]) <= 2500


def test_the_stale_pins_embed_when_all_is_well() -> None:
    fine = excerpts.stale_pins_embed([], messages=3, channels=2, problems=["#x: no access"])
    assert (
        fine.description == "All 3 pinned excerpts in 2 channels match the corpus.\n⚠️ #x: no access"
    )
    empty = excerpts.stale_pins_embed([], messages=0, channels=1)
    assert empty.description == "No pinned excerpt of mine in the 1 channel checked."
    one = excerpts.stale_pins_embed([], messages=1, channels=1)
    assert one.description == "The 1 pinned excerpt in 1 channel matches the corpus."


def test_the_daily_post_is_a_public_excerpt(bundled: Library) -> None:
    passage = bundled.corpus.passage(0)
    message = answers.daily(bundled, passage)
    payload = message.to_dict()
    assert violations(payload) == [] and not message.ephemeral
    assert payload["embeds"][0]["description"].startswith("📅 **Passage of the day**\n\n")
    assert [b.label for b in message.buttons()] == [
        "Previous",
        "Next",
        "Whole section",
        "Pin",
        "Save",
    ]
