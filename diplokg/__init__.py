"""diplokg: a knowledge graph of diplomatic relations, read from news text.

The Python API (:mod:`diplokg.knowledge_graph`)::

    import diplokg
    kg = diplokg.open("./.diplokg")          # a store folder, a SPARQL endpoint URL, or ":memory:"
    kg.ingest(["examples/"])
    kg.query("meetings", state="Japan").to_pandas()

The installed import packages all live under this name: ``diplokg.graph`` (store, shapes,
queries, ingest and export, the HTTP server, the CLI) and ``diplokg.loaders`` (news text →
facts → triples).
"""
from __future__ import annotations

import importlib.abc
import importlib.util
import sys
from pathlib import Path

__version__ = "0.1.0"

# The wheel puts graph/ and loaders/ inside this package (pyproject.toml, package-dir). A source
# checkout keeps them beside it, at the top level where the design wants them; this finder gives
# them their installed names there, as setuptools' own editable finder would.
_CHECKOUT = Path(__file__).resolve().parent.parent
_MAPPED = ("graph", "loaders")


class _CheckoutFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        prefix, _, leaf = fullname.partition(".")
        if prefix != __name__ or leaf not in _MAPPED:
            return None
        folder = _CHECKOUT / leaf
        return importlib.util.spec_from_file_location(fullname, folder / "__init__.py",
                                                      submodule_search_locations=[str(folder)])


def _in_checkout() -> bool:
    here = Path(__file__).resolve().parent
    return (not (here / "graph").is_dir() and (_CHECKOUT / "pyproject.toml").is_file()
            and all((_CHECKOUT / leaf / "__init__.py").is_file() for leaf in _MAPPED))


if _in_checkout() and not any(isinstance(f, _CheckoutFinder) for f in sys.meta_path):
    sys.meta_path.insert(0, _CheckoutFinder())


#: the public API, imported on first use (``import diplokg`` stays cheap for the command line)
_API = {"open": "knowledge_graph", "KnowledgeGraph": "knowledge_graph", "Extracted": "knowledge_graph",
        "extract": "knowledge_graph", "extract_partition": "knowledge_graph", "Rows": "rows"}
__all__ = sorted(_API)


def __getattr__(name: str):
    if name in _API:
        import importlib

        value = getattr(importlib.import_module(f"{__name__}.{_API[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_API))
