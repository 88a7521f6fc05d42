"""The layout a newcomer relies on: imports run one way (loadtest, distribution → articles →
media → newsroom), and modules and functions stay short enough to read in one go."""

import ast
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
PACKAGES = ("newsroom", "media", "articles", "distribution", "loadtest", "tests")
# Which of the project's own packages each one may import.
MAY_IMPORT = {
    "newsroom": {"newsroom"},
    "media": {"media", "newsroom"},
    "articles": {"articles", "media", "newsroom"},
    "distribution": {"distribution", "articles", "media", "newsroom"},
    "loadtest": {"loadtest", "articles", "media", "newsroom"},
}
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 40
# Functions left longer on purpose, each with the reason.
LONGER_BY_CHOICE: dict[str, str] = {}


def _modules(package: str):
    for path in sorted((PROJECT / package).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def _imported_packages(path: Path) -> set[str]:
    imported = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            imported.add(node.module.split(".")[0])
    return imported & set(PACKAGES)


@pytest.mark.parametrize("package", sorted(MAY_IMPORT))
def test_imports_run_one_way(package):
    wrong = {
        str(path.relative_to(PROJECT)): sorted(_imported_packages(path) - MAY_IMPORT[package])
        for path in _modules(package)
    }
    assert {path: names for path, names in wrong.items() if names} == {}


def test_modules_stay_under_the_limit():
    long_modules = {
        str(path.relative_to(PROJECT)): lines
        for package in PACKAGES
        for path in _modules(package)
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long_modules == {}


def _functions(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node.name, node.end_lineno - node.lineno + 1


def test_functions_stay_under_the_limit():
    long_functions = {
        f"{path.relative_to(PROJECT)}:{name}": lines
        for package in PACKAGES
        for path in _modules(package)
        for name, lines in _functions(path)
        if lines > MAX_FUNCTION_LINES
    }
    assert {key: n for key, n in long_functions.items() if key not in LONGER_BY_CHOICE} == {}
    assert set(LONGER_BY_CHOICE) <= set(long_functions), "an exception that is no longer needed"


def test_the_checks_see_a_wrong_import_and_a_long_function(tmp_path):
    module = tmp_path / "wrong.py"
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    module.write_text(f"from articles.models import Article\n\n\ndef long():\n{body}\n")
    assert _imported_packages(module) == {"articles"}
    assert dict(_functions(module)) == {"long": MAX_FUNCTION_LINES + 1}
