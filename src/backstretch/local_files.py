"""Reading a person's file safely: only a regular file, and never more than a limit.

Routine files and history imports both come from paths a person types. A FIFO would block
forever, `/dev/zero` never ends, and a file that grows while it is read could outrun a size
check made beforehand; so the file is opened without following a FIFO's writer (O_NONBLOCK),
checked to be a regular file on the open descriptor (not on the name, which could change in
between), and read up to the limit plus one byte, which is enough to know it is too large.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from backstretch.core.errors import BackstretchError

NOT_REGULAR = {
    stat.S_IFDIR: "is a folder",
    stat.S_IFIFO: "is a named pipe (FIFO)",
    stat.S_IFCHR: "is a device",
    stat.S_IFBLK: "is a device",
    stat.S_IFSOCK: "is a socket",
}


class UnreadableFile(BackstretchError):
    """A path that is missing, not a regular file, unreadable, or over its size limit.

    The message is "PATH: PROBLEM"; both parts are kept, for callers that name the file
    their own way (a routine file's problems are listed with the file as their source).
    """

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


def size_text(size: int) -> str:
    """A size for people: bytes below 100 KB, else megabytes to one decimal ("1 MB", "1.1 MB")."""
    return f"{size / 1e6:.1f}".removesuffix(".0") + " MB" if size >= 100_000 else f"{size:,} bytes"


def read_limited(path: Path, limit: int, what: str) -> bytes:
    """The bytes of the regular file at `path`, refusing anything else or anything over `limit`.

    `what` names the kind of file for messages ("routine files", "history files").
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        refuse_unless_regular(path, path.stat().st_mode, what)  # a device is never opened
        descriptor = os.open(path, flags)
    except OSError as error:
        raise UnreadableFile(path, open_problem(error)) from None
    with os.fdopen(descriptor, "rb") as stream:
        # Checked again on what was opened: the name may have changed in between.
        refuse_unless_regular(path, os.fstat(descriptor).st_mode, what)
        try:
            data = stream.read(limit + 1)
        except OSError as error:
            raise UnreadableFile(path, f"cannot be read ({error.strerror or error})") from None
    if len(data) > limit:
        raise UnreadableFile(path, too_large(max(len(data), size_now(path)), limit, what))
    return data


def too_large(size: int, limit: int, what: str) -> str:
    # Just over the limit rounds to the limit itself ("is 1 MB; limited to 1 MB"): then bytes.
    shown = size_text(size) if size_text(size) != size_text(limit) else f"{size:,} bytes"
    return f"is {shown}; {what} are limited to {size_text(limit)}"


def size_now(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def refuse_unless_regular(path: Path, mode: int, what: str) -> None:
    kind = stat.S_IFMT(mode)
    if kind != stat.S_IFREG:
        problem = NOT_REGULAR.get(kind, "is not a regular file")
        raise UnreadableFile(path, f"{problem}, not a file; {what} must be regular files")


def open_problem(error: OSError) -> str:
    """Why a path could not be opened, in a person's words."""
    if error.errno == errno.ENOENT:
        return "no such file"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "cannot be read (permission denied)"
    if error.errno == errno.ELOOP:
        return "is a symbolic link that leads round in a loop"
    if error.errno == errno.EISDIR:
        return "is a folder, not a file"
    if error.errno == errno.ENXIO:
        return "is a device or pipe with nothing behind it, not a file"
    return f"cannot be read ({error.strerror or error})"
