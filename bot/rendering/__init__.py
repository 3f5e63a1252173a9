"""Rendering: engine results → Discord messages (embeds and components) as plain data.

The one place that knows Discord's limits. Nothing here imports discord.py: a `Message` is a
small tree of dataclasses that the Discord layer turns into discord.py objects and the
console prints as text.
"""
