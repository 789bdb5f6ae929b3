"""What the listener asks for and what the listening session must do: the
value types shared by the navigator, the key map, the session and the saved
positions, with no behaviour and no imports of their own.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Final


class Command(enum.Enum):
    """What the listener (or the player) asks for."""

    TOGGLE_PAUSE = "toggle_pause"
    NEXT_SENTENCE = "next_sentence"
    PREV_SENTENCE = "prev_sentence"
    REPEAT = "repeat"
    NEXT_PARAGRAPH = "next_paragraph"
    PREV_PARAGRAPH = "prev_paragraph"
    NEXT_SECTION = "next_section"
    PREV_SECTION = "prev_section"
    START = "start"
    """To the first sentence of the part being read."""
    END = "end"
    """To the last sentence of the part being read."""
    JUMP_PERCENT = "jump_percent"
    """With ``percent=p``: to the sentence that far (0–100) through the words."""
    SEARCH = "search"
    """Ask the listener for words to find (the action has ``prompt_search=True``)."""
    GOTO_SECTION = "goto_section"
    """With ``section=index``: jump there. Without: ask the listener which
    section (the action has ``prompt_section=True``)."""
    FASTER = "faster"
    SLOWER = "slower"
    WHERE = "where"
    BOOKMARK = "bookmark"
    NEXT_BOOKMARK = "next_bookmark"
    """Go to the next bookmark (the action has ``to_bookmark=True``: the session knows the bookmarks)."""
    LIST_BOOKMARKS = "list_bookmarks"
    """Say the bookmarks (the action has ``list_bookmarks=True``: the session knows them)."""
    DELETE_BOOKMARK = "delete_bookmark"
    """Delete the bookmark at this sentence (the action has ``unmark``: the session knows the bookmarks)."""
    FIX_PRONUNCIATION = "fix_pronunciation"
    """Ask the listener for a word of this sentence and how to say it (the action has ``prompt_fix=True``)."""
    NEXT_ARTICLE = "next_article"
    """Go to the next article of the queue (the action has ``article_step=1``: the session knows the queue)."""
    PREV_ARTICLE = "prev_article"
    """Go back to the previous article of the queue (``article_step=-1``)."""
    HELP = "help"
    QUIT = "quit"
    SENTENCE_FINISHED = "sentence_finished"
    """Sent by the player, not a key: the current sentence has been spoken."""


@dataclass(frozen=True)
class Cursor:
    """A position: a section index and a sentence index within that section."""

    section: int
    sentence: int


@dataclass(frozen=True)
class Action:
    """What the session must do after a command, in this order: ``stop``
    (interrupt current audio) / ``pause``, ``say``, ``bookmark``, ``resume``,
    announce ``headings`` then ``play``; ``quit`` ends the session."""

    play: Cursor | None = None
    """Start speaking this sentence now, interrupting whatever plays."""
    announce_heading: bool = False
    """Speak section heading(s) before ``play``: entering a section, or
    restarting one. Which ones: ``headings``."""
    headings: tuple[int, ...] = ()
    """Section indices whose headings to announce, in order (empty parents
    passed on the way, then the section landed in)."""
    stop: bool = False
    """Stop (and discard) the audio currently playing or paused."""
    pause: bool = False
    """Pause playback (keep the position within the sentence if possible)."""
    resume: bool = False
    """Leave the paused state; continue the paused audio unless ``play`` is set."""
    say: str | None = None
    """A message to print and speak (where-am-I answer, "Paused", …)."""
    bookmark: Cursor | None = None
    """Store a bookmark at this position (the session reports its number)."""
    quit: bool = False
    """End the session (save the position first)."""
    finished: bool = False
    """The end of the article (or of the ``--only`` section) was reached."""
    rate_changed: int | None = None
    """The new rate in words per minute, for all speech made from now on (with ``play``:
    the current sentence again, so the change is heard at once)."""
    show_help: bool = False
    """Show the key help (reader.listen.keymap.help_lines)."""
    prompt_section: bool = False
    """Ask the listener for a section name or number, then send
    ``GOTO_SECTION`` with ``section=lookup.resolve(...)``."""
    prompt_search: bool = False
    """Ask the listener for words to find, then jump with :meth:`Navigator.find` and :meth:`Navigator.goto`."""
    prompt_fix: bool = False
    """Ask for a word of the current sentence and how to say it; store the rule and say the sentence again."""
    unmark: Cursor | None = None
    """Delete the bookmark at this position (the session says which, or that there is none)."""
    list_bookmarks: bool = False
    """Say every bookmark's number and place."""
    to_bookmark: bool = False
    """Jump to the next bookmark: :meth:`Navigator.next_mark` over the stored ones, then :meth:`Navigator.goto`."""
    article_step: int = 0
    """Leave this article for the next (1) or previous (-1) one of the queue, keeping the place in this one."""


NOTHING: Final = Action()


__all__ = ["NOTHING", "Action", "Command", "Cursor"]
