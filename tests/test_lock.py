"""The lock files agree with pyproject.toml: every declared dependency is pinned at a
version its range allows, and nothing is pinned for the project that it no longer
declares. After changing dependencies: `make lock` (README, "Developing")."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def pins(lock: Path) -> tuple[dict[str, str], set[str]]:
    """name -> pinned version, and the names pip-compile pinned for the project itself."""
    versions: dict[str, str] = {}
    direct: set[str] = set()
    current = None
    for line in lock.read_text().splitlines():
        if match := PIN.match(line):
            current = canonicalize_name(match[1])
            versions[current] = match[2]
        elif current and re.search(r"#\s+(via )?pressroom \(pyproject\.toml\)", line):
            direct.add(current)
    return versions, direct


def declared(extras: tuple[str, ...]) -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    found = [Requirement(r) for r in project["dependencies"]]
    for extra in extras:
        found += [Requirement(r) for r in project["optional-dependencies"][extra]]
    return [r for r in found if r.marker is None or r.marker.evaluate()]


@pytest.mark.parametrize(
    ("lock", "extras"), [("requirements.lock", ()), ("requirements-test.lock", ("test",))]
)
def test_lock_matches_pyproject(lock: str, extras: tuple[str, ...]) -> None:
    versions, direct = pins(REPO / lock)
    wanted = {canonicalize_name(r.name): r for r in declared(extras)}
    missing = sorted(set(wanted) - set(versions))
    assert not missing, f"{lock} lacks {missing}: run `make lock`"
    outside = sorted(
        f"{name}=={versions[name]} ({req.specifier})"
        for name, req in wanted.items()
        if not req.specifier.contains(versions[name], prereleases=True)
    )
    assert not outside, f"{lock} pins outside pyproject's ranges: {outside}: run `make lock`"
    stale = sorted(direct - set(wanted))
    assert not stale, f"{lock} still pins {stale} for the project: run `make lock`"


def test_the_parser_sees_the_pins() -> None:
    versions, direct = pins(REPO / "requirements-test.lock")
    assert versions["flask"] and "flask" in direct and "pytest" in direct
    assert "werkzeug" in versions and "werkzeug" not in direct  # only through Flask
