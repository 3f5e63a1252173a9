"""A tiny bot exercising what the stand-in must support; each command shows one behaviour."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

TOPICS = [f"topic {n:02d}" for n in range(30)]
NO_PINGS = discord.AllowedMentions.none()


@dataclass
class Probe:
    """What the sample bot ran into, and gates a test opens to let a command go on."""

    errors: list[Exception] = field(default_factory=list)
    entered: asyncio.Event = field(default_factory=asyncio.Event)
    gate: asyncio.Event = field(default_factory=asyncio.Event)


class PinButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"pin:(?P<mid>\d+)"):
    """A persistent pin button: the message id lives in the custom_id."""

    def __init__(self, message_id: int) -> None:
        super().__init__(discord.ui.Button(label="Pin", emoji="📌", custom_id=f"pin:{message_id}"))
        self.message_id = message_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> PinButton:
        return cls(int(match["mid"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        missing = []
        if not (interaction.permissions.pin_messages or interaction.permissions.manage_messages):
            missing.append("you need Pin Messages")
        if not interaction.app_permissions.pin_messages:
            missing.append("I need Pin Messages")
        if missing:
            await interaction.response.send_message(", ".join(missing), ephemeral=True)
            return
        assert isinstance(interaction.channel, discord.abc.Messageable)
        message = await interaction.channel.fetch_message(self.message_id)
        await message.pin()
        await interaction.response.send_message("Pinned.", ephemeral=True)


class Menu(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=60)
        self.add_item(discord.ui.Button(label="Docs", url="https://example.org/docs"))

    @discord.ui.button(label="Next", custom_id="menu:next")
    async def next_page(
        self, interaction: discord.Interaction, button: discord.ui.Button[Any]
    ) -> None:
        await interaction.response.edit_message(content="page 2")

    @discord.ui.button(label="Close", custom_id="menu:close")
    async def close(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        await interaction.response.defer()
        await interaction.edit_original_response(content="closed", view=None)

    @discord.ui.select(
        custom_id="menu:colour",
        placeholder="Colour",
        options=[discord.SelectOption(label=c, value=c) for c in ("red", "green", "blue")],
        max_values=2,
    )
    async def colour(
        self, interaction: discord.Interaction, select: discord.ui.Select[Any]
    ) -> None:
        await interaction.response.send_message(
            f"picked {', '.join(select.values)}", ephemeral=True
        )


class Feedback(discord.ui.Modal, title="Feedback"):
    text: discord.ui.TextInput[Feedback] = discord.ui.TextInput(label="What do you think?")

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Thanks!", ephemeral=True)


class SampleBot(commands.AutoShardedBot):
    """Sharded variant; identifies without discord.py's 5 s pause between shards."""

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        return None


def bot_options(allowed_mentions: discord.AllowedMentions | None) -> dict[str, Any]:
    return {
        "command_prefix": "!",
        "intents": discord.Intents.default(),
        "guild_ready_timeout": 0.1,
        "allowed_mentions": allowed_mentions,
        "help_command": None,
    }


def make_bot(
    probe: Probe, *, allowed_mentions: discord.AllowedMentions | None = NO_PINGS
) -> commands.Bot:
    bot = commands.Bot(**bot_options(allowed_mentions))
    install(bot, probe)
    return bot


def make_sharded_bot(probe: Probe) -> SampleBot:
    bot = SampleBot(**bot_options(NO_PINGS))
    install(bot, probe)
    return bot


def install(bot: commands.Bot | commands.AutoShardedBot, probe: Probe) -> None:
    """Add the sample commands, views and dynamic items to ``bot``."""
    bot.add_dynamic_items(PinButton)
    tree = bot.tree

    @tree.command(description="Say text back")
    async def echo(interaction: discord.Interaction, text: str, public: bool = False) -> None:
        await interaction.response.send_message(text, ephemeral=not public)

    @tree.command(description="Think, then answer")
    async def later(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await interaction.followup.send("done later")

    @tree.command(description="An embed card")
    async def card(interaction: discord.Interaction) -> None:
        embed = discord.Embed(title="Article 5", description="Collective defence.")
        embed.add_field(name="Source", value="Treaty")
        embed.set_footer(text="cite: art-5")
        await interaction.response.send_message(embed=embed)

    @tree.command(description="Answer, follow up, edit, then delete the answer")
    async def vanish(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("now you see me")
        original = await interaction.original_response()
        second = await interaction.followup.send(f"{original.content}?", wait=True)
        await second.edit(content="the answer is gone")
        await interaction.delete_original_response()

    @tree.command(description="Ask for feedback in a modal")
    async def feedback(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(Feedback())

    @tree.command(description="Open a section by name")
    async def topic(interaction: discord.Interaction, name: str) -> None:
        await interaction.response.send_message(f"Section: {name}")

    @topic.autocomplete("name")
    async def topic_names(
        interaction: discord.Interaction, typed: str
    ) -> list[app_commands.Choice[str]]:
        found = [t for t in TOPICS if typed in t]
        return [app_commands.Choice(name=t, value=t) for t in found[:25]]

    @tree.command(description="Autocomplete that offers too much")
    async def pick(interaction: discord.Interaction, name: str) -> None:
        await interaction.response.send_message(name)

    @pick.autocomplete("name")
    async def pick_names(
        interaction: discord.Interaction, typed: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=t, value=t) for t in TOPICS]

    @tree.command(description="A message with buttons and a select")
    async def menu(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("page 1", view=Menu())

    @tree.command(description="Post a message with a pin button")
    async def share(interaction: discord.Interaction, text: str) -> None:
        assert isinstance(interaction.channel, discord.TextChannel)
        posted = await interaction.channel.send(text)
        view = discord.ui.View(timeout=None)
        view.add_item(PinButton(posted.id))
        await interaction.response.send_message("Shared.", view=view, ephemeral=True)

    @tree.command(description="Answer with too much text")
    async def long(interaction: discord.Interaction) -> None:
        try:
            await interaction.response.send_message("x" * 2001)
        except discord.HTTPException as exc:
            probe.errors.append(exc)
            await interaction.response.send_message("That was too long.", ephemeral=True)

    @tree.command(description="Answer when the test says so")
    async def slow(interaction: discord.Interaction) -> None:
        probe.entered.set()
        await probe.gate.wait()
        try:
            await interaction.response.send_message("late")
        except discord.HTTPException as exc:
            probe.errors.append(exc)

    @tree.command(description="Defer, follow up when the test says so")
    async def slowdefer(interaction: discord.Interaction) -> None:
        await interaction.response.defer()
        probe.entered.set()
        await probe.gate.wait()
        try:
            await interaction.followup.send("finally")
        except discord.HTTPException as exc:
            probe.errors.append(exc)

    @tree.command(description="Answer twice at once")
    async def double(interaction: discord.Interaction) -> None:
        results = await asyncio.gather(
            interaction.response.send_message("one"),
            interaction.response.send_message("two"),
            return_exceptions=True,
        )
        probe.errors.extend(r for r in results if isinstance(r, Exception))

    @tree.command(description="Shout into the channel")
    async def announce(interaction: discord.Interaction) -> None:
        assert isinstance(interaction.channel, discord.TextChannel)
        await interaction.channel.send("@everyone look at this")
        await interaction.response.send_message("Announced.", ephemeral=True)

    @tree.command(description="Describe a member")
    async def inspect(
        interaction: discord.Interaction,
        who: discord.Member,
        where: discord.TextChannel | None = None,
        role: discord.Role | None = None,
    ) -> None:
        parts = [who.display_name, where.name if where else "-", role.name if role else "-"]
        await interaction.response.send_message(" ".join(parts))

    @tree.command(description="Only in servers")
    @app_commands.guild_only()
    async def serveronly(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("ok")

    @tree.command(description="Refuse DMs politely")
    async def where(interaction: discord.Interaction) -> None:
        if interaction.guild is None:
            await interaction.response.send_message("This only works in a server.", ephemeral=True)
        else:
            await interaction.response.send_message(f"In {interaction.guild.name}.")

    @tree.command(description="Start a thread under a new message")
    async def discuss(interaction: discord.Interaction, title: str) -> None:
        assert isinstance(interaction.channel, discord.TextChannel)
        starter = await interaction.channel.send(f"Let's discuss {title}")
        thread = await starter.create_thread(name=title)
        await thread.send("First!")
        await interaction.response.send_message(f"Thread {thread.name}", ephemeral=True)

    @tree.command(description="Send the user a DM")
    async def whisper(interaction: discord.Interaction) -> None:
        await interaction.user.send("psst")
        await interaction.response.send_message("Check your DMs.", ephemeral=True)

    corpus = app_commands.Group(name="corpus", description="Manage the corpus")

    @corpus.command(description="Reload from disk")
    async def reload(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("reloaded", ephemeral=True)

    @corpus.command(description="Show figures")
    async def stats(interaction: discord.Interaction, detail: bool = False) -> None:
        await interaction.response.send_message(f"stats detail={detail}", ephemeral=True)

    tree.add_command(corpus)

    @tree.context_menu(name="Find source")
    async def find_source(interaction: discord.Interaction, message: discord.Message) -> None:
        await interaction.response.send_message(f"source of: {message.content}", ephemeral=True)

    @tree.context_menu(name="Profile")
    async def profile(interaction: discord.Interaction, member: discord.Member) -> None:
        await interaction.response.send_message(f"profile of {member.display_name}", ephemeral=True)
