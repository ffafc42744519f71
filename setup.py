"""Build step only (the metadata is in pyproject.toml): a wheel carries templates/, static/,
translations/ (with compiled .mo catalogs) and migrations/ under pressroom/_resources/, so a
non-editable install finds them (pressroom/resources.py). An editable install reads them at
the repository root and copies nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
RESOURCES = ("templates", "static", "translations", "migrations")
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo")


class BuildWithResources(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        target = Path(self.build_lib) / "pressroom" / "_resources"
        shutil.rmtree(target, ignore_errors=True)  # build/ outlives a build: start afresh
        for name in RESOURCES:
            shutil.copytree(ROOT / name, target / name, ignore=SKIP)
        _compile_catalogs(target / "translations")


def _compile_catalogs(directory: Path) -> None:
    """messages.po -> messages.mo, as `pybabel compile` does (fuzzy entries left out)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in directory.glob("*/LC_MESSAGES/messages.po"):
        with po.open("rb") as source:
            catalog = read_po(source, locale=po.parent.parent.name)
        with po.with_suffix(".mo").open("wb") as target:
            write_mo(target, catalog)


setup(cmdclass={"build_py": BuildWithResources})
