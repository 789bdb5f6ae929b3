"""The one user-facing error type.

Core modules raise :class:`ReaderError` (or a subclass) with a message that
names the fix; the CLI turns it into ``reader: error: <message>`` on stderr and
a non-zero exit status in exactly one place (``reader.cli``).
"""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """Process exit codes."""

    OK = 0
    ERROR = 1
    USAGE = 2
    INTERRUPTED = 130


class ReaderError(Exception):
    """An error the user can act on; its message is shown as one line."""

    exit_status: ExitStatus = ExitStatus.ERROR

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(ReaderError):
    """Bad option value or argument (exit status 2)."""

    exit_status = ExitStatus.USAGE
