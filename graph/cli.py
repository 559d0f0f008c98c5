"""The ``diplokg`` command: a thin click layer over :mod:`graph`.

Data goes to stdout, messages to stderr. Errors raised on purpose (:class:`DiplokgError`)
become one line on stderr and their exit code (2 for usage or input errors, 1 for problems
found); anything else is a bug: a short message and exit 3 (``DIPLOKG_DEBUG=1`` shows the
traceback).
"""
from __future__ import annotations

import json
import os
import sys
import threading

import click

from diplokg.graph.cliopts import PORT, SECONDS, Number
from diplokg.graph.commands.options import (
    endpoint_options,
    max_width_option,
    open_store as _open_store,
    print_result as _print_result,
    store_option,
)
from diplokg.graph.model.errors import EXIT_BUG, EXIT_PROBLEMS, EXIT_USAGE, DiplokgError, InputError
from diplokg.graph.model.formats import EXPORT_FORMATS, INGEST_FORMATS, REPORT_FORMATS, RESULT_FORMATS


class DiplokgGroup(click.Group):
    """Maps errors to one-line messages and exit codes."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except DiplokgError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("Error: interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            raise
        except OSError as exc:  # the machine refused (a file, the disk): not a bug in diplokg
            name = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"Error: {name}{exc.strerror or exc}", err=True)
            ctx.exit(EXIT_USAGE)
        except Exception as exc:
            if os.environ.get("DIPLOKG_DEBUG"):
                raise
            msg = " ".join(str(exc).split())[:300]
            click.echo(f"Error: internal error: {type(exc).__name__}: {msg} "
                       "(a bug in diplokg; DIPLOKG_DEBUG=1 shows the traceback)", err=True)
            ctx.exit(EXIT_BUG)


@click.group(cls=DiplokgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="diplokg", message="diplokg %(version)s")
def cli():
    """diplokg: a knowledge graph of diplomatic relations, read from news text.

    \b
    Example:
        diplokg ingest examples/ && diplokg query meetings
    """


# -- ingest -----------------------------------------------------------------------------------

@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--format", "fmt", type=click.Choice(INGEST_FORMATS), default="auto", show_default=True,
              help="How to read the inputs: auto (RDF by extension, news text otherwise), text, or an RDF format.")
@store_option
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, no summary.")
@click.option("--batch", default=256, show_default=True, metavar="N", type=Number(int, 1),
              help="Articles validated together (one run of the shapes compiled to SPARQL).")
@click.option("-j", "--jobs", default=1, show_default=True, metavar="N", type=Number(int, 1, 64),
              help="Worker processes that read and validate articles (commits stay in order, one per article).")
@click.option("--strict", is_flag=True,
              help="All or nothing: one unreadable input stops the job before anything is committed.")
@click.option("--allow-ontology-changes", "allow_ontology", is_flag=True,
              help="Accept RDF statements about ontology terms (dkg:, rdf:, rdfs:, owl:, sh:, xsd:).")
@endpoint_options
def ingest(paths, fmt, store, quiet, batch, jobs, strict, allow_ontology):
    """Read news articles (or RDF), validate them, commit each article atomically.

    PATH is a news article (.txt), a folder of them, '-' for stdin, or an RDF file
    (.ttl .nt .trig .nq .rdf .owl .jsonld). An article is known by its URL or its
    text: the same text read twice is one article, and an edited file replaces
    what was read from it before (the summary says how many were replaced); an
    article with no facts is named in a warning. Articles that fail SHACL
    validation are reported and not committed (exit 1). An input that cannot be
    read is named on stderr and left out; the others are committed, then exit 2
    (with --strict nothing is committed).

    \b
    Examples:
        diplokg ingest examples/
        diplokg ingest --store /tmp/kg article.txt facts.ttl
        cat article.txt | diplokg ingest -
    """
    from diplokg.graph.io.ingest import collect
    from diplokg.graph.io.ingest import ingest as run_ingest

    def on_failure(f, what="failed validation, not committed"):
        click.echo(f"{f.location}: {what} ({f.name})", err=True)
        for line in _report_text(f.report).splitlines():
            if line.strip():
                click.echo(f"  {line}", err=True)

    def on_warning(f):
        if not quiet:
            on_failure(f, "committed with warnings")

    def on_empty(item):
        if not quiet:
            click.echo(f"Warning: {item.location}: no facts found in this article (committed with its "
                       "metadata only)", err=True)

    def on_bad(exc):
        click.echo(f"Error: {exc}", err=True)

    show_bar = not quiet and sys.stderr.isatty()

    def progress(chunks):
        if not show_bar or sum(chunks) < 4:
            yield from chunks
            return
        with click.progressbar(length=sum(chunks), label="ingesting", file=sys.stderr) as bar:
            for n in chunks:
                yield n
                bar.update(n)

    # every input is read before the store is opened: nothing to commit, no store created
    inputs = collect(list(paths), fmt=fmt, stdin=sys.stdin.buffer, strict=strict, on_bad=on_bad,
                     allow_ontology=allow_ontology)
    if not len(inputs):
        if len(inputs.bad) == 1:
            sys.exit(EXIT_USAGE)  # its one line is the message
        if not inputs.bad:
            raise InputError("ingest", "nothing to ingest")
        raise InputError("ingest", f"none of the {len(inputs.bad)} inputs could be read (named above); "
                                   "nothing committed")
    s = _open_store(store, create=True)
    try:
        result = run_ingest(s, inputs=inputs, batch=batch, progress=progress, on_failure=on_failure,
                            on_warning=on_warning, on_empty=on_empty, jobs=jobs)
    finally:
        s.close()
    if not quiet or result.failed or result.bad:
        click.echo(result.summary(), err=True)
    if result.bad:
        sys.exit(EXIT_USAGE)
    if result.failed:
        sys.exit(EXIT_PROBLEMS)


def _report_text(report) -> str:
    return report.to_text()


# -- queries ----------------------------------------------------------------------------------

#: rows a table shows when --limit is not given
TABLE_PAGE = 100


@cli.command()
@click.argument("name")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter of the query (repeatable); see `diplokg queries`.")
@click.option("--format", "fmt", type=click.Choice(RESULT_FORMATS), default=None,
              help="Result format [default: table on a terminal, csv otherwise].")
@click.option("--timeout", type=SECONDS, default=None, metavar="SECONDS", help="Stop a query that runs longer.")
@click.option("--limit", type=Number(int, 0), default=None, metavar="N",
              help=f"At most N rows [default: all; a table shows the first {TABLE_PAGE} and how many there are].")
@click.option("--offset", type=Number(int, 0), default=0, metavar="K", help="Leave out the first K rows.")
@max_width_option
@store_option
@endpoint_options
def query(name, params, fmt, timeout, limit, offset, max_width, store):
    """Run the saved query NAME (see `diplokg queries`).

    Parameters are bound as RDF terms, never pasted into the query: a state or
    person matches by label (any case) or by IRI. A label nothing in the store
    has is named on stderr, with the closest labels it does have. CSV, TSV and
    JSON are written as the rows come; a table shows a page of them.

    \b
    Examples:
        diplokg query meetings
        diplokg query meetings --param state=Japan --format json
        diplokg query officials -p state=https://w3id.org/diplokg/id/state/JP
        diplokg query timeline --limit 20 --offset 40
    """
    from diplokg.graph.commands.options import default_result_format
    from diplokg.graph.queries.labels import unknown_labels
    from diplokg.graph.queries.run import parse_params, render, saved_query, stream_saved
    from diplokg.graph.queries.stream import chunks, page_note

    values = parse_params(params)
    saved = saved_query(name)
    saved.bind(values)  # unknown query or parameter: fail before opening the store
    fmt = fmt or default_result_format()
    table = fmt == "table"
    if table and limit is None:
        limit = TABLE_PAGE
    s = _open_store(store, create=False)
    try:
        for u in unknown_labels(s, saved, values):
            click.echo(f"Warning: {u.message('--param ' + u.param)}", err=True)
        result = stream_saved(s, name, values, timeout=timeout, limit=limit, offset=offset, count=table)
        if table:
            result.rows = list(result.rows)
            text = render(result, "table", max_width=max_width).rstrip("\n").rsplit("\n", 1)[0]
            click.echo(text + "\n" + page_note(len(result.rows), offset, result.total))
        else:
            out = click.get_text_stream("stdout")
            for piece in chunks(result.variables, result.rows, fmt):
                out.write(piece)
            out.flush()
    finally:
        s.close()


@cli.command()
@click.argument("sparql_text", metavar="QUERY|@FILE")
@click.option("--format", "fmt", type=click.Choice(RESULT_FORMATS), default=None,
              help="Result format for SELECT/ASK [default: table on a terminal, csv otherwise]; "
                   "CONSTRUCT/DESCRIBE print Turtle.")
@click.option("--timeout", type=SECONDS, default=None, metavar="SECONDS", help="Stop a query that runs longer.")
@max_width_option
@store_option
@endpoint_options
def sparql(sparql_text, fmt, timeout, max_width, store):
    """Run a read-only SPARQL 1.1 query on the merged graph.

    QUERY is the query text, @FILE reads it from a file, '-' from stdin.
    Updates, SERVICE and LOAD are refused. The prefixes diplokg prints (dkg:,
    dkgr:, rdfs:, skos:, xsd:, owl:, prov:, time:, ...) need no PREFIX line;
    a query's own PREFIX declaration wins.

    \b
    Examples:
        diplokg sparql 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
        diplokg sparql 'SELECT ?label WHERE { ?s a dkg:State ; rdfs:label ?label }'
        diplokg sparql @my-query.rq --format json
        diplokg sparql 'DESCRIBE dkgr:state/JP'
    """
    from diplokg.graph.queries.run import run_query
    from diplokg.graph.queries.syntax import DEFAULT_PREFIXES

    text = _read_query_arg(sparql_text)
    s = _open_store(store, create=False)
    try:
        result = run_query(s, text, timeout=timeout, prefixes=DEFAULT_PREFIXES)
    finally:
        s.close()
    _print_result(result, fmt, max_width)


def _read_query_arg(arg: str) -> str:
    if arg == "-":
        return sys.stdin.read()
    if arg.startswith("@"):
        path = arg[1:]
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        except FileNotFoundError:
            raise InputError(path, "no such file") from None
        except (IsADirectoryError, PermissionError, UnicodeDecodeError) as exc:
            raise InputError(path, f"cannot read the query: {exc}") from None
        if not text.strip():
            raise InputError(path, "file is empty")
        return text
    if not arg.strip():
        raise InputError("QUERY", "empty query")
    return arg


@cli.command("queries")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_queries(fmt):
    """List the saved queries with their titles and parameters.

    \b
    Example:
        diplokg queries
    """
    from diplokg.graph.queries.saved import load_saved_queries

    qs = load_saved_queries()
    if fmt == "json":
        click.echo(json.dumps([
            {"name": q.name, "title": q.title, "description": q.description,
             "params": [{"name": p.name, "description": p.description, "example": p.example,
                         "required": p.required} for p in q.params]}
            for q in qs.values()], indent=1))
        return
    import shlex

    width = max((len(n) for n in qs), default=0)
    for name, q in sorted(qs.items()):
        click.echo(f"{name.ljust(width)}  {q.title}")
        for p in q.params:
            # quoted for the shell, so the example can be pasted as it is
            example = f"  (e.g. --param {p.name}={shlex.quote(p.example)})" if p.example else ""
            req = " [required]" if p.required else ""
            click.echo(f"{'':{width}}    --param {p.name}=...{req}  {p.description}{example}")


# -- export, validate, ontology ---------------------------------------------------------------

@cli.command()
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="turtle", show_default=True,
              help="turtle/jsonld: the merged graph; trig/nquads: one graph per article; owl: RDF/XML "
                   "for Protégé and OWL reasoners (dates retyped for the OWL 2 datatype map).")
@click.option("--no-ontology", is_flag=True,
              help="Leave the ontology out (by default it is merged in, or its own graph in trig/nquads).")
@click.option("-o", "--output", default="-", metavar="FILE", help="Write here instead of stdout.")
@store_option
@endpoint_options
def export(fmt, no_ontology, output, store):
    """Write the whole graph, with the ontology, for standard RDF tools.

    The ontology makes the export stand on its own: SHACL validators and SPARQL
    engines given only this file reach the answers `diplokg validate` and the
    saved queries give. Turtle output is sorted with fixed prefixes, so exports
    diff cleanly.

    \b
    Examples:
        diplokg export > kg.ttl
        diplokg export --format trig -o kg.trig
        diplokg export --format owl -o kg.owl      # File > Open in Protégé
    """
    from diplokg.graph.io.export import export_bytes, write_output

    s = _open_store(store, create=False)
    try:
        data = export_bytes(s, fmt, ontology=not no_ontology)
    finally:
        s.close()
    write_output(data, output)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default="text", show_default=True)
@click.option("--batch", default=16, show_default=True, metavar="N", type=Number(int, 1),
              help="Unused since the compiled shapes check the whole store in one query; kept for scripts.")
@store_option
@endpoint_options
def validate(fmt, batch, store):
    """SHACL-validate every article in the store; exit 1 on violations.

    The text report has one line per violation: severity, article, focus node
    (with its label), path and message.

    \b
    Examples:
        diplokg validate
        diplokg validate --format json > report.json
    """
    from diplokg.graph.shapes.storecheck import validate_store

    s = _open_store(store, create=False)
    try:
        outcome = validate_store(s, batch=batch)
    finally:
        s.close()
    if outcome.articles == 0:
        click.echo("Error: the store holds no articles; nothing to validate", err=True)
        sys.exit(EXIT_PROBLEMS)
    click.echo(outcome.render(fmt), nl=False)
    click.echo(outcome.summary(), err=True)
    if not outcome.conforms:
        sys.exit(EXIT_PROBLEMS)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["turtle", "xml"]), default="turtle", show_default=True,
              help="xml is RDF/XML, which Protégé opens as is.")
@click.option("-o", "--output", default="-", metavar="FILE", help="Write here instead of stdout.")
def ontology(fmt, output):
    """Write the OWL ontology.

    \b
    Examples:
        diplokg ontology > diplo.ttl
        diplokg ontology --format xml -o diplo.owl
    """
    from diplokg.graph.io.export import write_output
    from diplokg.graph.model.ontology import ontology_text

    write_output(ontology_text(fmt).encode("utf-8"), output)


# -- serve ------------------------------------------------------------------------------------

@cli.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=7879, show_default=True, type=PORT, help="Port (0: any free port).")
@click.option("--base-url", metavar="URL", default=None,
              help="The server's public URL (behind a proxy), named in the service description "
                   "[default: http://HOST:PORT].")
@click.option("--timeout", default=10.0, show_default=True, type=SECONDS,
              metavar="SECONDS", help="Stop a query that runs longer (HTTP 503).")
@click.option("--max-rows", default=10000, show_default=True, type=Number(int, 1), metavar="N",
              help="Return at most N rows (or triples) per query; the header X-Diplokg-Truncated says so.")
@click.option("--max-request-bytes", default=1 << 20, show_default=True, type=Number(int, 1), metavar="N",
              help="Refuse larger request bodies (HTTP 413).")
@click.option("--max-query-memory", default=2048, show_default=True, type=Number(int, 0, unit="MB"), metavar="MB",
              help="Memory one query may use, in MB (0: no limit); past it the query stops (HTTP 503).")
@click.option("--cors", metavar="ORIGIN", default=None,
              help="Allow cross-origin requests from ORIGIN ('*' for any) [default: none].")
@click.option("--workers", default=2, show_default=True, type=Number(int, 1, 64), metavar="N",
              help="Query worker processes.")
@click.option("--refresh", default=2.0, show_default=True, type=Number(float, 0), metavar="SECONDS",
              help="How often to look for new data in the store (0: never).")
@click.option("--snapshot-dir", metavar="DIR", default=None,
              help="Where to keep snapshots [default: a hidden folder beside the store].")
@click.option("-q", "--quiet", is_flag=True, help="No request log.")
def serve(store, host, port, base_url, timeout, max_rows, max_request_bytes, max_query_memory, cors, workers,
          refresh, snapshot_dir, quiet):
    """Serve the store over HTTP: a SPARQL endpoint, the saved queries, a web page.

    Read-only: queries run on a snapshot of the store, taken again when
    `diplokg ingest` has changed it, so ingests go on while the server runs.
    Updates, SERVICE and LOAD are refused.

    \b
    Examples:
        diplokg serve                      # http://127.0.0.1:7879/
        diplokg serve --port 8000 --timeout 30 --max-rows 50000
        curl 'http://127.0.0.1:7879/queries/meetings.csv?state=Japan'
    """
    from diplokg.graph.http.server import Running, Settings, public_base_url
    from diplokg.graph.store.embedded import store_path

    settings = Settings(timeout=timeout, max_rows=max_rows, max_request_bytes=max_request_bytes,
                        cors=cors, quiet=quiet, max_query_memory=max_query_memory or None,
                        base_url=public_base_url(base_url) if base_url else None)
    try:
        running = Running(store_path(store), host=host, port=port, settings=settings, workers=workers,
                          refresh=refresh, snapshot_dir=snapshot_dir)
    except OSError as exc:
        raise InputError(f"{host}:{port}", f"cannot listen: {exc.strerror or exc}") from None
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"Warning: listening on {host}: anyone who reaches this address can query the store",
                   err=True)
    click.echo(f"diplokg serve: {running.url}/ (SPARQL endpoint {running.url}/sparql), read-only snapshot "
               f"of {running.snapshots.store_dir} taken {running.snapshots.current.iso}; Ctrl-C stops", err=True)
    def stop(signum, frame):
        raise KeyboardInterrupt

    import signal

    signal.signal(signal.SIGTERM, stop)
    try:
        running.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        running.close()


# -- commands in their own modules ------------------------------------------------------------

from diplokg.graph.commands.extract import extract  # noqa: E402  (registered below the core commands)
from diplokg.graph.commands.plot import plot  # noqa: E402

cli.add_command(extract)
cli.add_command(plot)


# -- entry point ------------------------------------------------------------------------------

def main(argv=None) -> None:
    """The console script: ``cli`` plus a hard exit when a timed-out query is still running."""
    code = 0
    try:
        cli.main(args=argv, prog_name="diplokg")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BrokenPipeError:
        code = 0
        _silence_stdout()
    if any(t.name.startswith("diplokg-query") and t.is_alive() for t in threading.enumerate()):
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    sys.exit(code)


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


if __name__ == "__main__":  # pragma: no cover
    main()
