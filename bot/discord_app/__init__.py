"""The Discord layer: slash commands, buttons, errors and startup over the engine.

Thin by design: the engine answers, `bot.rendering` turns answers into `Message` data within
Discord's limits, and this package only converts that data into discord.py objects, sends it
with no mentions allowed, and does what only Discord can do (pin, post, direct messages).
"""
