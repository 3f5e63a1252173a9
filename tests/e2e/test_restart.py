"""Buttons keep working after a restart: their whole state is in the custom_id."""

from __future__ import annotations

from tests.e2e.conftest import Launcher, cited, labels, only_embed, select_values
from tests.standin import MEMBER_DEFAULT, FakeDiscord, Guild, Perm


async def test_buttons_sent_before_a_restart_work_after_it(
    fake: FakeDiscord, launcher: Launcher, guild: Guild
) -> None:
    alice = fake.member(guild, "alice")
    mod = fake.member(guild, "mod", permissions=MEMBER_DEFAULT | Perm.PIN_MESSAGES)
    settings = launcher.settings()
    async with launcher.running(settings) as first:
        public = await mod.slash("cite", id="interests/islamic-nation-protects/3")
        private = await alice.slash("search", query="security")
        listed = select_values(private)
    assert first.is_closed()
    assert fake.gateway.identifies == [(0, 1)]

    async with launcher.running(settings) as second:
        assert second is not first
        assert fake.gateway.identifies == [(0, 1), (0, 1)], "a new session, not a resume"
        nxt = await alice.click(public, "Next")
        assert cited(nxt) == ["interests/islamic-nation-protects/4"]
        section = await alice.click(public, "Whole section")
        assert only_embed(section)["footer"]["text"].startswith(
            "section: interests/islamic-nation-protects"
        )
        pinned = await mod.click(public, "Pin")
        assert "📌 Pinned." in pinned.text
        assert public.message is not None and public.message.pinned
        page_two = await alice.click(private, "Next page")
        assert page_two.type == 7 and only_embed(page_two)["footer"]["text"].startswith("Page 2")
        opened = await alice.select(page_two, [select_values(page_two)[0]])
        assert cited(opened) == [select_values(page_two)[0]]
        assert select_values(page_two)[0] not in listed
        assert "Post to channel" in labels(opened)
