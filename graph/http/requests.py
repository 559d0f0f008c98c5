"""What a request to ``diplokg serve`` may be: its body, the IRI a resource page describes, the
server's public URL. Each is read or checked here and refused with a 4xx (:class:`HttpError`)
before any query runs; a malformed request is never a 500 nor a 30-second wait.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import pyoxigraph as ox

from diplokg.graph.model.errors import InputError

#: a request body that stops arriving for this long is answered 408
BODY_IDLE_SECONDS = 5.0


class HttpError(Exception):
    def __init__(self, status: int, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def read_body(rfile, connection, headers, max_bytes: int) -> bytes:
    """The body announced by ``Content-Length`` (one, digits only), at most ``max_bytes``.

    411 for a chunked body, 400 for a bad length or a body that ends early (the client closed
    its side), 408 when the body stops arriving for :data:`BODY_IDLE_SECONDS`, 413 past the
    limit. The connection's timeout is changed: the caller restores it.
    """
    lengths = headers.get_all("Content-Length") or []
    if headers.get("Transfer-Encoding"):
        raise HttpError(411, "send a Content-Length (chunked requests are not accepted)")
    if not lengths:
        return b""
    if len(set(lengths)) > 1 or not (lengths[0].isascii() and lengths[0].strip().isdigit()):
        raise HttpError(400, f"bad Content-Length: {', '.join(lengths)!r} (one number of bytes, 0 or more)")
    n = int(lengths[0])
    if n > max_bytes:
        raise HttpError(413, f"request body of {n} bytes is over the limit of {max_bytes} (--max-request-bytes)")
    chunks, got = [], 0
    connection.settimeout(BODY_IDLE_SECONDS)
    try:
        while got < n:
            chunk = rfile.read1(n - got)
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
    except TimeoutError:
        raise HttpError(408, f"the request body stopped after {got} of the {n} bytes its Content-Length "
                             f"announced ({BODY_IDLE_SECONDS:g} s without data)") from None
    if got < n:
        raise HttpError(400, f"the request body ended after {got} of the {n} bytes its Content-Length announced")
    return b"".join(chunks)


def described_iri(text: str) -> ox.NamedNode:
    """The http(s) IRI a resource page describes (HttpError 400 for anything else: ``urn:``,
    ``file:``, ``mailto:``… were a 500)."""
    try:
        node = ox.NamedNode(text)
    except ValueError as exc:
        raise HttpError(400, f"not a valid IRI: {exc}") from None
    scheme = urlsplit(node.value).scheme.lower()
    if scheme not in ("http", "https"):
        raise HttpError(400, f"resource pages describe http(s) IRIs, not {scheme or 'relative'}: IRIs "
                             "(ask /sparql about others)")
    return node


def public_base_url(url: str) -> str:
    """``--base-url`` checked (an absolute http(s) URL with a host, no query, fragment or user),
    without its trailing slash; InputError otherwise."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or parts.query or parts.fragment \
            or parts.username or parts.password:
        raise InputError("--base-url", f"expected an http(s) URL such as https://example.org/kg, got {url!r}")
    try:
        parts.port  # noqa: B018 - raises ValueError for a bad port
        return ox.NamedNode(url.strip().rstrip("/")).value
    except ValueError as exc:
        raise InputError("--base-url", f"not a valid URL: {exc}") from None
