"""Imports flow one way: cms and reporting -> grants -> portfolio (docs/architecture.md).

Read from the source with ``ast``, so a forbidden import fails here even in a module no test
imports. The project package's settings and URL configuration are the one allowed exception:
they compose the apps (``portfolio/settings/``, ``portfolio/urls.py``).
"""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("portfolio", "grants", "reporting", "cms")
# app -> apps it must not import
FORBIDDEN = {
    "portfolio": {"grants", "reporting", "cms"},
    "grants": {"reporting", "cms"},
    "reporting": {"cms"},
    "cms": {"reporting"},
}
COMPOSITION = {ROOT / "portfolio" / "urls.py", ROOT / "portfolio" / "settings"}


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found.update(name.split(".")[0] for name in names if name.split(".")[0] in APPS)
    return found


def sources(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if any(part in COMPOSITION for part in (path, *path.parents)):
            continue
        yield path


@pytest.mark.parametrize("app", APPS)
def test_imports_flow_one_way(app):
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) & FORBIDDEN[app])
        for path in sources(app)
        if imported_apps(path) & FORBIDDEN[app]
    }
    assert offenders == {}


def test_the_checker_sees_imports(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import grants.models\nfrom cms.selectors import x\nfrom . import local\nimport os\n")
    assert imported_apps(sample) == {"grants", "cms"}
