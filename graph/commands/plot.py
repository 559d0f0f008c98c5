"""``diplokg plot``: pictures of the graph (a timeline, a network), written to a file."""
from __future__ import annotations

import click

from diplokg.graph.commands.options import endpoint_options, open_store, store_option

OUTPUT_HELP = "The picture to write: FILE.png, FILE.svg or FILE.pdf."


@click.group()
def plot():
    """Draw a picture of the graph: a timeline or a network.

    Needs matplotlib and networkx (pip install 'diplokg[plot]').

    \b
    Examples:
        diplokg plot timeline --state Pakistan --state-b Japan -o pk-jp.png
        diplokg plot network --state Ghana -o ghana.svg
    """


@plot.command()
@click.option("--state", required=True, metavar="STATE", help="A state or organisation (label in any case, or IRI).")
@click.option("--state-b", metavar="STATE", default=None, help="Only events this second state also takes part in.")
@click.option("-o", "--output", required=True, metavar="FILE", help=OUTPUT_HELP)
@store_option
@endpoint_options
def timeline(state, state_b, output, store):
    """The dated events of a state, or of a pair, by type over time.

    The events are those of `diplokg query timeline`. An event dated to the day
    is a dot; one the article dates only to a month or a year is a bar over it.

    \b
    Examples:
        diplokg plot timeline --state Pakistan -o pakistan.png
        diplokg plot timeline --state Pakistan --state-b Japan -o pk-jp.svg
    """
    from diplokg.graph.plot.timeline import plot_timeline

    values = {"state": state, **({"state_b": state_b} if state_b else {})}
    n = _draw(plot_timeline, "timeline", values, output, store, state=state, state_b=state_b)
    click.echo(f"{output}: {n} dated event{'s' if n != 1 else ''}", err=True)


@plot.command()
@click.option("--state", metavar="STATE", default=None, help="Events this state or organisation takes part in.")
@click.option("--article", metavar="IRI", default=None, help="Events one article gives evidence for (its IRI).")
@click.option("-o", "--output", required=True, metavar="FILE", help=OUTPUT_HELP)
@store_option
@endpoint_options
def network(state, article, output, store):
    """Who met whom: states, organisations and people, joined by their meetings,
    calls, visits and agreements.

    Give --state or --article.

    \b
    Examples:
        diplokg plot network --state Ghana -o ghana.svg
        diplokg plot network --article dkgr:article/0d7e90196ff698e4 -o article.png
    """
    from diplokg.graph.model.errors import InputError
    from diplokg.graph.plot.network import plot_network

    if bool(state) == bool(article):
        raise InputError("diplokg plot network", "give --state or --article (one of them)")
    values = {"state": state} if state else {}
    n = _draw(plot_network, "meetings", values, output, store, state=state, article=article)
    click.echo(f"{output}: {n} link{'s' if n != 1 else ''}", err=True)


def _draw(draw, query_name, values, output, store, **kwargs) -> int:
    """Run ``draw`` on the store; name labels nothing in the store has (as `diplokg query` does)."""
    from diplokg.graph.plot.figures import NothingToPlot, picture_format, require
    from diplokg.graph.queries.labels import unknown_labels
    from diplokg.graph.queries.run import saved_query

    picture_format(output)
    require("matplotlib", "networkx")
    s = open_store(store, create=False)
    try:
        unknown = unknown_labels(s, saved_query(query_name), values)
        for u in unknown:
            click.echo(f"Warning: {u.message('--' + u.param.replace('_', '-'))}", err=True)
        try:
            return draw(s, output, **kwargs)
        except NothingToPlot:
            if unknown:
                raise NothingToPlot("nothing to draw: no such state in the store (see the warning)") from None
            raise
    finally:
        s.close()
