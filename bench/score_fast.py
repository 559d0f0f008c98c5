"""The shared scorer, run in one process: the same numbers as ``score.py --cmd diplokg``, faster.

``score.py`` starts the ``diplokg`` command eight times per article (one ingest, seven saved
queries), so most of its time is Python start-up. This runs the same scorer with its command
runner replaced by the click CLI invoked in-process (same arguments, same exit codes, same
JSON), for quick iteration on extraction rules. The shared scorer stays the yardstick: check a
result with it before you report it.

    python bench/score_fast.py ../shared/corpus/real --texts .real-texts -v
    python bench/score_fast.py ../shared/corpus/dev ../shared/corpus/seed
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SCORER = ROOT.parent / "shared" / "tools" / "score" / "score.py"


def load_scorer():
    spec = importlib.util.spec_from_file_location("shared_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_in_process(cmd, args, timeout):
    from click.testing import CliRunner

    from diplokg.graph.cli import cli

    r = CliRunner().invoke(cli, list(args))
    return SimpleNamespace(returncode=r.exit_code, stdout=r.stdout, stderr=r.stderr)


def main(argv: list[str]) -> int:
    score = load_scorer()
    score.run = run_in_process
    sys.argv = ["score.py", *argv]
    return score.main()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
