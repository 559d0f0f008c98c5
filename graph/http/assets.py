"""The web page's files (``graph/http/web/``, shipped as package data): the workbench, the
pictures page, their scripts and styles, the favicon, and the vendored libraries with their
licences (``web/vendor/``, see ``web/README.md``).

A request names a file by its path relative to ``web/``; only the paths found in the package
are served (looked up in a dict, never joined onto a folder), so ``..`` and friends cannot
reach anything else.
"""
from __future__ import annotations

import base64
import functools
import hashlib
from dataclasses import dataclass
from importlib import resources

_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".ico": "image/x-icon",
    ".json": "application/json",
}
_TEXT = "text/plain; charset=utf-8"  # README, licence files
# The vendored libraries change only with a package upgrade: browsers may keep them a day.
# The page's own files are revalidated each time, so an upgraded diplokg is seen at once.
_VENDOR_CACHE = "public, max-age=86400"
_OWN_CACHE = "no-cache"


# The inline <style> blocks that the column resizer of YASR's table (column-resizer, bundled in
# vendor/yasgui/yasgui.min.js) inserts. The pages' Content-Security-Policy admits exactly these,
# by hash, rather than any inline style ('unsafe-inline'); a test checks they are still the
# strings of the vendored file.
VENDOR_INLINE_STYLES = (
    (
        ' .grip-resizable{table-layout:fixed;} '
        '.grip-resizable > tbody > tr > td, .grip-resizable > tbody > tr > th{overflow:hidden} '
        '.grip-padding > tbody > tr > td, .grip-padding > tbody > tr > th{padding-left:0!important; padding-right:0!important;} '
        '.grip-container{ height:0px; position:relative;} '
        '.grip-handle{margin-left:-5px; position:absolute; z-index:5; } '
        '.grip-handle .grip-resizable{position:absolute;background-color:red;filter:alpha(opacity=1);opacity:0;width:10px;height:100%;cursor: col-resize;top:0px} '
        '.grip-lastgrip{position:absolute; width:1px; } '
        '.grip-drag{ border-left:1px dotted black;\t} '
        '.grip-flex{width:auto!important;} '
        '.grip-handle.grip-disabledgrip .grip-resizable{cursor:default; display:none;}'
    ),
    "*{cursor:col-resize!important}",
)


def inline_style_sources() -> str:
    """The CSP sources (``'sha256-…'``) of :data:`VENDOR_INLINE_STYLES`."""
    return " ".join("'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
                    for s in VENDOR_INLINE_STYLES)


@dataclass(frozen=True)
class Asset:
    body: bytes
    content_type: str
    cache_control: str


def _walk(node, prefix: str = ""):
    for child in node.iterdir():
        name = prefix + child.name
        if child.is_dir():
            yield from _walk(child, name + "/")
        elif child.is_file() and not child.name.startswith("."):
            yield name, child


@functools.lru_cache(maxsize=1)
def _files() -> dict:
    return dict(_walk(resources.files("diplokg.graph.http").joinpath("web")))


def names() -> list[str]:
    """Every file the server can send, as paths relative to ``web/``."""
    return sorted(_files())


@functools.lru_cache(maxsize=64)
def asset(name: str) -> Asset | None:
    """The file ``web/NAME`` with its content type and cache policy, or None when there is none."""
    f = _files().get(name)
    if f is None:
        return None
    suffix = "." + name.rsplit(".", 1)[-1] if "." in name.rsplit("/", 1)[-1] else ""
    cache = _VENDOR_CACHE if name.startswith("vendor/") else _OWN_CACHE
    return Asset(f.read_bytes(), _TYPES.get(suffix, _TEXT), cache)
