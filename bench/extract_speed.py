"""Time loader extraction alone (no SHACL, no store) and optionally dump/compare its output.

    python bench/extract_speed.py                      # ms/article: bench, real corpus, own cases
    python bench/extract_speed.py --dump /tmp/ref      # also write every graph as sorted N-Triples
    python bench/extract_speed.py --check /tmp/ref     # compare every graph with a dump

The graphs carry no blank nodes, so sorted N-Triples lines are a canonical form; if one
ever does, the comparison falls back to rdflib.compare.isomorphic.
"""
from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from diplokg.loaders.pipeline import extract  # noqa: E402
from diplokg.loaders.sources import SourceText, iter_sources, read_text_file  # noqa: E402

BENCH = ROOT / "bench" / "out" / "data" / "corpus-1000.jsonl"
CORPUS = ROOT.parent / "shared" / "corpus"
CASES = ROOT / "tests" / "loaders" / "cases"


def sets() -> dict[str, list[SourceText]]:
    real = [read_text_file(p) for p in sorted(CORPUS.glob("seed/*.txt")) + sorted(CORPUS.glob("dev/*.txt"))]
    cases = [SourceText(key=f"case:{d.name}", location=str(d), text=(d / "article.txt").read_text())
             for d in sorted(CASES.iterdir()) if (d / "article.txt").is_file()]
    return {"bench": list(iter_sources([str(BENCH)])), "real": real, "cases": cases}


def ntriples(graph) -> str:
    lines = sorted(line for line in graph.serialize(format="nt").splitlines() if line.strip())
    return "\n".join(lines) + "\n"


def name(src: SourceText) -> str:
    return hashlib.sha1(src.key.encode()).hexdigest()[:16] + ".nt"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", choices=["bench", "real", "cases"])
    ap.add_argument("--dump")
    ap.add_argument("--check")
    args = ap.parse_args()
    by_set = sets()
    t0 = time.perf_counter()
    extract(SourceText(key="warm-up", location="warm-up", text="The President of France met the Prime Minister."))
    print(f"warm-up (gazetteer build) {time.perf_counter() - t0:.2f} s")
    for label, sources in by_set.items():
        if args.only and label != args.only:
            continue
        runs, cpu = [], []
        for _ in range(args.repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            for src in sources:
                extract(src)
            runs.append((time.perf_counter() - t0) * 1000 / len(sources))
            cpu.append((time.process_time() - c0) * 1000 / len(sources))
        # the first pass sees every word for the first time, as an ingest does; later
        # passes hit the loaders' lru caches and flatter the code
        warm = f"  warm median {statistics.median(runs[1:]):6.2f}" if len(runs) > 1 else ""
        print(f"{label:6} {len(sources):5} articles  first pass {runs[0]:6.2f} ms/article{warm}"
              f"  runs {' '.join(f'{r:.2f}' for r in runs)}"
              # CPU time: what the code costs, whatever else the machine is doing
              f"  cpu first {cpu[0]:.2f} median {statistics.median(cpu):.2f}", flush=True)
    if args.dump or args.check:
        folder = Path(args.dump or args.check)
        folder.mkdir(parents=True, exist_ok=True)
        differ = 0
        for label, sources in by_set.items():
            for src in sources:
                text = ntriples(extract(src).graph)
                path = folder / name(src)
                if args.dump:
                    path.write_text(text)
                elif path.read_text() != text:
                    differ += 1
                    print(f"DIFFERS: {label} {src.key}")
        if args.check:
            print(f"check: {differ} graphs differ" if differ else "check: all graphs identical")
            return 1 if differ else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
