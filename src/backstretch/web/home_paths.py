"""No answer of the server shows where the person's files are.

Messages from the routine files and the database name files by their absolute paths, which is
right in the person's own terminal; an answer of the server may reach another machine
(`--allow-remote`), and an absolute path names the person's account. So every message and
file name the server shows passes through `HomePaths.hide`: a path inside the backstretch
home is shown relative to it (`routines/mine.yaml`), any other path in the person's home
folder from `~` (`~/notes/history.db`).
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

# A folder's name ends where no file-name character follows (so `/home/al` is not `/home/alice`).
NAME_GOES_ON = r"[\w.~-]"


class HomePaths:
    """The absolute spellings of the two homes, and what each is shown as."""

    def __init__(self, data_home: Path, person_home: Path | None = None) -> None:
        """`data_home` is the backstretch home; `person_home` the account's (`~`)."""
        self.shown: dict[str, tuple[str, str]] = {}  # spelling -> (inside it, itself)
        for folder, inside, itself in (
            (person_home or Path.home(), "~" + os.sep, "~"),
            (data_home, "", "the backstretch home"),  # after: it usually lies inside `~`
        ):
            self.shown.update(dict.fromkeys(spellings(folder), (inside, itself)))
        longest_first = sorted(self.shown, key=len, reverse=True)
        alternatives = "|".join(re.escape(form) for form in longest_first) or "(?!)"
        separator = re.escape(os.sep)
        self.pattern = re.compile(f"({alternatives})(?:({separator})|(?!{NAME_GOES_ON}))")

    def hide(self, text: str) -> str:
        def shown(found: re.Match[str]) -> str:
            inside, itself = self.shown[found.group(1)]
            return inside if found.group(2) else itself

        return self.pattern.sub(shown, text)


def spellings(folder: Path) -> set[str]:
    """The absolute ways a message may spell `folder`: as given and with links resolved. The
    root is never one: hiding it would blank every path."""
    forms = {folder.absolute()}
    with contextlib.suppress(OSError, RuntimeError):
        forms.add(folder.resolve())
    return {str(form) for form in forms if len(form.parts) > 1}
