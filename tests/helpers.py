"""What the tests share, in one module: paths, the ``kg`` command, sample records, invented
articles, real servers and a headless browser.

Imported as ``from tests.helpers import ...`` (the repository root is on ``sys.path``
through pytest's ``pythonpath`` setting), so it works under every import mode.  Every
text here was written for the tests; none is copied from an article.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import chdir, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from kg import ids
from kg.analyse.signed import signed_graph
from kg.records import Article, ArticleResult, Entity, Evidence, Relation

# -- paths ------------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_ID = "000_73f6baf72998de63"
SEED_FILE = SEEDS / f"{SEED_ID}.txt"
KG = Path(sys.executable).parent / "kg"


# -- the kg command ---------------------------------------------------------------------------


@dataclass
class Ran:
    """What a ``kg`` run gave back, the same in-process or as a real process."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str


def run_kg(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None,
           input: str | None = None) -> Ran:
    """Run ``kg ARGS`` in this process (Typer's CliRunner): what most CLI tests use.

    ``KG_STORE`` is unset unless ``env`` sets it, as :func:`run_kg_process` does.  An
    unexpected exception is raised, not turned into an exit code, so a test shows it.
    """
    from typer.testing import CliRunner

    from kg.cli import app

    argv = [str(a) for a in args]
    full_env = {"KG_STORE": None, **(env or {})}
    runner = CliRunner()
    with chdir(cwd or os.getcwd()):
        result = runner.invoke(app, argv, input=input, env=full_env, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Ran(argv, result.exit_code, result.stdout, result.stderr)


def run_kg_process(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None,
                   input: str | None = None) -> Ran:
    """Run the installed ``kg`` command as a real process: for the few tests about the process."""
    full_env = {**os.environ, **(env or {})}
    if env is None or "KG_STORE" not in env:
        full_env.pop("KG_STORE", None)
    argv = [str(a) for a in args]
    proc = subprocess.run([str(KG), *argv], capture_output=True, text=True, cwd=cwd, env=full_env,
                          input=input, timeout=300)
    return Ran(argv, proc.returncode, proc.stdout, proc.stderr)


# -- sample records (store, query and API tests) ------------------------------------------------

PRK = Entity(ids.state_iri("PRK"), "North Korea", "State", "PRK", "Q423")
RUS = Entity(ids.state_iri("RUS"), "Russia", "State", "RUS", "Q159")
UKR = Entity(ids.state_iri("UKR"), "Ukraine", "State", "UKR", "Q212")
USA = Entity(ids.state_iri("USA"), "United States", "State", "USA", "Q30")
KOR = Entity(ids.state_iri("KOR"), "South Korea", "State", "KOR", "Q884")
UN = Entity(ids.org_iri("un"), "United Nations", "Organization", None, "Q1065")
KIM = Entity(ids.person_iri("Kim Jong Un"), "Kim Jong Un", "Person")
CHOE = Entity(ids.person_iri("Choe Son Hui"), "Choe Son Hui", "Person")
WAGNER = Entity(ids.group_iri("Northern Volunteers"), "Northern Volunteers", "Group")


def _rel(doc: str, text: str, s: Entity, p: str, o: Entity, sentence: str, **kw) -> Relation:
    start = text.index(sentence)
    return Relation(doc, s, p, o, Evidence(sentence, start, start + len(sentence)), kw.pop("rule", "svo"), **kw)


A1 = "North Korea has sent troops to Russia, officials in Seoul said. The two are allies now."
A2 = (
    "Ukraine accused North Korea of joining the war. Russia denied that it attacked Kyiv. "
    "Kim Jong Un threatened the United States. The United States did not sanction Russia. "
    "Kim Jong Un leads North Korea. Choe Son Hui spoke for North Korea."
)
A3 = "Russia and North Korea signed a defence pact. The United Nations criticised the Northern Volunteers."


def sample_results() -> list[ArticleResult]:
    """Three short hand-written articles covering every optional field of a Relation."""
    s1, s2 = A1.split(". ", 1)
    a1 = ArticleResult(
        Article("a1", A1, title="Troops move", date="2024-11-05", url="https://example.org/a1", source="Example Wire", dateline="Seoul"),
        [
            _rel("a1", A1, PRK, "sendsTroopsTo", RUS, s1 + ".", modality="reported", attributed_to=KOR, confidence=0.8, date="2024-11-05"),
            _rel("a1", A1, PRK, "alliedWith", RUS, s2, confidence=0.65, date="2024-11-05"),
        ],
        [PRK, RUS, KOR],
    )
    sents = [s if s.endswith(".") else s + "." for s in A2.split(". ")]
    a2 = ArticleResult(
        Article("a2", A2, title="Accusations", date="2024-11-20"),
        [
            _rel("a2", A2, UKR, "accuses", PRK, sents[0], rule="verb-accuse", date="2024-11-20"),
            _rel("a2", A2, RUS, "attacks", UKR, sents[1], modality="denied", attributed_to=RUS, date="2024-11-20"),
            _rel("a2", A2, PRK, "threatens", USA, sents[2], actor=KIM, role="leader", confidence=0.9),
            _rel("a2", A2, USA, "sanctions", RUS, sents[3], negated=True, confidence=0.7),
            _rel("a2", A2, KIM, "leads", PRK, sents[4], rule="appos-role", role="leader"),
            _rel("a2", A2, CHOE, "represents", PRK, sents[5], role="foreign minister"),
        ],
        [UKR, PRK, RUS, USA, KIM, CHOE],
    )
    t1, t2 = A3.split(". ")
    a3 = ArticleResult(
        Article("a3", A3, date="2025-01-10"),
        [
            _rel("a3", A3, RUS, "agreesWith", PRK, t1 + ".", date="2025-01-10"),
            _rel("a3", A3, UN, "criticizes", WAGNER, t2, date="2025-01-10"),
        ],
        [RUS, PRK, UN, WAGNER],
    )
    return [a1, a2, a3]


# -- invented articles (build tests) ------------------------------------------------------------

STATES = ["Russia", "China", "France", "Germany", "Japan", "India", "Brazil", "Iran", "Turkey", "Egypt"]
VERBS = ["criticized", "sanctioned", "met with", "supported", "threatened", "accused"]
WORDS = ("harbour budget farmers bridge election museum railway festival drought vaccine "
         "teachers copper satellite orchestra tariffs wildfire refinery students bakery glacier").split()
FILLER = ("Markets in the region were calm, and traders said they expected little change before "
          "the holiday. Weather services forecast rain for the coast and snow in the mountains. ")


def sample_store(path: Path) -> Path:
    """A store on disk at ``path`` holding :func:`sample_results`; its path."""
    from kg.store import Store

    with Store.open(path) as st:
        for result in sample_results():
            st.ingest(result)
    return path


def articles(n: int, *, filler: int = 0) -> list[Article]:
    """``n`` distinct articles, one relation each, optionally padded to parse slower."""
    out = []
    for i in range(n):
        a, b = STATES[i % 10], STATES[(i * 3 + 1) % 10]
        if a == b:
            b = STATES[(i + 5) % 10]
        rng = random.Random(i)
        local = " ".join(rng.sample(WORDS, 8))  # local news, so no two articles are copies
        text = (f"{a} {VERBS[i % 6]} {b} on Tuesday after talks in Geneva, officials said. "
                f"The foreign minister of {b} called the decision hasty in report number {i}. "
                f"Local papers covered {local}. " + FILLER * filler)
        out.append(Article(f"art{i:03d}", text, date=f"2024-03-{i % 28 + 1:02d}"))
    return out


def write_jsonl(path: Path, items: list[Article]) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for art in items:
            handle.write(json.dumps({"id": art.id, "text": art.text, "date": art.date}) + "\n")
    return path


# -- real SPARQL servers on 127.0.0.1 -----------------------------------------------------------

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


# -- a headless Chromium, network cut off (page tests) ------------------------------------------
#
# Playwright drives Debian's ``chromium`` (never a downloaded browser: no ``playwright
# install``).  Every request other than the page itself is recorded and aborted, so a test
# can assert that a page asked for nothing.  Playwright is imported only when a page is
# opened, so importing this module needs nothing installed.

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


def skip_without_browser() -> None:
    """Skip the calling test module when there is no Chromium or Playwright (fail on CI, where
    ``KG_REQUIRE_BROWSER`` says a browser must be there)."""
    import pytest

    if chromium_path() is None:
        if os.environ.get("KG_REQUIRE_BROWSER"):
            raise RuntimeError("KG_REQUIRE_BROWSER is set but no chromium was found; install Debian's chromium")
        pytest.skip("no chromium at /usr/bin/chromium or on PATH", allow_module_level=True)
    pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")


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


# -- small hand-built graphs with hostile text in the evidence (page tests) ---------------------
#
# One sentence and one actor label carry markup that would run script if a page ever treated
# them as HTML: each sets ``window.__pwned``, so a test can check that nothing ran.

ENVOY = Entity(ids.ID + "person/ada-quill", "Ada Quill", "Person")
CELL = Entity(ids.ID + "group/img-cell", '<img src=x onerror="window.__pwned=2">', "Group")

#: Evidence that would run script if rendered as HTML.
SCRIPT_SENTENCE = "Russia attacked Ukraine <script>window.__pwned=1</script> at dawn."
IMG_SENTENCE = 'Ukraine accused the group <img src=x onerror="window.__pwned=3"> of sabotage.'


def _page_rel(subject, predicate, obj, sentence, doc, date=None, **kw) -> Relation:
    return Relation(doc, subject, predicate, obj, Evidence(sentence, 0, len(sentence)), "test",
                    date=date, **kw)


def hostile_relations() -> list[Relation]:
    """The relations behind :func:`hostile_graph`."""
    return [
        _page_rel(RUS, "attacks", UKR, SCRIPT_SENTENCE, "t1", "2024-02-24", confidence=0.9),
        _page_rel(RUS, "attacks", UKR, "Russian drones struck a Ukrainian port.", "t2", "2024-03-01",
             confidence=0.8),
        _page_rel(PRK, "suppliesWeaponsTo", RUS, "North Korea shipped shells to Russia.", "t3",
             "2024-01-05", modality="alleged", confidence=0.7),
        _page_rel(RUS, "alliedWith", PRK, "Russia and North Korea signed a defence pact.", "t4",
             "2024-06-19", confidence=0.9),
        _page_rel(ENVOY, "represents", USA, "Ada Quill, the US envoy, spoke.", "t5"),
        _page_rel(ENVOY, "criticizes", RUS, "Quill criticised Russia's strikes.", "t5", "2024-03-02",
             confidence=0.8),
        _page_rel(USA, "providesAidTo", UKR, "The United States sent aid to Ukraine.", "t6",
             "2024-04-20", confidence=0.9),
        _page_rel(UN, "meetsWith", UKR, "UN officials met Ukrainian ministers.", "t7", "2024-05-02"),
        _page_rel(UKR, "accuses", CELL, IMG_SENTENCE, "t8", "2024-05-03", confidence=0.6),
        _page_rel(PRK, "threatens", USA, "North Korea might threaten US bases, analysts said.", "t9",
             "2024-07-01", modality="possible", confidence=0.5),
    ]


def hostile_graph() -> nx.Graph:
    """Seven actors, a hedged edge and a structural one, with hostile markup in a label and two sentences."""
    return signed_graph(hostile_relations(), structural=True)


def cases_with_known_gaps(rows: list[dict[str, Any]], gaps: dict[str, str]) -> list[Any]:
    """One pytest case per data row, named by its id; a row listed in ``gaps`` is a strict
    expected failure with the gap's reason, so a fix shows up until the entry is removed."""
    import pytest

    return [pytest.param(row, id=row["id"],
                         marks=[pytest.mark.xfail(strict=True, reason=gaps[row["id"]])] if row["id"] in gaps else [])
            for row in rows]
