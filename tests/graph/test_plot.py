"""Pictures from the command line (issue 11, item 3): a timeline and a network, as PNG or SVG."""
from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner

from diplokg.graph.cli import cli

pytest.importorskip("matplotlib")
pytest.importorskip("networkx")


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_timeline_of_a_pair_as_png(example_store, tmp_path):
    out = tmp_path / "pk-jp.png"
    r = run("plot", "timeline", "--store", example_store, "--state", "Pakistan", "--state-b", "Japan", "-o", out)
    assert r.exit_code == 0, r.output
    data = out.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 10_000
    assert "dated events" in r.stderr


def test_timeline_svg_names_the_events_and_is_reproducible(example_store, tmp_path):
    a, b = tmp_path / "a.svg", tmp_path / "b.svg"
    for out in (a, b):
        assert run("plot", "timeline", "--store", example_store, "--state", "Ghana", "-o", out).exit_code == 0
    svg = a.read_text()
    assert "<svg" in svg and "Call of Kwame Asante and Wanjiru Odhiambo" in svg
    assert "Ghana: " in svg
    assert a.read_bytes() == b.read_bytes()


def test_network_of_a_state_and_of_an_article(example_store, tmp_path):
    out = tmp_path / "ghana.svg"
    r = run("plot", "network", "--store", example_store, "--state", "Ghana", "-o", out)
    assert r.exit_code == 0, r.output
    svg = out.read_text()
    for name in ("Ghana", "Kenya", "Kwame Asante", "Wanjiru Odhiambo", "Akosua Mensah"):
        assert name in svg
    evidence = run("query", "evidence", "--store", example_store, "-p", "node=dkgr:state/GH", "--format", "csv")
    article = evidence.stdout.splitlines()[1].split(",")[0]
    png = tmp_path / "article.png"
    r = run("plot", "network", "--store", example_store, "--article", article, "-o", png)
    assert r.exit_code == 0, r.output
    assert png.read_bytes().startswith(b"\x89PNG")


def test_unknown_state_draws_nothing_and_says_why(example_store, tmp_path):
    out = tmp_path / "x.png"
    r = run("plot", "timeline", "--store", example_store, "--state", "Gahna", "-o", out)
    assert r.exit_code == 1
    assert "--state=Gahna" in r.stderr and "'Ghana'" in r.stderr
    assert not out.exists()


@pytest.mark.parametrize("args,message", [
    (("timeline", "--state", "Ghana", "-o", "picture.jpg"), "end the file name"),
    (("network", "-o", "x.png"), "give --state or --article"),
    (("network", "--state", "Ghana", "--article", "dkgr:article/x", "-o", "x.png"), "give --state or --article"),
])
def test_usage_errors(example_store, tmp_path, args, message):
    r = run("plot", *args[:1], "--store", example_store, *args[1:])
    assert r.exit_code == 2 and message in r.stderr


def test_a_missing_plotting_library_is_named(example_store, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "networkx", None)  # import networkx now raises ImportError
    r = run("plot", "network", "--store", example_store, "--state", "Ghana", "-o", tmp_path / "x.png")
    assert r.exit_code == 2
    assert "pip install 'diplokg[plot]'" in r.stderr and "networkx" in r.stderr
