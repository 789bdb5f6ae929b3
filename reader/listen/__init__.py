"""Listening in the terminal: the navigation state machine, the keys, saved
places and bookmarks, the player, and the session that wires them together."""
