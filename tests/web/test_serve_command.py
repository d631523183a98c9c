"""`backstretch serve`: this machine only unless told otherwise, and a light start for others."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from backstretch.cli.main import cli


def test_serving_beyond_this_machine_needs_allow_remote(home: Path) -> None:
    result = CliRunner().invoke(
        cli, ["--home", str(home), "serve", "--host", "0.0.0.0"], standalone_mode=False
    )
    assert isinstance(result.exception, Exception)
    assert "--allow-remote" in str(result.exception)


def test_the_help_lists_serve_without_loading_the_web_stack() -> None:
    probe = (
        "import sys\n"
        "from backstretch.cli.main import main\n"
        "sys.argv = ['backstretch', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "loaded = [n for n in ('fastapi', 'starlette', 'uvicorn', 'jinja2') if n in sys.modules]\n"
        "print(','.join(loaded), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert "serve" in result.stdout
    assert result.stderr.strip() == ""
