"""The pre-commit hooks run what `make lint` runs (and so what CI runs)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]


def _lint_commands() -> set[str]:
    makefile = (REPO / "Makefile").read_text()
    recipe = re.search(r"^lint:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert recipe, "Makefile has no lint target"
    return {
        " ".join(line.split()[:2]).replace("$(VENV)", ".venv") for line in recipe[1].splitlines()
    }


def test_pre_commit_mirrors_make_lint() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    entries = {" ".join(hook["entry"].split()[:2]) for hook in hooks}
    missing = _lint_commands() - entries  # compared by program and subcommand
    assert not missing, f"make lint runs {missing}, pre-commit does not"
    assert all(hook["language"] == "system" for hook in hooks)  # the venv's pinned tools
