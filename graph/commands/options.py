"""Options and helpers shared by the commands: the store (a folder or a SPARQL server), result
formats and table width."""
from __future__ import annotations

import contextvars
import functools
import sys

import click

from diplokg.graph.cliopts import Number
from diplokg.graph.model.errors import InputError

STORE_HELP = "Store folder [default: $DIPLOKG_STORE or ./.diplokg]."

#: the --endpoint options of the running command (see endpoint_options)
_REMOTE: contextvars.ContextVar = contextvars.ContextVar("diplokg_remote", default=None)


def open_store(path, *, create: bool):
    """The store the command works on: the --endpoint server if given, else the folder."""
    remote = _REMOTE.get()
    if remote:
        if path:
            raise InputError("--store", "give --store or --endpoint, not both")
        from diplokg.graph.store.remote import RemoteStore

        return RemoteStore(**remote)
    from diplokg.graph.store.embedded import Store, store_path

    return Store(store_path(path), create=create)


def endpoint_options(f):
    """--endpoint, --update-endpoint, --graph-store: use a SPARQL 1.1 server instead of a folder."""

    @click.option("--endpoint", metavar="URL", default=None,
                  help="Use the SPARQL 1.1 server whose query endpoint is URL instead of a store folder "
                       "(credentials: $DIPLOKG_ENDPOINT_AUTH).")
    @click.option("--update-endpoint", metavar="URL", default=None,
                  help="The server's SPARQL update endpoint [default: --endpoint].")
    @click.option("--graph-store", metavar="URL", default=None,
                  help="The server's Graph Store Protocol endpoint [default: --endpoint].")
    @functools.wraps(f)
    def wrapper(*args, endpoint=None, update_endpoint=None, graph_store=None, **kwargs):
        if (update_endpoint or graph_store) and not endpoint:
            raise InputError("--update-endpoint/--graph-store", "needs --endpoint")
        remote = None
        if endpoint:
            remote = {"endpoint": endpoint, "update_endpoint": update_endpoint, "graph_store": graph_store}
        token = _REMOTE.set(remote)
        try:
            return f(*args, **kwargs)
        finally:
            _REMOTE.reset(token)

    return wrapper


def store_option(f):
    return click.option("--store", "store", metavar="DIR", envvar=None, help=STORE_HELP)(f)


def default_result_format() -> str:
    return "table" if sys.stdout.isatty() else "csv"


def print_result(result, fmt, max_width=60):
    from diplokg.graph.queries.run import render

    click.echo(render(result, fmt or default_result_format(), max_width=max_width), nl=False)


def max_width_option(f):
    return click.option("--max-width", default=60, show_default=True, metavar="N", type=Number(int, 0),
                        help="Cut table cells longer than N characters (0: never).")(f)
