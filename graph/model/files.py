"""Reading a file a user named: regular files only, never blocking, every OS error an InputError.

A FIFO, a device or a socket named as an input would block ``open()`` (a FIFO waits for a
writer) or never end (``/dev/zero``), so they are refused: :func:`check_input_path` says so
from ``stat`` alone, before the store is opened or locked, and :func:`read_regular_file` opens
with ``O_NONBLOCK`` and checks the open file again (the path may have changed in between).
"""
from __future__ import annotations

import os
import stat
from typing import BinaryIO

from diplokg.graph.model.errors import InputError


def _kind(mode: int) -> str | None:
    """What a non-regular, non-folder file is, or None for a regular file or a folder."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file or folder"


def os_reason(exc: OSError) -> str:
    """A short reason for an OS error, without the file name (the caller names the file)."""
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, FileNotFoundError):
        return "no such file or folder"
    if isinstance(exc, IsADirectoryError):
        return "is a folder"
    return f"cannot read: {exc.strerror or exc}"


def check_input_path(path: str) -> bool:
    """Check a path named as an input without opening it; True for a folder, False for a file.

    Raises InputError for a missing path, an unreadable one, or anything but a regular file or
    a folder.
    """
    try:
        st = os.stat(path)
    except OSError as exc:
        raise InputError(path, os_reason(exc)) from None
    kind = _kind(st.st_mode)
    if kind:
        raise InputError(path, f"is {kind}, not a regular file" if not kind.startswith("not") else kind)
    is_dir = stat.S_ISDIR(st.st_mode)
    if not os.access(path, os.R_OK | (os.X_OK if is_dir else 0)):
        raise InputError(path, "permission denied")
    return is_dir


def open_regular_file(path: str | os.PathLike, where: str | None = None) -> BinaryIO:
    """A regular file opened for reading in binary; InputError (naming ``where``) for anything
    else. Opening never blocks, even on a FIFO."""
    where = where or str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError(where, os_reason(exc)) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise InputError(where, "is a folder")
        kind = _kind(st.st_mode)
        if kind:
            raise InputError(where, f"is {kind}, not a regular file")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular_file(path: str | os.PathLike, where: str | None = None, *, max_bytes: int | None = None,
                      too_large: str = "") -> bytes:
    """The bytes of a regular file; InputError (naming ``where``) for anything else.

    With ``max_bytes`` a larger file is refused (``too_large`` words why) before it is read.
    """
    where = where or str(path)
    with open_regular_file(path, where) as f:
        try:
            if max_bytes is not None and os.fstat(f.fileno()).st_size > max_bytes:
                raise InputError(where, too_large or f"file is larger than {max_bytes} bytes")
            return f.read()
        except OSError as exc:
            raise InputError(where, os_reason(exc)) from None
