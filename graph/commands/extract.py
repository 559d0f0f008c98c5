"""``diplokg extract``: what articles yield, without a store (facts, Turtle, N-Quads, shards)."""
from __future__ import annotations

import itertools
import sys
from pathlib import Path

import click

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
@click.option("--shard-size", default=1000, show_default=True, metavar="N", type=click.IntRange(min=1),
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
    from diplokg.loaders.sources import iter_sources

    target = _shard_folder(out) if out else None
    sources = list(iter_sources(list(paths), stdin=sys.stdin.buffer))  # every input read before any output
    failed = 0
    kept = []
    for ex in extract_sources(sources):
        if not ex.conforms:
            failed += 1
            click.echo(f"{ex.location}: failed validation ({ex.item.name})", err=True)
            for line in ex.report.to_text().splitlines():
                if line.strip():
                    click.echo(f"  {line}", err=True)
        elif ex.item.facts == 0 and not quiet:
            click.echo(f"Warning: {ex.location}: no facts found in this article", err=True)
        if target is None or ex.conforms:
            kept.append(ex)
    if target is not None:
        shards = _write_shards(target, kept, shard_size)
        if not quiet:
            click.echo(f"wrote {len(kept)} article{'s' if len(kept) != 1 else ''} in {shards} "
                       f"shard{'s' if shards != 1 else ''} to {target}"
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


def _write_shards(target: Path, extractions: list, size: int) -> int:
    import pyoxigraph as ox

    from diplokg.graph.io.export import write_output

    target.mkdir(exist_ok=True)
    it = iter(extractions)
    n = 0
    while chunk := list(itertools.islice(it, size)):
        data = ox.serialize([q for ex in chunk for q in ex.quads()], format=ox.RdfFormat.N_QUADS) or b""
        write_output(data, target / SHARD_NAME.format(n))
        n += 1
    return n
