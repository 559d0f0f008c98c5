"""Pages of a saved query over HTTP (``limit``, ``offset``) are the command line's pages, and the
server answers saved queries from the snapshot's row views."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from diplokg.graph.cli import cli
from diplokg.graph.store.viewdb import VIEWS_FILE
from serving import request


def cli_output(store_dir, *args):
    result = CliRunner().invoke(cli, [*args, "--store", str(store_dir)])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes.decode("utf-8")


@pytest.mark.parametrize("name,params,page", [
    ("meetings", {}, {"limit": "2", "offset": "1"}),
    ("meetings", {"state": "Japan"}, {"limit": "1"}),
    ("timeline", {}, {"offset": "3"}),
    ("officials", {}, {"limit": "0"}),
    ("evidence", {"node": "https://w3id.org/diplokg/id/state/JP"}, {"limit": "2", "offset": "2"}),
])
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_pages_are_the_command_lines(server, seed_store, name, params, page, fmt):
    args = ["query", name, "--format", fmt] + [a for k, v in page.items() for a in (f"--{k}", v)]
    for k, v in params.items():
        args += ["-p", f"{k}={v}"]
    status, headers, body = request(f"{server.url}/queries/{name}.{fmt}", params={**params, **page})
    assert status == 200, body
    assert body.decode("utf-8") == cli_output(seed_store, *args)
    whole = json.loads(request(f"{server.url}/queries/{name}.json", params=params)[2])["results"]["bindings"]
    assert headers["x-diplokg-total"] == str(len(whole))


@pytest.mark.parametrize("page", [{"limit": "-1"}, {"offset": "two"}, {"limit": "1e3"}])
def test_bad_pages_are_refused(server, page):
    status, _, body = request(server.url + "/queries/meetings.json", params=page)
    assert status == 400 and b"whole number" in body


def test_snapshots_carry_the_views(server, seed_store):
    assert (seed_store / VIEWS_FILE).exists()
    assert (server.app.snapshots.current.path / VIEWS_FILE).exists()
