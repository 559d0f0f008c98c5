"""Where diplokg's data folders are: ontology/ and queries/.

In a checkout (or an editable install) they sit beside the ``graph`` folder; an installed
wheel carries them as data files under ``{prefix}/share/diplokg/``. ``$DIPLOKG_ONTOLOGY_DIR``
and ``$DIPLOKG_QUERIES_DIR`` override both.
"""
from __future__ import annotations

import os
import sys
import sysconfig
from pathlib import Path

# graph/model/paths.py → the folder holding graph/ (a checkout), or site-packages/diplokg (a wheel)
_CHECKOUT = Path(__file__).resolve().parents[2]


def _data_dir(name: str, env: str) -> Path:
    override = os.environ.get(env)
    if override:
        return Path(override)
    candidates = [_CHECKOUT / name]
    for scheme_path in {sysconfig.get_path("data"), sys.prefix}:
        candidates.append(Path(scheme_path) / "share" / "diplokg" / name)
    for c in candidates:
        if c.is_dir():
            return c
    return candidates[0]


def ontology_dir() -> Path:
    """The folder holding diplo.ttl and shapes/."""
    return _data_dir("ontology", "DIPLOKG_ONTOLOGY_DIR")


def queries_dir() -> Path:
    """The folder holding the saved queries (*.rq)."""
    return _data_dir("queries", "DIPLOKG_QUERIES_DIR")


def ontology_file() -> Path:
    return ontology_dir() / "diplo.ttl"


def shapes_file() -> Path:
    return ontology_dir() / "shapes" / "diplo-shapes.ttl"
