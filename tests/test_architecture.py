"""The shape of the house: the core stays free of frameworks, and the README stays true."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from backstretch.cli.main import COMMANDS, SUMMARIES

ROOT = Path(__file__).resolve().parent.parent
FRAMEWORKS = ("sqlalchemy", "fastapi", "starlette", "rich", "click", "yaml", "jinja2", "alembic")


def test_the_core_imports_no_third_party_framework() -> None:
    probe = (
        "import sys, pkgutil, importlib, backstretch.core as core\n"
        "for m in pkgutil.iter_modules(core.__path__):\n"
        "    importlib.import_module('backstretch.core.' + m.name)\n"
        f"print(','.join(sorted(n for n in {FRAMEWORKS!r} if n in sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_quick_commands_do_not_load_the_session_screen_or_the_database() -> None:
    probe = (
        "import sys\n"
        "from backstretch.cli.main import main\n"
        "sys.argv = ['backstretch', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "loaded = [n for n in ('rich', 'sqlalchemy', 'yaml') if n in sys.modules]\n"
        "print(','.join(loaded), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stderr.strip() == ""


def test_every_command_is_summarised_for_help_and_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    for name in COMMANDS:
        assert SUMMARIES.get(name), f"{name} has no line in SUMMARIES"
        assert f"`backstretch {name}" in readme, f"README does not document `backstretch {name}`"


def test_no_lock_file_with_registry_addresses_is_committed() -> None:
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout
    assert "uv.lock" not in tracked.split()


def test_recording_pain_loads_neither_sqlalchemy_nor_the_safety_rules(tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        "from backstretch.cli.main import main\n"
        f"sys.argv = ['backstretch', '--home', {str(tmp_path)!r}, 'pain', '3']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ('sqlalchemy', 'alembic', 'rich', 'backstretch.core.stats',\n"
        "         'backstretch.core.progression', 'backstretch.core.safety')\n"
        "print(','.join(n for n in heavy if n in sys.modules), file=sys.stderr)\n"
    )
    subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    second = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert second.stderr.strip() == ""  # the first run created the database; the second is the norm


# Which of backstretch's packages each package may import (besides itself): arrows point inward.
ALLOWED = {
    "core": set(),
    "catalog": {"core", "local_files"},
    "storage": {"core"},
    "export": {"core"},
    "coach": {"core", "storage", "catalog"},
    "pose": {"core"},
}


def imported_packages(package: str) -> dict[str, set[str]]:
    """For each module of `backstretch.<package>`, the backstretch packages it imports anywhere
    in its text (at the top, inside functions, or for type checking only)."""
    import ast

    found: dict[str, set[str]] = {}
    for path in (ROOT / "src" / "backstretch" / package).rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
        inner = {n.split(".")[1] for n in names if n.startswith("backstretch.") and "." in n}
        found[str(path.relative_to(ROOT))] = inner - {package}
    return found


def test_imports_point_inward_only() -> None:
    wrong = {
        module: sorted(inner - allowed)
        for package, allowed in ALLOWED.items()
        for module, inner in imported_packages(package).items()
        if inner - allowed
    }
    assert wrong == {}
