"""Every button on an excerpt, end to end: move, read the section, post, pin, save; and
custom_ids the bot did not make."""

from __future__ import annotations

from bot.discord_app.client import ExcerptBot
from tests.conftest import WriteCorpus
from tests.e2e.conftest import (
    COLOR,
    DONE_COLOR,
    ERROR_COLOR,
    NOTICE_COLOR,
    Launcher,
    cited,
    colors,
    enabled,
    is_refusal,
    labels,
    no_new_requests,
    only_embed,
    select_values,
)
from tests.standin import (
    MEMBER_DEFAULT,
    FakeDiscord,
    Guild,
    Member,
    Perm,
    Reply,
    StoredMessage,
)
from tests.standin.world import MAX_PINS

PINS = "PUT /channels/*/messages/pins/*"


def long_section_corpus() -> dict[str, str | bytes]:
    """One section too long for one message: twelve paragraphs of about 700 characters."""
    sentence = "Tides follow the moon and the sun in a rhythm sailors have read for ages. "
    paragraphs = "\n\n".join(f"Paragraph {n}. " + sentence * 9 for n in range(1, 13))
    return {"tides.md": f"---\nid: tides\n---\n# Tides\n\n## Long section\n\n{paragraphs}\n"}


async def private_excerpt(member: Member, query: str = "security") -> Reply:
    """An excerpt only `member` sees: a private search, then the first result opened."""
    results = await member.slash("search", query=query)
    return await member.select(results, [select_values(results)[0]])


# -- previous / next ------------------------------------------------------------------------


async def test_next_on_a_public_excerpt_answers_privately_and_leaves_it(
    fake: FakeDiscord, bot: ExcerptBot, alice: Member
) -> None:
    public = await alice.slash("cite", id="interests/islamic-nation-protects/3")
    nxt = await alice.click(public, "Next")
    assert nxt.type == 4 and nxt.ephemeral, "nobody rewrites what the channel reads"
    assert cited(nxt) == ["interests/islamic-nation-protects/4"]
    assert cited(public) == ["interests/islamic-nation-protects/3"]
    prev = await alice.click(public, "Previous")
    assert cited(prev) == ["interests/islamic-nation-protects/2"]
    assert fake.channel_messages(alice.channel) == [public.message]


async def test_next_and_previous_on_a_private_excerpt_update_it_in_place(
    bot: ExcerptBot, alice: Member
) -> None:
    excerpt = await alice.slash("cite", id="interests/islamic-nation-protects/3", public=False)
    nxt = await alice.click(excerpt, "Next")
    assert nxt.type == 7 and nxt.message == excerpt.message
    assert cited(nxt) == ["interests/islamic-nation-protects/4"]
    back = await alice.click(nxt, "Previous")
    assert cited(back) == ["interests/islamic-nation-protects/3"]
    assert labels(back) == ["Previous", "Next", "Whole section", "Post to channel", "Save"]


async def test_the_first_passage_has_no_way_back(bot: ExcerptBot, alice: Member) -> None:
    first_id = bot.state.library.corpus.passage(0).citation_id
    reply = await alice.slash("cite", id=first_id)
    assert not enabled(reply, "Previous") and enabled(reply, "Next")


# -- whole section --------------------------------------------------------------------------


async def test_whole_section_with_pages(
    fake: FakeDiscord, launcher: Launcher, guild: Guild, write_corpus: WriteCorpus
) -> None:
    alice = fake.member(guild, "alice")
    async with launcher.running(launcher.settings(write_corpus(long_section_corpus()))):
        excerpt = await alice.slash("cite", id="tides/long-section/3")
        section = await alice.click(excerpt, "Whole section")
        assert section.type == 4 and section.ephemeral
        embed = only_embed(section)
        assert embed["title"] == "Tides › Long section"
        footer = embed["footer"]["text"]
        assert footer.startswith("section: tides/long-section · page 1 of ")
        pages = int(footer.rsplit(" ", 1)[1])
        assert pages >= 2
        assert embed["description"].startswith("**¶1** Paragraph 1.")
        assert labels(section) == ["Previous page", "Next page"]
        seen = [embed["description"]]
        current = section
        for page in range(2, pages + 1):
            current = await alice.click(current, "Next page")
            assert current.type == 7 and current.message == section.message
            assert only_embed(current)["footer"]["text"].endswith(f"page {page} of {pages}")
            seen.append(only_embed(current)["description"])
        assert not enabled(current, "Next page")
        assert "**¶12** Paragraph 12." in seen[-1]
        shown = "".join(seen)
        assert all(f"**¶{n}** Paragraph {n}." in shown for n in range(1, 13)), "nothing skipped"


async def test_whole_section_of_a_short_section_is_one_page(bot: ExcerptBot, alice: Member) -> None:
    excerpt = await alice.slash("topic", name="Intelligence Gathering")
    section = await alice.click(excerpt, "Whole section")
    embed = only_embed(section)
    assert section.ephemeral and embed["color"] == COLOR
    assert embed["footer"]["text"] == "section: interests/islamic-nation-protects · page 1 of 1"
    assert "**¶3** **2. Intelligence Gathering:**" in embed["description"]
    assert not labels(section)


# -- post to channel ------------------------------------------------------------------------


async def test_post_to_channel_shares_a_private_excerpt_without_pinging(
    fake: FakeDiscord, bot: ExcerptBot, alice: Member
) -> None:
    excerpt = await private_excerpt(alice)
    [cid] = cited(excerpt)
    assert fake.channel_messages(alice.channel) == []
    done = await alice.click(excerpt, "Post to channel")
    assert done.deferred and done.ephemeral and colors(done) == {DONE_COLOR}
    assert "📣 Posted to the channel." in done.text
    [shared] = fake.channel_messages(alice.channel)
    assert shared.author_id == fake.bot_user.id and not shared.ephemeral
    assert cited(shared) == [cid]
    assert only_embed(shared)["author"]["name"] == "Shared by alice"
    assert labels(shared) == ["Previous", "Next", "Whole section", "Pin", "Save"]
    assert f"/{shared.channel_id}/{shared.id})" in done.text, "a link to the post"
    [sent] = [r for r in fake.requests_matching("POST /channels/*/messages")]
    assert sent.status == 200
    fake.violations.assert_empty()


async def test_post_is_refused_when_the_bot_may_not_send_there(
    fake: FakeDiscord, bot: ExcerptBot, alice: Member, guild: Guild
) -> None:
    excerpt = await private_excerpt(alice)
    guild.bot_permissions &= ~Perm.SEND_MESSAGES
    with no_new_requests(fake, "POST /channels/*/messages"):
        refused = await alice.click(excerpt, "Post to channel")
    assert is_refusal(refused)
    assert "I need **Send Messages** in this channel" in refused.text
    assert fake.channel_messages(alice.channel) == []


# -- an entry shown as a run of passages ----------------------------------------------------


def bestiary() -> dict[str, str | bytes]:
    """Stat blocks, as a rules reference writes them: a caption, then short lines."""
    return {
        "monsters.md": "# Monsters\n\n## Owlbear\n\n*Large monstrosity, unaligned*\n\n"
        "**Armor Class** 13\n\n**Hit Points** 59\n\n## Pegasus\n\n"
        "*Large celestial, chaotic good*\n\n**Armor Class** 12\n"
    }


async def test_a_stat_block_is_shown_pinned_and_saved_whole(
    fake: FakeDiscord, launcher: Launcher, guild: Guild, write_corpus: WriteCorpus
) -> None:
    mod = fake.member(guild, "mod", permissions=MEMBER_DEFAULT | Perm.PIN_MESSAGES)
    async with launcher.running(launcher.settings(write_corpus(bestiary()))):
        owlbear = await mod.slash("topic", name="owlbear")
        embed = only_embed(owlbear)
        assert embed["title"] == "Monsters › Owlbear ¶1–3"
        assert "**¶3** **Hit Points** 59" in embed["description"]
        assert cited(owlbear) == ["monsters/owlbear/1"]
        pegasus = await mod.click(owlbear, "Next")
        assert only_embed(pegasus)["title"] == "Monsters › Pegasus ¶1–2"
        assert "📌 Pinned." in (await mod.click(owlbear, "Pin")).text
        assert owlbear.message is not None and owlbear.message.pinned
        await mod.click(owlbear, "Save")
        [saved] = fake.channel_messages(fake.world.open_dm(mod.user))
        assert only_embed(saved)["title"] == embed["title"]
        assert "**¶3** **Hit Points** 59" in only_embed(saved)["description"]


# -- pin ------------------------------------------------------------------------------------


async def test_a_member_allowed_to_pin_pins_the_excerpt(
    fake: FakeDiscord, bot: ExcerptBot, mod: Member
) -> None:
    excerpt = await mod.slash("topic", name="Intelligence Gathering")
    done = await mod.click(excerpt, "Pin")
    assert done.ephemeral and colors(done) == {DONE_COLOR} and "📌 Pinned." in done.text
    stored = excerpt.message
    assert stored is not None and stored.pinned
    assert [pin.message_id for pin in mod.channel.pins] == [stored.id]
    again = await mod.click(excerpt, "Pin")
    assert again.ephemeral and colors(again) == {NOTICE_COLOR}
    assert "already pinned" in again.text
    assert len(mod.channel.pins) == 1


async def test_manage_messages_is_enough_to_pin(
    fake: FakeDiscord, bot: ExcerptBot, guild: Guild
) -> None:
    old_school = fake.member(guild, "oldmod", permissions=Perm.VIEW_CHANNEL | Perm.MANAGE_MESSAGES)
    excerpt = await old_school.slash("cite", id="interests/intro/1")
    done = await old_school.click(excerpt, "Pin")
    assert "📌 Pinned." in done.text and excerpt.message is not None and excerpt.message.pinned


async def test_pin_is_refused_to_a_member_without_pin_messages(
    fake: FakeDiscord, bot: ExcerptBot, alice: Member
) -> None:
    excerpt = await alice.slash("topic", name="Intelligence Gathering")
    with no_new_requests(fake, PINS):
        refused = await alice.click(excerpt, "Pin")
    assert is_refusal(refused)
    assert "you need **Pin Messages** or **Manage Messages** in this channel" in refused.text
    assert "I need" not in refused.text
    assert excerpt.message is not None and not excerpt.message.pinned


async def test_pin_is_refused_when_the_bot_lacks_the_permission(
    fake: FakeDiscord, bot: ExcerptBot, mod: Member, guild: Guild
) -> None:
    excerpt = await mod.slash("topic", name="Intelligence Gathering")
    guild.bot_permissions &= ~Perm.PIN_MESSAGES
    with no_new_requests(fake, PINS):
        refused = await mod.click(excerpt, "Pin")
    assert is_refusal(refused)
    assert refused.text == (
        "I can't pin this excerpt:\n"
        "• I need **Pin Messages** or **Manage Messages** in this channel "
        "(a server admin can grant it in the channel's permissions)"
    )
    assert not mod.channel.pins


async def test_pin_when_the_channel_has_250_pins_says_so(
    fake: FakeDiscord, bot: ExcerptBot, mod: Member
) -> None:
    excerpt = await mod.slash("topic", name="Intelligence Gathering")
    for n in range(MAX_PINS):
        old = fake.world.post(mod.channel, mod.user, {"content": f"old news {n}"})
        fake.world.pin(mod.channel, old.id)
    refused = await mod.click(excerpt, "Pin")
    assert refused.ephemeral and colors(refused) == {ERROR_COLOR}
    assert "This channel already has 250 pinned messages, Discord's limit." in refused.text
    assert "Unpin one and press 📌 again." in refused.text
    assert [r.status for r in fake.requests_matching(PINS)] == [400]
    assert excerpt.message is not None and not excerpt.message.pinned


async def test_a_pin_button_on_someone_elses_message_pins_nothing(
    fake: FakeDiscord, bot: ExcerptBot, mod: Member
) -> None:
    """A pin button whose message is not the bot's excerpt of that passage is refused."""
    excerpt = await mod.slash("cite", id="interests/intro/1")
    assert excerpt.message is not None
    [pin] = [b for b in excerpt.message.buttons() if b["label"] == "Pin"]
    copycat = fake.world.post(
        mod.channel, mod.user, {"content": "pin me", "components": [row([pin])]}
    )
    with no_new_requests(fake, PINS):
        refused = await mod.click(copycat, "Pin")
    assert is_refusal(refused) and "I only pin my own public excerpts" in refused.text


# -- save -----------------------------------------------------------------------------------


async def test_save_sends_the_excerpt_to_direct_messages(
    fake: FakeDiscord, bot: ExcerptBot, alice: Member
) -> None:
    excerpt = await alice.slash("cite", id="interests/intro/1")
    done = await alice.click(excerpt, "Save")
    assert done.ephemeral and "🔖 Sent to your DMs." in done.text
    dm = fake.world.open_dm(alice.user)
    [saved] = fake.channel_messages(dm)
    assert saved.author_id == fake.bot_user.id
    assert cited(saved) == ["interests/intro/1"]
    embed = only_embed(saved)
    assert embed["description"].startswith("🔖 Saved from [this message](")
    assert labels(saved) == ["Previous", "Next", "Whole section"], "nothing to share in a DM"


async def test_save_from_a_private_excerpt_has_no_link_back(
    fake: FakeDiscord, bot: ExcerptBot, alice: Member
) -> None:
    excerpt = await private_excerpt(alice)
    await alice.click(excerpt, "Save")
    [saved] = fake.channel_messages(fake.world.open_dm(alice.user))
    assert only_embed(saved)["description"].startswith("🔖 Saved\n")


# -- custom_ids the bot did not make ----------------------------------------------------------


def button(custom_id: str, label: str) -> dict[str, object]:
    return {"type": 2, "style": 2, "label": label, "custom_id": custom_id}


def row(components: list[dict[str, object]]) -> dict[str, object]:
    return {"type": 1, "components": components}


def forged_message(fake: FakeDiscord, member: Member, ids: dict[str, str]) -> StoredMessage:
    """A bot message with buttons carrying `ids` (label → custom_id), as an older release or
    a damaged payload might have left them."""
    buttons = [button(custom_id, label) for label, custom_id in ids.items()]
    rows = [row(buttons[i : i + 5]) for i in range(0, len(buttons), 5)]
    return fake.world.post(
        member.channel, fake.bot_user, {"content": "old message", "components": rows}
    )


async def test_forged_and_truncated_custom_ids_are_refused_politely(
    fake: FakeDiscord, bot: ExcerptBot, mod: Member
) -> None:
    refused_ids = {
        "truncated pin": "xb:pin:interests/intro",
        "truncated search": "xb:find:1:",
        "unknown verb": "xb:zap:interests/intro/1",
        "not ours": "somebot:delete_all",
        "bad page": "xb:sect:x:interests/intro",
        "path trick": "xb:next:../../etc/passwd",
        "bad select flag": "xb:open:2",
    }
    message = forged_message(fake, mod, refused_ids)
    with no_new_requests(fake, PINS), no_new_requests(fake, "POST /channels/*/messages"):
        for label in refused_ids:
            reply = await mod.click(message, label)
            assert reply.type == 4 and is_refusal(reply), label
            assert "That button is not one I can act on" in reply.text, label
    assert fake.channel_messages(mod.channel) == [message], "nothing posted"


async def test_well_formed_ids_for_passages_that_do_not_exist_are_answered(
    fake: FakeDiscord, bot: ExcerptBot, mod: Member
) -> None:
    ids = {
        "next": "xb:next:atlantis/gone/1",
        "section": "xb:sect:1:atlantis/gone",
        "pin": "xb:pin:atlantis/gone/1",
        "post": "xb:post:atlantis/gone/1",
        "save": "xb:save:atlantis/gone/1",
        "toc": "xb:toc:1:atlantis",
    }
    message = forged_message(fake, mod, ids)
    with no_new_requests(fake, PINS), no_new_requests(fake, "POST /channels/*/messages"):
        for label in ids:
            reply = await mod.click(message, label)
            assert reply.ephemeral and not labels(reply), label
            assert colors(reply) <= {NOTICE_COLOR, ERROR_COLOR}, label
    assert fake.channel_messages(mod.channel) == [message]
