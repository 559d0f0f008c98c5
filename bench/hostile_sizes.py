"""Time the inputs of issue 13 that used to be quadratic: long lines of text, deep blank nodes.

    python bench/hostile_sizes.py            # 64 KB .. 1 MB single-line text, 1k .. 20k deep exports
    python bench/hostile_sizes.py --quick    # the smallest sizes only

Text: the example articles joined into one line without full stops, extracted (no SHACL, no
store). Export: a chain of nested blank nodes written into an in-memory store and exported as
Turtle and TriG (ingest refuses nesting deeper than 64; a store written before that limit, or by
another tool, may hold deeper chains). Figures are CPU seconds of this process.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402

from diplokg.graph.io.export import export_bytes  # noqa: E402
from diplokg.graph.store.embedded import Store  # noqa: E402
from diplokg.loaders.pipeline import extract  # noqa: E402
from diplokg.loaders.sources import SourceText, content_key  # noqa: E402


def one_line(size: int) -> str:
    text = " ".join((ROOT / "examples" / f).read_text() for f in sorted(p.name for p in (ROOT / "examples").glob("*.txt")))
    line = " ".join(text.replace(".", ",").split()) + " "
    return (line * (size // len(line) + 1))[:size]


def time_text(size: int) -> float:
    text = one_line(size)
    t0 = time.process_time()
    extract(SourceText(key=content_key(text), location="bench", text=text))
    return time.process_time() - t0


def time_export(depth: int) -> tuple[float, float]:
    store = Store()
    data = "@prefix ex: <http://example.org/> .\nex:a ex:p " + "[ ex:p " * depth + "1" + " ]" * depth + " .\n"
    triples = [q.triple for q in ox.parse(data.encode(), ox.RdfFormat.TURTLE)]
    store.replace_graph("http://example.org/graph", triples)
    out = []
    for fmt in ("turtle", "trig"):
        t0 = time.process_time()
        export_bytes(store, fmt)
        out.append(time.process_time() - t0)
    return out[0], out[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smallest sizes only")
    args = ap.parse_args()
    extract(SourceText(key="warm-up", location="warm-up", text="The President of France met the Prime Minister."))
    for size in ([64 * 1024] if args.quick else [64 * 1024, 256 * 1024, 1024 * 1024]):
        print(f"text on one line  {size // 1024:5d} KB  {time_text(size):7.2f} s extract")
    for depth in ([1000] if args.quick else [1000, 5000, 20000]):
        turtle, trig = time_export(depth)
        print(f"blank nodes nested {depth:6d} deep  {turtle:6.2f} s turtle export  {trig:6.2f} s trig export")


if __name__ == "__main__":
    main()
