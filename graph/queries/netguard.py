"""No network for the code that evaluates a query: a seccomp filter on the evaluating thread.

pyoxigraph is built with Oxigraph's HTTP client, and ``Store.query`` has no switch to turn
``SERVICE`` off: given ``SERVICE <http://…>`` it opens a TCP connection. The read-only check
(:mod:`diplokg.graph.queries.readonly`) refuses every such query before it runs; this is the
second wall behind it, for a query the check read differently from Oxigraph. Once
:func:`deny_network` ran, the calling thread (and every thread or process it starts) can no
longer create a socket of any family but ``AF_UNIX``: ``socket(AF_INET…)`` fails with
``EACCES``, so neither a connection nor a DNS lookup leaves the process. Other threads of the
process keep the network (seccomp filters are per thread), which is why queries run on a thread
of their own (:func:`run_offline`) and the server's query workers install it for good.

Linux only, through libseccomp (``pyseccomp``); elsewhere :func:`deny_network` returns False
and the read-only check alone stands.
"""
from __future__ import annotations

import errno
import socket
import threading
import traceback
from typing import Callable, TypeVar

T = TypeVar("T")

_SOCKET_CALLS = ("socket", "socketpair")


def _seccomp():
    try:
        import pyseccomp
    except (ImportError, RuntimeError, OSError):  # not Linux, or no libseccomp.so
        return None
    return pyseccomp


def available() -> bool:
    """Whether this machine can take the guard (Linux with libseccomp)."""
    return _seccomp() is not None


def deny_network() -> bool:
    """From now on, the calling thread (and what it starts) creates no network socket.

    Irreversible for the thread. True when the filter is in place, False when this machine
    cannot install one.
    """
    sc = _seccomp()
    if sc is None:
        return False
    f = sc.SyscallFilter(sc.ALLOW)
    for call in _SOCKET_CALLS:
        f.add_rule(sc.ERRNO(errno.EACCES), call, sc.Arg(0, sc.NE, socket.AF_UNIX))
    try:
        f.load()  # also sets no_new_privs for the thread, which an unprivileged user needs
    except OSError:
        return False
    return True


def _clear_frames(exc: BaseException | None) -> None:
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        traceback.clear_frames(exc.__traceback__)
        exc = exc.__context__


class GuardUnavailable(OSError):
    """The guard was required and this machine cannot install it."""


def run_offline(fn: Callable[[], T], timeout: float | None = None, *, name: str = "diplokg-query",
                require: bool = False, offline: bool = True) -> T:
    """``fn()`` on a fresh thread without network (where the machine allows: with ``require``,
    :class:`GuardUnavailable` otherwise); its result or its exception. ``offline=False`` keeps
    the network (a query sent to a remote store), for the timeout alone.

    Past ``timeout`` seconds raises :class:`TimeoutError` and leaves the thread running (a daemon:
    Oxigraph cannot be interrupted); the CLI's ``main`` exits hard when such a thread is left.
    """
    box: dict = {}

    def target():
        try:
            if offline and not deny_network() and require:
                raise GuardUnavailable("no seccomp filter on this machine")
            box["value"] = fn()
        except BaseException as exc:  # handed to the caller's thread, without the locals of
            _clear_frames(exc)  # its frames: pyoxigraph objects must be dropped on this thread
            box["error"] = exc

    t = threading.Thread(target=target, name=name, daemon=True)
    t.start()
    t.join(timeout)
    if t.is_alive():
        raise TimeoutError
    if "error" in box:
        error = box.pop("error")
        try:
            raise error
        finally:  # no cycle error -> traceback -> this frame -> error: the caller's frames (and
            error = None  # the store they hold) are freed when the exception is handled
    return box.pop("value")
