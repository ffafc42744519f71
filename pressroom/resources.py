"""Where the application's files live: templates/, static/, translations/ and migrations/.

They stay at the top of the repository (a source checkout, `make run`, an editable install
read them there); a wheel carries a copy under `pressroom/_resources/` (setup.py's build
step, which also compiles the catalogs), so `pip install .` runs without the checkout.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
SOURCE_ROOT = PACKAGE_DIR.parent
BUNDLED = PACKAGE_DIR / "_resources"
NAMES = ("templates", "static", "translations", "migrations")


def installed() -> bool:
    """True in a non-editable install (the wheel's copy exists), False in a checkout."""
    return BUNDLED.is_dir()


def resource_dir(name: str) -> Path:
    """The directory `name` (one of NAMES): the wheel's copy, else the repository's."""
    if name not in NAMES:
        raise ValueError(f"unknown resource directory {name!r}")
    return (BUNDLED if installed() else SOURCE_ROOT) / name


def default_instance_dir() -> Path:
    """./instance of the checkout; for an installed package, of the working directory."""
    return (Path.cwd() if installed() else SOURCE_ROOT) / "instance"
