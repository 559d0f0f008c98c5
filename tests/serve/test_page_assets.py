"""The page's files over HTTP (no browser): every file a page asks for is served with its type,
the favicon, /status for a browser and for a program, the vendored libraries as their manifest
and licences say, the CSP's inline-style hashes, the prefixes the page shares with the CLI."""
from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from serving import ROOT, request

WEB = ROOT / "graph" / "http" / "web"
VENDOR = WEB / "vendor"
JP = "https://w3id.org/diplokg/id/state/JP"
S01 = "https://w3id.org/diplokg/id/article/s01"


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.refs.append(a["src"])
        if tag == "link" and a.get("href"):
            self.refs.append(a["href"])


def refs(html: bytes) -> list[str]:
    p = _Refs()
    p.feed(html.decode())
    return p.refs


@pytest.mark.parametrize("path,params", [("/", None), ("/pictures", None), ("/resource", {"iri": JP}),
                                         ("/status", None), ("/queries.html", None)])
def test_every_file_a_page_loads_is_served_from_here(server, path, params):
    status, headers, body = request(server.url + path, params=params, headers={"Accept": "text/html"})
    assert status == 200 and headers["content-type"].startswith("text/html")
    found = refs(body)
    assert "/static/favicon.svg" in found and "/static/style.css" in found
    types = {".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml"}
    for ref in found:
        assert not urlsplit(ref).netloc, f"{path} loads {ref} from another site"
        status, headers, data = request(server.url + ref)
        assert status == 200 and data, ref
        assert headers["content-type"].startswith(types[Path(ref).suffix]), (ref, headers["content-type"])


def test_favicon(server):
    status, headers, body = request(server.url + "/favicon.ico")
    assert status == 200 and headers["content-type"] == "image/x-icon"
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file


@pytest.mark.parametrize("path", ["/static/../server.py", "/static/vendor", "/static/vendor/", "/static/",
                                  "/static/%2e%2e/server.py", "/static/vendor/yasgui/../../index.html",
                                  "/static/nothing.js", "/pictures/x"])
def test_only_packaged_files_by_exact_name(server, path):
    assert request(server.url + path)[0] == 404


def test_vendor_files_cached_own_files_revalidated(server):
    _, headers, _ = request(server.url + "/static/vendor/yasgui/yasgui.min.js")
    assert "max-age" in headers["cache-control"]
    _, headers, _ = request(server.url + "/static/workbench.js")
    assert headers["cache-control"] == "no-cache"


def test_status_as_a_page_and_as_json(server):
    status, headers, body = request(server.url + "/status", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert status == 200 and headers["content-type"].startswith("text/html")
    html = body.decode()
    assert '<table class="facts" id="status">' in html and "read only" in html and "meetings" in html
    for accept in ({"Accept": "application/json"}, {}):
        status, headers, body = request(server.url + "/status", headers=accept)
        assert status == 200 and headers["content-type"] == "application/json"
        assert json.loads(body)["read_only"] is True


def test_saved_queries_page_links_run_the_query_on_the_workbench(server):
    _, _, body = request(server.url + "/queries.html")
    assert 'href="/?saved=meetings"' in body.decode()
    assert 'href="/?saved=evidence&amp;node=' in body.decode()  # a required parameter's example


def test_resource_pages_draw_the_pictures_of_what_they_show(server):
    def pictures_div(iri):
        html = request(server.url + "/resource", params={"iri": iri})[2].decode()
        m = re.search(r'<section class="pictures" id="pictures"([^>]*)>', html)
        return m and dict(re.findall(r'data-(\w+)="([^"]*)"', m.group(1))), html

    attrs, html = pictures_div(JP)
    assert attrs == {"state": JP, "label": "Japan"} and '/static/pictures.js' in html
    attrs, _ = pictures_div("https://w3id.org/diplokg/id/person/bhutto-bilawal")
    assert attrs == {"person": "https://w3id.org/diplokg/id/person/bhutto-bilawal", "label": "Bilawal Bhutto"}
    attrs, _ = pictures_div(S01)
    assert attrs == {"article": S01}
    meeting = "https://w3id.org/diplokg/id/meeting/1"
    attrs, _ = pictures_div(meeting)  # a fact: drawn in its article, picked out
    assert attrs == {"article": S01, "focus": meeting}
    attrs, html = pictures_div("https://example.org/nothing")
    assert attrs is None and "pictures.js" not in html


# -- the vendored libraries -------------------------------------------------------------------

def test_vendored_files_match_their_manifest_and_carry_licences():
    manifest = json.loads((VENDOR / "MANIFEST.json").read_text())
    listed = set()
    for folder, info in manifest.items():
        assert info["package"] and re.fullmatch(r"\d+\.\d+\.\d+", info["version"]), folder
        names = set(info["files"])
        assert any(n.upper().startswith("LICEN") for n in names), f"vendor/{folder} has no licence file"
        for name, f in info["files"].items():
            path = VENDOR / folder / name
            assert hashlib.sha256(path.read_bytes()).hexdigest() == f["sha256"], f"{path} differs from MANIFEST.json"
            listed.add(f"{folder}/{name}")
    on_disk = {p.relative_to(VENDOR).as_posix() for p in VENDOR.rglob("*") if p.is_file()}
    assert on_disk - listed == {"MANIFEST.json", "THIRD-PARTY-NOTICES.txt"}
    notices = (VENDOR / "THIRD-PARTY-NOTICES.txt").read_text()
    for info in manifest.values():
        assert f"\n{info['package']} {info['version']}  (" in notices
    readme = (WEB / "README.md").read_text()
    for info in manifest.values():
        assert f"`{info['package']}`" in readme and f"| {info['version']} |" in readme


def test_no_source_map_is_asked_for():
    for path in VENDOR.rglob("*.min.*"):
        assert b"sourceMappingURL" not in path.read_bytes(), path


def test_the_csp_admits_exactly_the_vendored_inline_styles(server):
    from diplokg.graph.http.assets import VENDOR_INLINE_STYLES

    bundle = (VENDOR / "yasgui" / "yasgui.min.js").read_text()
    _, headers, _ = request(server.url + "/")
    csp = headers["content-security-policy"]
    style_src = next(d for d in csp.split(";") if d.strip().startswith("style-src")).split()[1:]
    assert "'unsafe-inline'" not in style_src and "'self'" in style_src
    resizer, dragging = VENDOR_INLINE_STYLES
    assert resizer in bundle, "the vendored yasgui no longer inserts this style: update VENDOR_INLINE_STYLES"
    # the style set while a column is dragged is put together from the resizer's default option
    assert dragging == "*{cursor:col-resize!important}"
    assert "`*{cursor:`+" in bundle and "dragCursor:`col-resize`" in bundle
    for css in VENDOR_INLINE_STYLES:
        digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in style_src
    assert next(d for d in csp.split(";") if d.strip().startswith("script-src")).split()[1:] == ["'self'"]


def test_page_prefixes_are_the_graphs():
    from diplokg.graph.model.vocab import DISPLAY_PREFIXES

    text = (WEB / "common.js").read_text()
    block = text[text.index("const PREFIXES = {"):]
    block = block[block.index("{"):block.index("};") + 1]
    pairs = dict(re.findall(r'^\s*(\w+): "([^"]+)",$', block, re.M))
    assert pairs == DISPLAY_PREFIXES
