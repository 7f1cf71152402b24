"""One writer per store directory, enforced with an operating-system file lock.

Oxigraph (RocksDB) refuses a second writer with a bare ``IO error: ... LOCK``, and calls a
read-only open *while another process writes* undefined behaviour.  So before touching
the database, a writer takes an exclusive ``flock`` on ``<store>/kg.lock`` and a reader
takes a shared one; both are non-blocking, so a clash becomes a clear
:class:`StoreInUse` naming the other process instead of a hang or a corrupt read.
Readers can share a store; a writer excludes readers and writers alike.

The lock is released by the kernel when the process exits, however it exits, so a crash
never leaves a stale lock behind; the pid written into the file is only for the message.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> with StoreLock(folder, exclusive=True):
...     try:
...         StoreLock(folder, exclusive=False).acquire()
...     except StoreInUse as err:
...         print(err.pid == os.getpid())
True
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

from kg.store.errors import StoreInUse

LOCK_FILE = "kg.lock"


class StoreLock:
    """A non-blocking ``flock`` on ``<directory>/kg.lock``; exclusive for writers."""

    def __init__(self, directory: str | Path, *, exclusive: bool, shown_as: str | None = None):
        self.directory = Path(directory)
        self.exclusive = exclusive
        self.shown_as = shown_as or str(directory)
        self._fd: int | None = None

    def acquire(self) -> StoreLock:
        """Take the lock or raise :class:`StoreInUse` at once; returns ``self``."""
        path = self.directory / LOCK_FILE
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            if self.exclusive:
                raise
            return self  # a reader on a read-only medium: nobody can write there anyway
        mode = (fcntl.LOCK_EX if self.exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
        try:
            fcntl.flock(fd, mode)
        except BlockingIOError:
            pid = _read_pid(fd)
            os.close(fd)
            raise StoreInUse(self.shown_as, pid) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd
        return self

    def release(self) -> None:
        """Give the lock back; safe to call twice."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> StoreLock:
        return self.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def _read_pid(fd: int) -> int | None:
    try:
        return int(os.pread(fd, 32, 0).decode("ascii").strip())
    except (OSError, ValueError, UnicodeDecodeError):
        return None
