"""``diplokg extract``: what articles yield, without a store (facts, Turtle, N-Quads, shards)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from diplokg.graph.cliopts import Number
from diplokg.graph.commands.options import max_width_option
from diplokg.graph.model.errors import EXIT_PROBLEMS, InputError

SHARD_NAME = "part-{:05d}.nq"


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="FILE...")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "turtle", "nquads"]), default="table",
              show_default=True, help="table/json: the facts, each with the sentence it came from (json: "
                                      "SPARQL results JSON); turtle: the graphs merged; nquads: one graph per article.")
@click.option("--out", "out", metavar="DIR", default=None,
              help="Write N-Quads shards (part-00000.nq, ...) of the valid articles into DIR, a new or "
                   "empty folder, for `diplokg ingest DIR`.")
@click.option("--shard-size", default=1000, show_default=True, metavar="N", type=Number(int, 1),
              help="Articles per shard with --out.")
@max_width_option
@click.option("-q", "--quiet", is_flag=True, help="No warnings, no summary.")
def extract(paths, fmt, out, shard_size, max_width, quiet):
    """Read news articles and show what they yield, without a store.

    FILE is a news article (.txt), a folder of them, a JSON Lines corpus or '-'
    for stdin. Each article is read and validated exactly as `diplokg ingest`
    would; an article that fails the shapes is reported on stderr (exit 1).

    \b
    Examples:
        diplokg extract examples/kenya-ghana-call.txt
        diplokg extract article.txt --format turtle
        diplokg extract corpus.jsonl --out shards/ && diplokg ingest shards/
    """
    from diplokg.graph.io.extraction import extract_sources, render_extractions
    from diplokg.graph.io.inputs import TextSources

    target = _shard_folder(out) if out else None
    sources = TextSources()  # every input checked before any output; read again one by one
    for path in paths:
        if path == "-":
            from diplokg.loaders.sources import iter_sources

            sources.add_read(list(iter_sources(["-"], stdin=sys.stdin.buffer)))
        else:
            sources.add_path(path)
    failed = written = 0
    kept: list = []  # for stdout: all of them; with --out: the shard being filled
    shards = _Shards(target, shard_size) if target is not None else None
    for ex in extract_sources(sources):
        if not ex.conforms:
            failed += 1
            click.echo(f"{ex.location}: failed validation ({ex.item.name})", err=True)
            for line in ex.report.to_text().splitlines():
                if line.strip():
                    click.echo(f"  {line}", err=True)
        elif ex.item.facts == 0 and not quiet:
            click.echo(f"Warning: {ex.location}: no facts found in this article", err=True)
        if shards is None:
            kept.append(ex)
        elif ex.conforms:
            written += 1
            shards.add(ex)  # memory stays flat: a full shard is written and let go
    if shards is not None:
        n = shards.close()
        if not quiet:
            click.echo(f"wrote {written} article{'s' if written != 1 else ''} in {n} "
                       f"shard{'s' if n != 1 else ''} to {target}"
                       + (f"; {failed} failed validation and {'was' if failed == 1 else 'were'} left out" if failed else ""),
                       err=True)
    else:
        sys.stdout.buffer.write(render_extractions(kept, fmt, max_width=max_width))
    if failed:
        sys.exit(EXIT_PROBLEMS)


def _shard_folder(out: str) -> Path:
    p = Path(out)
    if p.exists() and not p.is_dir():
        raise InputError(out, "is a file; --out takes a folder")
    if p.is_dir() and any(p.iterdir()):
        raise InputError(out, "folder is not empty; give a new or empty folder for the shards")
    if not p.parent.exists():
        raise InputError(out, f"folder {p.parent} does not exist")
    return p


class _Shards:
    """N-Quads shards of ``size`` articles each, written into ``target`` as they fill."""

    def __init__(self, target: Path, size: int):
        self.target, self.size, self.count, self.pending = target, size, 0, []

    def add(self, extraction) -> None:
        self.pending.append(extraction)
        if len(self.pending) >= self.size:
            self._write()

    def close(self) -> int:
        if self.pending:
            self._write()
        return self.count

    def _write(self) -> None:
        import pyoxigraph as ox

        from diplokg.graph.io.export import write_output

        self.target.mkdir(exist_ok=True)
        data = ox.serialize([q for ex in self.pending for q in ex.quads()], format=ox.RdfFormat.N_QUADS) or b""
        write_output(data, self.target / SHARD_NAME.format(self.count))
        self.count += 1
        self.pending = []
