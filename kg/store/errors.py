"""What can go wrong with a store, as exceptions the CLI and the API turn into one line.

They live apart from the code that raises them (the lock, the disk store, the remote
store), so a caller can catch them without importing any of it.

>>> issubclass(StoreInUse, StoreError) and issubclass(StoreNotFound, FileNotFoundError)
True
"""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """A store cannot be opened or used as asked; the message says why and the fix."""


class StoreInUse(StoreError):
    """Another process holds the store (for writing, or for reading when we want to write)."""

    def __init__(self, path: str | Path, pid: int | None) -> None:
        self.path = str(path)
        self.pid = pid
        who = f"pid {pid}" if pid is not None else "pid unknown"
        super().__init__(
            f"store {self.path} is in use by another kg process ({who}); "
            "wait for it to finish or use another --store"
        )


class StoreNotFound(StoreError, FileNotFoundError):
    """A read-only open of a directory that holds no store."""
