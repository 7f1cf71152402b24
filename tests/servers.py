"""Start real SPARQL servers for tests: ``oxigraph serve`` and ``kg serve``, on 127.0.0.1 only."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from conftest import KG

OXIGRAPH = Path(sys.executable).parent / "oxigraph"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen, tries: int = 300) -> None:
    """Poll ``url`` until anything answers over HTTP; fail if the process dies first."""
    for _ in range(tries):
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}: {proc.stderr.read() if proc.stderr else ''}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return  # it answered, even if with an error status
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"no answer from {url}")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def oxigraph_server(location: Path) -> Iterator[str]:
    """``oxigraph serve`` on a free port over ``location``; yields its base URL."""
    port = free_port()
    proc = subprocess.Popen([str(OXIGRAPH), "serve", "--location", str(location),
                             "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url + "/query?query=ASK%7B%7D", proc)
        yield url
    finally:
        stop(proc)


@contextmanager
def kg_server(store: Path, *args: str) -> Iterator[str]:
    """``kg serve --port 0`` over ``store``; yields the base URL it prints."""
    proc = subprocess.Popen([str(KG), "serve", "--port", "0", "--quiet", "--store", str(store), *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline() if proc.stderr else ""
        if "serving" not in line:
            raise RuntimeError(f"kg serve did not start: {line}{proc.stderr.read() if proc.stderr else ''}")
        url = line.rsplit(" at ", 1)[1].strip().removesuffix("/query")
        wait_until_up(url + "/", proc)
        yield url
    finally:
        stop(proc)
