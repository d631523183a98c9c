"""Lines on the terminal without click: styles, echo and the width, written as click writes
them, so the quick commands (cli/quick.py) print exactly what the click commands print."""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: `--help` answers before typing is imported
if TYPE_CHECKING:
    from typing import IO

ESCAPE = "\x1b["


def bold(text: str) -> str:
    """Bold text, written as click.style writes it."""
    return f"{ESCAPE}1m{text}{ESCAPE}0m"


def red(text: str) -> str:
    return f"{ESCAPE}31m{text}{ESCAPE}0m"


def is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (ValueError, OSError):
        return False


def plain(text: str) -> str:
    """Text without its styles (the escape sequences click strips when not on a terminal)."""
    if ESCAPE not in text:
        return text
    import re

    return re.sub(r"\033\[[;?0-9]*[a-zA-Z]", "", text)


def echo(text: str = "", err: bool = False) -> None:
    """Print one line as click.echo does: styled only on a terminal, and flushed at once."""
    stream = sys.stderr if err else sys.stdout
    stream.write((text if is_terminal(stream) else plain(text)) + "\n")
    stream.flush()


def terminal_columns(fallback: int = 80) -> int:
    """The terminal's width as shutil.get_terminal_size reads it (COLUMNS first), without
    importing shutil and the compression modules it brings."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or fallback
