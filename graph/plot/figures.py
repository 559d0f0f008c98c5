"""What both pictures need: the plotting libraries (or a clear error) and saving a figure."""
from __future__ import annotations

import os
from pathlib import Path

from diplokg.graph.model.errors import EXIT_PROBLEMS, EXIT_USAGE, DiplokgError, InputError

#: file endings a picture can be written as, and matplotlib's format names
PICTURE_FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}


class NothingToPlot(DiplokgError):
    """The query found nothing to draw (exit 1, as for nothing to validate)."""

    exit_code = EXIT_PROBLEMS


class MissingPlotLibrary(DiplokgError):
    """matplotlib or networkx is not installed."""

    exit_code = EXIT_USAGE


def require(*modules: str) -> None:
    """Import ``modules`` (e.g. ``"matplotlib"``) or raise :class:`MissingPlotLibrary`."""
    import importlib

    missing = []
    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    if missing:
        raise MissingPlotLibrary(f"diplokg plot needs {' and '.join(missing)}: pip install 'diplokg[plot]' "
                                 f"(or pip install {' '.join(missing)})")


def picture_format(output: str | os.PathLike) -> str:
    """matplotlib's format for ``output``, from its ending (InputError for another)."""
    fmt = PICTURE_FORMATS.get(Path(output).suffix.lower())
    if fmt is None:
        raise InputError(str(output), f"a picture is written as {', '.join(PICTURE_FORMATS)}: "
                                      "end the file name with one of them")
    return fmt


def pyplot():
    """matplotlib's pyplot with a backend that needs no display."""
    require("matplotlib")
    import matplotlib

    matplotlib.use("Agg", force=True)
    # SVG keeps its text as text (searchable, accessible), and ids that do not change between runs
    matplotlib.rcParams["svg.fonttype"] = "none"
    matplotlib.rcParams["svg.hashsalt"] = "diplokg"
    import matplotlib.pyplot as plt

    return plt


def save(fig, output: str | os.PathLike) -> None:
    """Write ``fig`` to ``output`` (atomically, with the user's umask) and close it."""
    import io

    from diplokg.graph.io.export import write_output

    buf = io.BytesIO()
    fmt = picture_format(output)
    # svg: no random ids and no creation date, so the same data draws the same file
    metadata = {"Date": None} if fmt in ("svg", "pdf") else {}
    fig.savefig(buf, format=fmt, bbox_inches="tight", dpi=150, metadata=metadata or None)
    pyplot().close(fig)
    write_output(buf.getvalue(), output)
