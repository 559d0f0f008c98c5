"""Summarise a py-spy raw profile: inclusive share of the samples per function.

    py-spy record -r 100 -f raw -o ingest.raw -- diplokg ingest corpus.jsonl --store /tmp/s -q
    python bench/pyspy_summary.py ingest.raw 'graph/|loaders/pipeline|pyshacl/validate'

(``--native`` profiles work too: the Rust/C++ frames of pyoxigraph then show up.)
"""
from __future__ import annotations

import collections
import re
import sys


def summary(path: str, pattern: str = "", top: int = 400) -> list[tuple[float, str]]:
    inclusive: collections.Counter = collections.Counter()
    total = 0
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip()
            if not line:
                continue
            stack, n = line.rsplit(" ", 1)
            n = int(n)
            total += n
            seen = set()
            for frame in stack.split(";"):
                m = re.match(r"(.+?) \((.+?)(?::\d+)?\)$", frame)
                if m:
                    where = m.group(2).split("site-packages/")[-1].split("/work/main/")[-1]
                    key = f"{m.group(1)} ({where})"
                else:
                    key = frame
                if key not in seen:
                    seen.add(key)
                    inclusive[key] += n
    rows = [(100.0 * v / total, k) for k, v in inclusive.most_common(top)]
    return [(share, k) for share, k in rows if not pattern or re.search(pattern, k)]


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    for share, key in summary(argv[0], argv[1] if len(argv) > 1 else ""):
        print(f"{share:5.1f}%  {key}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
