"""Open a local page in the system's headless Chromium with the network cut off.

Playwright drives Debian's ``chromium`` (never a downloaded browser: no
``playwright install``).  Every request other than the page itself is recorded and
aborted, so a test can assert that a page asked for nothing, and a page that would
need the network fails visibly instead of quietly fetching.  Playwright is imported
only when a page is opened, so collecting this module needs nothing installed.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Flags that keep Chromium from phoning home or needing a GPU or a sandbox.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
)


def chromium_path() -> str | None:
    """The Chromium binary to use, or None when there is none."""
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


@dataclass
class Opened:
    """A page that has been opened, and every request it attempted besides itself."""

    page: Any
    url: str
    attempted: list[str] = field(default_factory=list)
    #: Seconds from navigation until the page said it had finished drawing.
    seconds: float = 0.0
    console_errors: list[str] = field(default_factory=list)


@contextmanager
def open_page(path: Path, *, viewport: tuple[int, int] = (1400, 900), timeout_ms: int = 120_000) -> Iterator[Opened]:
    """Load ``path`` offline and wait until it sets ``window.__kgReady``."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        raise RuntimeError("no chromium found; install it, e.g. apt-get install chromium")
    url = Path(path).resolve().as_uri()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=list(CHROMIUM_ARGS), headless=True)
        try:
            context = browser.new_context(
                viewport={"width": viewport[0], "height": viewport[1]},
                service_workers="block",
                # The page's own CSP forbids eval, which Playwright's polling needs.  Off,
                # it also proves the page is safe by its escaping alone.
                bypass_csp=True,
            )
            opened = Opened(page=context.new_page(), url=url)

            def guard(route: Any) -> None:
                if route.request.url == url:
                    route.continue_()
                else:
                    opened.attempted.append(route.request.url)
                    route.abort()

            context.route("**/*", guard)
            opened.page.on(
                "request",
                lambda r: r.url != url and r.url not in opened.attempted and opened.attempted.append(r.url),
            )
            opened.page.on(
                "console", lambda m: m.type == "error" and opened.console_errors.append(m.text)
            )
            opened.page.on("pageerror", lambda e: opened.console_errors.append(str(e)))
            opened.page.set_default_timeout(timeout_ms)
            start = time.perf_counter()
            opened.page.goto(url, wait_until="load")
            opened.page.wait_for_function("window.__kgReady === true", timeout=timeout_ms, polling=50)
            opened.seconds = time.perf_counter() - start
            yield opened
        finally:
            browser.close()
