"""Buttons and the search select, as `DynamicItem`s whose whole state is the custom_id.

Each class's template is the pattern `bot.rendering.custom_ids.PATTERNS` defines for its
verb, so the formats have one definition. They are registered with `add_dynamic_items` in
`setup_hook`, which makes a button work on any message, including those sent before a
restart: nothing is remembered per message.

Who sees the answer to a navigation button (previous / next passage, whole section, search
and table-of-contents pages):
- on a private (ephemeral) message, the message is updated in place (response type 7): it
  is the member's own;
- on a public message, the answer is a new private message for whoever pressed, so nobody
  rewrites a message the whole channel is reading.
A notice ("no passage that way", "no longer in the corpus") never replaces an excerpt: it
comes as its own private message.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import discord
from discord import app_commands

from bot.discord_app import convert, errors, respond
from bot.discord_app.convert import Outcome, outcome
from bot.discord_app.state import BotState, state_of
from bot.rendering import answers, excerpts
from bot.rendering import custom_ids as ids

Handler = Callable[[discord.Interaction, ids.Action, Sequence[str]], Awaitable[None]]


# -- entry point ----------------------------------------------------------------------------


async def handle(
    interaction: discord.Interaction, custom_id: str, values: Sequence[str] = ()
) -> None:
    """Answer a button or select press; anything the bot did not make is refused."""
    action = ids.parse(custom_id)
    kind = "select" if values else "button"
    respond.start(interaction, f"{kind}:{action.verb if action else 'unknown'}")
    try:
        if action is None:
            await respond.answer(interaction, excerpts.button_refused(), ephemeral=True)
            return
        await HANDLERS[action.verb](interaction, action, values)
    except Exception as error:
        await errors.handle(interaction, error)


def _scope(interaction: discord.Interaction, state: BotState) -> list[str] | None:
    return state.reading_lists.for_interaction(interaction, state.library)


def _is_private(message: discord.Message | None) -> bool:
    return message is not None and message.flags.ephemeral


def _throttle(interaction: discord.Interaction, state: BotState) -> None:
    """Buttons with side effects share the per-member limit the commands have."""
    bucket = state.actions.hit(interaction.user.id)
    if bucket is not None:
        raise app_commands.CommandOnCooldown(bucket, bucket.get_retry_after())


async def _refuse(interaction: discord.Interaction, message: Any) -> None:
    await respond.send(interaction, message, ephemeral=True)
    respond.finish(interaction, Outcome.REFUSED)


# -- navigation -----------------------------------------------------------------------------


async def navigate(
    interaction: discord.Interaction, action: ids.Action, values: Sequence[str]
) -> None:
    state = state_of(interaction)
    answer = answers.action(
        state.library,
        action,
        public=False,
        documents=_scope(interaction, state),
        per_page=state.settings.commands.results_per_page,
    )
    if _is_private(interaction.message) and outcome(answer) is Outcome.OK:
        await respond.update(interaction, answer)
        respond.finish(interaction)
    else:
        await respond.answer(interaction, answer, ephemeral=True)


async def open_selected(
    interaction: discord.Interaction, action: ids.Action, values: Sequence[str]
) -> None:
    """A search result picked in the select: opened as a new message, the list stays.

    It is public only when the search was public and the member who ran it picks; anyone
    else gets a private copy (with Post to channel).
    """
    if len(values) != 1:
        await _refuse(interaction, excerpts.button_refused())
        return
    state = state_of(interaction)
    message = interaction.message
    metadata = message.interaction_metadata if message is not None else None
    asked_by = metadata.user.id if metadata is not None else None
    public = (
        action.values["public"] == "1"
        and interaction.guild_id is not None
        and not _is_private(message)
        and asked_by == interaction.user.id
    )
    answer = answers.open_passage(
        state.library, values[0], public=public, documents=_scope(interaction, state)
    )
    await respond.answer(interaction, answer)


# -- pin, post, save ------------------------------------------------------------------------


def _footer_cid(message: discord.Message) -> set[str]:
    """Citation ids named in the message's embed footers (`cite: <id> · v…`)."""
    found = set()
    for embed in message.embeds:
        text = embed.footer.text or ""
        match = re.match(r"cite: (\S+)", text)
        if match:
            found.add(match.group(1))
    return found


def _bot_excerpt(interaction: discord.Interaction, message: discord.Message, cid: str) -> bool:
    """The button sits on this bot's public excerpt of the passage it names."""
    me = interaction.client.user
    authors = {interaction.application_id, me.id if me is not None else None}
    return (
        message.author.id in authors and not message.flags.ephemeral and cid in _footer_cid(message)
    )


def _lacks(permissions: discord.Permissions, *alternatives: str) -> bool:
    return not any(getattr(permissions, name) for name in alternatives)


async def pin(interaction: discord.Interaction, action: ids.Action, values: Sequence[str]) -> None:
    if interaction.guild_id is None:
        await _refuse(interaction, excerpts.not_in_dms("Pinning"))
        return
    message = interaction.message
    cid = action.values["cid"]
    if message is None or not _bot_excerpt(interaction, message, cid):
        await _refuse(interaction, excerpts.pin_refused())
        return
    pin_rights = ("pin_messages", "manage_messages")
    member = [pin_rights] if _lacks(interaction.permissions, *pin_rights) else []
    bot = [pin_rights] if _lacks(interaction.app_permissions, *pin_rights) else []
    if member or bot:
        await _refuse(
            interaction, excerpts.missing_permissions("pin this excerpt", member=member, bot=bot)
        )
        return
    state = state_of(interaction)
    if message.pinned:
        state.store.track_pins(interaction.guild_id, message.channel.id)
        await respond.answer(interaction, excerpts.already_pinned(), ephemeral=True)
        return
    _throttle(interaction, state)
    await respond.defer(interaction, ephemeral=True)
    try:
        await message.pin(reason=f"Pinned with the pin button by user {interaction.user.id}")
    except discord.HTTPException as exc:
        if exc.code == 30003:
            await _refuse(interaction, excerpts.pins_full())
        elif isinstance(exc, discord.Forbidden):
            await _refuse(
                interaction, excerpts.missing_permissions("pin this excerpt", bot=[pin_rights])
            )
        elif isinstance(exc, discord.NotFound):
            await _refuse(interaction, excerpts.notice("That message is gone.", error=True))
        else:
            raise
        return
    # Remembered so that `/corpus reload` can tell moderators when this pin goes stale.
    state.store.track_pins(interaction.guild_id, message.channel.id)
    await respond.answer(interaction, excerpts.pinned(), ephemeral=True)


async def post(interaction: discord.Interaction, action: ids.Action, values: Sequence[str]) -> None:
    """Post a private excerpt publicly in the channel, "Shared by" the member, no ping."""
    if interaction.guild_id is None:
        await _refuse(interaction, excerpts.not_in_dms("Posting to the channel"))
        return
    state = state_of(interaction)
    library = state.library
    passage = answers.resolve_passage(
        library, action.values["cid"], documents=_scope(interaction, state)
    )
    if passage is None:
        await respond.answer(interaction, answers.gone(), ephemeral=True)
        return
    channel = interaction.channel
    if not isinstance(channel, discord.abc.Messageable):
        await _refuse(interaction, excerpts.notice("I can't post in this channel.", error=True))
        return
    send = "send_messages_in_threads" if isinstance(channel, discord.Thread) else "send_messages"
    member = [(send,)] if _lacks(interaction.permissions, send) else []
    bot = [
        (name,)
        for name in ("view_channel", send, "embed_links")
        if _lacks(interaction.app_permissions, name)
    ]
    if member or bot:
        await _refuse(
            interaction, excerpts.missing_permissions("post it here", member=member, bot=bot)
        )
        return
    _throttle(interaction, state)
    await respond.defer(interaction, ephemeral=True)
    message = answers.shared(library, passage, interaction.user.display_name)
    try:
        sent = await channel.send(**convert.send_kwargs(message))
    except discord.Forbidden:
        needed = [("view_channel",), (send,), ("embed_links",)]
        await _refuse(interaction, excerpts.missing_permissions("post it here", bot=needed))
        return
    await respond.answer(interaction, excerpts.posted(sent.jump_url), ephemeral=True)


async def save(interaction: discord.Interaction, action: ids.Action, values: Sequence[str]) -> None:
    """Send the member a copy of the excerpt, with its citation, in direct messages."""
    state = state_of(interaction)
    library = state.library
    passage = answers.resolve_passage(
        library, action.values["cid"], documents=_scope(interaction, state)
    )
    if passage is None:
        await respond.answer(interaction, answers.gone(), ephemeral=True)
        return
    _throttle(interaction, state)
    await respond.defer(interaction, ephemeral=True)
    source = interaction.message
    origin = source.jump_url if source is not None and not source.flags.ephemeral else None
    try:
        channel = await interaction.user.create_dm()
        await channel.send(**convert.send_kwargs(answers.saved(library, passage, origin)))
    except discord.Forbidden:
        await _refuse(interaction, excerpts.dms_closed())
        return
    await respond.answer(interaction, excerpts.saved_to_dms(), ephemeral=True)


HANDLERS: dict[str, Handler] = {
    ids.PREV: navigate,
    ids.NEXT: navigate,
    ids.SECTION: navigate,
    ids.SEARCH: navigate,
    ids.TOC: navigate,
    ids.DOCS: navigate,
    ids.OPEN: open_selected,
    ids.PIN: pin,
    ids.POST: post,
    ids.SAVE: save,
}


# -- DynamicItem classes --------------------------------------------------------------------


_Button = discord.ui.Button[discord.ui.View]
_Select = discord.ui.Select[discord.ui.View]


class _Dispatch:
    """Shared by the DynamicItem classes: rebuilt from the pressed component, then handled."""

    item: Any
    custom_id: str

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Any:
        return cls(item)  # type: ignore[call-arg]

    async def callback(self, interaction: discord.Interaction) -> None:
        values = list(getattr(self.item, "values", ()) or ())
        await handle(interaction, self.custom_id, values)


class PreviousButton(_Dispatch, discord.ui.DynamicItem[_Button], template=ids.PATTERNS[ids.PREV]):
    pass


class NextButton(_Dispatch, discord.ui.DynamicItem[_Button], template=ids.PATTERNS[ids.NEXT]):
    pass


class SectionButton(_Dispatch, discord.ui.DynamicItem[_Button], template=ids.PATTERNS[ids.SECTION]):
    pass


class SearchPageButton(
    _Dispatch, discord.ui.DynamicItem[_Button], template=ids.PATTERNS[ids.SEARCH]
):
    pass


class TableOfContentsButton(
    _Dispatch, discord.ui.DynamicItem[_Button], template=ids.PATTERNS[ids.TOC]
):
    pass


class DocumentsPageButton(
    _Dispatch, discord.ui.DynamicItem[_Button], template=ids.PATTERNS[ids.DOCS]
):
    pass


class PostButton(_Dispatch, discord.ui.DynamicItem[_Button], template=ids.PATTERNS[ids.POST]):
    pass


class PinButton(_Dispatch, discord.ui.DynamicItem[_Button], template=ids.PATTERNS[ids.PIN]):
    pass


class SaveButton(_Dispatch, discord.ui.DynamicItem[_Button], template=ids.PATTERNS[ids.SAVE]):
    pass


class OpenSelect(_Dispatch, discord.ui.DynamicItem[_Select], template=ids.PATTERNS[ids.OPEN]):
    pass


DYNAMIC_ITEMS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    PreviousButton,
    NextButton,
    SectionButton,
    SearchPageButton,
    TableOfContentsButton,
    DocumentsPageButton,
    PostButton,
    PinButton,
    SaveButton,
    OpenSelect,
)
TEMPLATES = tuple(item.__discord_ui_compiled_template__ for item in DYNAMIC_ITEMS)


def is_dynamic(custom_id: str) -> bool:
    """True when one of the DynamicItem templates takes this custom_id."""
    return any(template.fullmatch(custom_id) for template in TEMPLATES)
