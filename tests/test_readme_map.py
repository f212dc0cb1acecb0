"""The README's module map (For developers → The module map) matches the tree: every module and folder it names
exists where it says, every package has a line, and every module of the app is named."""
from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
APP = ("cchc", "etl", "web", "deploy", "pages")
_TOKEN = re.compile(r"`([\w./<>-]+)`")


def _map() -> list[tuple[Path, list[str]]]:
    """Each bullet of the map: the folder it is about (its first token ending in "/", else its parent bullet's
    folder, else the project) and the file and folder names it gives."""
    section = README.split("### The module map", 1)[1].split("\n### ", 1)[0]
    bullets: list[list[str]] = []
    for line in section.splitlines():
        if re.match(r"^\s*- ", line):
            bullets.append([line])
        elif bullets and line.startswith(" "):
            bullets[-1].append(line)
    found, parents = [], {}
    for lines in bullets:
        depth = len(lines[0]) - len(lines[0].lstrip())
        names = [t for t in _TOKEN.findall(" ".join(lines)) if "." in t or t.endswith("/")]
        own = next((n for n in names[:1] if n.endswith("/") and "/" in n.rstrip("/")), None)
        top = next((n for n in names[:1] if n.endswith("/")), None) if depth == 0 else None
        folder = PROJECT_ROOT / (own or top or "") if (own or top) else parents.get(depth - 2, PROJECT_ROOT)
        parents[depth] = folder
        found.append((folder, [n for n in names if PROJECT_ROOT / n != folder]))
    return found


def _named() -> tuple[set[Path], list[str]]:
    """The paths the map names, and the names it gives that are not where it says."""
    paths, missing = set(), []
    for folder, names in _map():
        if not folder.is_dir():
            missing.append(f"{folder.relative_to(PROJECT_ROOT)}/")
        paths.add(folder)
        for name in names:
            at = [p for p in (folder / name, PROJECT_ROOT / name) if p.exists()] or \
                 [p for p in folder.rglob(name.rstrip("/")) if "__pycache__" not in p.parts]
            if at:
                paths.update(at)
            else:
                missing.append(f"{name} (under {folder.relative_to(PROJECT_ROOT)})")
    return paths, missing


def test_every_module_the_map_names_exists():
    assert _named()[1] == []


def test_every_package_has_a_line():
    paths = _named()[0]
    packages = {p.parent for name in APP for p in (PROJECT_ROOT / name).rglob("__init__.py")} | {PROJECT_ROOT / "pages"}
    assert sorted(p.relative_to(PROJECT_ROOT).as_posix() for p in packages - paths) == []


def test_every_module_of_the_app_is_named():
    paths = _named()[0]
    modules = {p for name in APP for p in (PROJECT_ROOT / name).rglob("*.py")
               if p.name != "__init__.py" and "migrations" not in p.parts and "__pycache__" not in p.parts}
    assert sorted(p.relative_to(PROJECT_ROOT).as_posix() for p in modules - paths) == []
