"""The room session's server: phones join over the room's network; no Qt, no document (docs/room-session.md).

``protocol`` validates every phone message, ``state`` holds what the room shows and who is in it,
``server`` runs aiohttp in a thread of its own and hands each participant's action, as an intent,
to a handler (the Qt bridge in ``cxdesigner.roomui``) that applies it as a document command.
"""
