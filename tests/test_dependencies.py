"""Dependencies: every range stops before the next major version, the linter is pinned, and what
is installed is exactly requirements.lock (which CI and `make install` install from)."""

import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def _requirements() -> list[Requirement]:
    listed = PROJECT["project"]["dependencies"]
    for extra in PROJECT["project"]["optional-dependencies"].values():
        listed = listed + extra
    return [Requirement(line) for line in listed]


def _locked() -> dict[str, str]:
    lines = (ROOT / "requirements.lock").read_text().splitlines()
    pins = [line for line in lines if line and not line.startswith("#")]
    assert all(line.count("==") == 1 for line in pins), "every line of the lock pins a version"
    return {canonicalize_name(name): version for name, version in (p.split("==") for p in pins)}


def test_every_dependency_has_an_upper_bound_and_the_linter_is_pinned():
    for requirement in _requirements():
        operators = {spec.operator for spec in requirement.specifier}
        assert operators & {"<", "==", "~="}, f"{requirement} has no upper bound"
    (ruff,) = [r for r in _requirements() if r.name == "ruff"]
    assert [spec.operator for spec in ruff.specifier] == ["=="]


def test_the_lock_pins_every_dependency_within_its_range():
    locked = _locked()
    for requirement in _requirements():
        version = locked.get(canonicalize_name(requirement.name))
        assert version, f"{requirement.name} is not in requirements.lock"
        assert requirement.specifier.contains(version, prereleases=True), (requirement, version)


def test_what_is_installed_is_the_lock():
    for name, version in _locked().items():
        assert metadata.version(name) == version, name


def test_packaging_metadata_uses_the_current_forms():
    assert isinstance(PROJECT["project"]["license"], str)  # an SPDX expression, not a table
    (setuptools,) = [Requirement(r) for r in PROJECT["build-system"]["requires"]]
    assert setuptools.specifier.contains("77.0.0") and not setuptools.specifier.contains("76.9")
