"""Oxigraph's own SPARQL server as the engine behind ``kg serve``, on a private loopback port.

Why a separate process: a query running inside pyoxigraph cannot be cancelled, and a
result must be built whole before Python can send it.  The ``oxigraph`` command (PyPI
package ``oxigraph``, the same engine and store format as pyoxigraph) cancels a query
at its ``--timeout-s`` deadline, streams results as they are computed, and serves many
clients on its own threads.  ``kg serve`` keeps the store's lock, starts this server on
a free port of 127.0.0.1 that only it talks to, and puts its checks in front (see
:mod:`kg.serve`).

The child is told to die with its parent (``PR_SET_PDEATHSIG`` on Linux), so a
``kill -9`` of ``kg serve`` leaves no server behind holding the store.
"""

from __future__ import annotations

import ctypes
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO

from kg.store.errors import StoreError


def oxigraph_command() -> str:
    """The ``oxigraph`` executable: beside this Python's, else on ``PATH``."""
    here = shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    found = here or shutil.which("oxigraph")
    if not found:
        raise StoreError("the oxigraph server is not installed; pip install 'oxigraph>=0.5,<0.6' "
                         "(it comes with geokg) and run kg serve again")
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class OxigraphServer:
    """``oxigraph serve`` (or ``serve-read-only``) over ``location`` on 127.0.0.1.

    Use as a context manager; :attr:`url` is its base URL.
    """

    def __init__(self, location: Path, *, writable: bool, timeout: float) -> None:
        self.location, self.writable, self.timeout = location, writable, timeout
        self.port = 0
        self.proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] = tempfile.TemporaryFile()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, tries: int = 3) -> OxigraphServer:
        command = oxigraph_command()
        for _ in range(tries):
            self.port = _free_port()
            args = [command, "serve" if self.writable else "serve-read-only", "--location", str(self.location),
                    "--bind", f"127.0.0.1:{self.port}", "--union-default-graph",
                    "--timeout-s", f"{max(1, round(self.timeout))}"]
            # its messages go to a file, never a pipe nobody reads (a full pipe would stall it)
            self._log = tempfile.TemporaryFile()
            self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log,
                                         preexec_fn=_die_with_parent if sys.platform == "linux" else None)
            if self._wait_up():
                return self
            self._log.seek(0)
            detail = self._log.read().decode("utf-8", "replace").strip()
            self.stop()
        raise StoreError(f"the oxigraph server did not start on {self.location} ({detail[-300:] or 'no message'})")

    def _wait_up(self, seconds: float = 30.0) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.proc is None or self.proc.poll() is not None:
                return False
            try:
                urllib.request.urlopen(f"{self.url}/query?query=ASK%7B%7D", timeout=2).close()
                return True
            except urllib.error.HTTPError:
                return True
            except OSError:
                time.sleep(0.05)
        return False

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()

    def __enter__(self) -> OxigraphServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
