"""Errors raised by the diplokg library, and the exit codes they map to.

The library raises these; only ``diplokg.graph.cli`` turns them into messages and exit
codes (after pySHACL: 0 ok, 1 problems found, 2 usage or input error, 3 bug).
"""
from __future__ import annotations

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_BUG = 3


class DiplokgError(Exception):
    """Base class of every error diplokg raises on purpose."""

    exit_code = EXIT_BUG


class InputError(DiplokgError):
    """A file or value the user gave cannot be used (missing, empty, binary, malformed...)."""

    exit_code = EXIT_USAGE

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class QueryError(DiplokgError):
    """An unknown saved query, an unknown or missing parameter, malformed or refused SPARQL."""

    exit_code = EXIT_USAGE


class StoreError(DiplokgError):
    """The store cannot be opened or written (a file where a folder should be, busy, corrupt)."""

    exit_code = EXIT_USAGE


class StoreBusyError(StoreError):
    """Another process holds the store's write lock."""


class ShapeError(DiplokgError):
    """Data does not conform to the SHACL shapes."""

    exit_code = EXIT_PROBLEMS
