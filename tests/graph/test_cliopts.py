"""Issue 13, rows 9 and 14: numeric options range-checked, a repeated parameter refused, each a
one-line usage error (exit 2), never ignored and never an internal error (exit 3)."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from diplokg.graph.cli import cli


def _usage_error(args, *needles):
    r = CliRunner().invoke(cli, args)
    assert r.exit_code == 2, (args, r.exit_code, r.output)
    err = r.stderr.strip()
    assert len(err.splitlines()) == 1, err
    assert "Traceback" not in r.output and r.stdout == ""
    for n in needles:
        assert n in err, (n, err)
    return err


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "soon"])
@pytest.mark.parametrize("command", [["sparql", "ASK {}"], ["query", "officials"]])
def test_timeout_must_be_a_positive_number(store_dir, command, value):
    """Issue 13 row 14: `--timeout 0`/`-1` were accepted and ignored."""
    _usage_error([*command, "--timeout", value], "--timeout")


def test_a_parameter_given_twice_is_refused(store_dir):
    """Issue 13 row 14: a repeated `-p state=` was silently accepted (the last one won)."""
    _usage_error(["query", "officials", "-p", "state=Japan", "-p", "state=China"], "state", "twice")


@pytest.mark.parametrize("args,option", [
    (["serve", "--port", "99999"], "--port"),
    (["serve", "--port", "-1"], "--port"),
    (["serve", "--port", "http"], "--port"),
    (["serve", "--timeout", "0"], "--timeout"),
    (["serve", "--max-rows", "0"], "--max-rows"),
    (["serve", "--max-request-bytes", "-5"], "--max-request-bytes"),
    (["serve", "--max-query-memory", "-1"], "--max-query-memory"),
    (["serve", "--workers", "0"], "--workers"),
    (["serve", "--refresh", "-2"], "--refresh"),
    (["serve", "--base-url", "ftp://example.org/"], "--base-url"),
    (["serve", "--base-url", "https://example.org/?q=1"], "--base-url"),
    (["ingest", "--batch", "0", "x.txt"], "--batch"),
    (["ingest", "-j", "999", "x.txt"], "--jobs"),
    (["sparql", "ASK {}", "--max-width", "-1"], "--max-width"),
    (["query", "officials", "--max-width", "wide"], "--max-width"),
    (["extract", "x.txt", "--shard-size", "0"], "--shard-size"),
])
def test_numbers_and_urls_are_range_checked(store_dir, args, option):
    """Issue 13 rows 9 and 14: `serve --port 99999` ended in OverflowError (exit 3)."""
    _usage_error(args, option)
