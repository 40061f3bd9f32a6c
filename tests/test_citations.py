"""Every module path and dotted name cited in README.md, docs/*.md and the docstrings and
comments of the package, the tests, the tools and the benchmarks exists.

A reader follows these names to the code; a renamed module must not leave a dead
signpost. Two kinds of citation are checked:
- a path such as `core/smtp/check.py`, `ui/kit/` or `tests/servers/smtp.py`: its first
  folder is one of the repository's (or the package's) top folders, or it ends in .py; it
  exists when some file or folder of the repository ends with those path parts (so
  `store/files.py`, cited from inside core/, counts, and `core/files.py` does not);
- a dotted name such as `core.smtp.replies`, `core.erp_profile.sender_findings` or
  `a2k_settings_gui.ui.kit.worker.shutdown_workers`: it is imported from the INSTALLED
  package, the module part first, then the attributes.
"""

from __future__ import annotations

import ast
import importlib
import io
import re
import tokenize
from functools import lru_cache
from pathlib import Path

import a2k_settings_gui

CHECKOUT = Path(__file__).resolve().parents[1]
PACKAGE = Path(a2k_settings_gui.__file__).resolve().parent
TOP_FOLDERS = {"a2k_settings_gui", "core", "ui", "cli", "tests", "tools", "benchmarks",
               "docs", "packaging", "resources", ".ci", ".github"}
SKIPPED_FOLDERS = {".git", "build", "dist", ".venv-ci", "__pycache__"}

URL = re.compile(r"[a-z][a-z0-9+.-]*://\S+|www\.\S+", re.IGNORECASE)
TOKEN = re.compile(r"[^\s`'\"()\[\],;:<>|=]+")
PATH = re.compile(r"\.?[a-z0-9_][a-z0-9_.-]*(?:/[a-z0-9_][a-z0-9_.-]*)*/?")
DOTTED = re.compile(r"(?:a2k_settings_gui\.)?(?:core|ui|cli)(?:\.[A-Za-z_][A-Za-z0-9_]*)+")


@lru_cache(maxsize=1)
def repository_paths() -> tuple[tuple[str, ...], ...]:
    """Every file and folder of the checkout and the installed package, as path parts."""
    found: set[tuple[str, ...]] = set()
    for root in (CHECKOUT, PACKAGE.parent):
        for path in root.rglob("*"):
            parts = path.relative_to(root).parts
            if not parts or SKIPPED_FOLDERS & set(parts) or parts[0].endswith(".egg-info"):
                continue
            found.add(parts)
    return tuple(found)


def path_exists(cited: str) -> bool:
    parts = tuple(p for p in cited.strip("/").split("/") if p)
    # A module cited with an attribute (tests/servers/dns_zones.spf_fanout_zone) or
    # without its .py (tests/__init__) is the module.
    stem, _dot, _attribute = parts[-1].partition(".")
    for wanted in (parts, (*parts[:-1], f"{parts[-1]}.py"), (*parts[:-1], f"{stem}.py")):
        if any(candidate[-len(wanted):] == wanted for candidate in repository_paths()
               if len(candidate) >= len(wanted)):
            return True
    return False


def dotted_exists(cited: str) -> bool:
    name = cited if cited.startswith("a2k_settings_gui.") else f"a2k_settings_gui.{cited}"
    parts = name.split(".")
    for split in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for attribute in parts[split:]:
            if not hasattr(target, attribute):
                return False
            target = getattr(target, attribute)
        return True
    return False


def citations(text: str) -> list[str]:
    """The paths and dotted names in `text` that must exist."""
    found = []
    for token in TOKEN.findall(URL.sub(" ", text)):
        token = token.rstrip(".")
        if any(mark in token for mark in "*{$%~\\@"):
            continue  # a glob, a template, a variable or an address: not one name
        if "/" in token and PATH.fullmatch(token):
            if token.split("/", 1)[0] in TOP_FOLDERS or token.endswith(".py"):
                found.append(token)
        elif DOTTED.fullmatch(token) and not token.endswith(".py"):
            found.append(token)
    return found


def documents() -> list[Path]:
    return [CHECKOUT / "README.md", *sorted((CHECKOUT / "docs").glob("*.md"))]


def python_files() -> list[Path]:
    files = sorted(PACKAGE.rglob("*.py"))
    for folder in ("tests", "tools", "benchmarks"):
        files += sorted((CHECKOUT / folder).rglob("*.py"))
    # This file names dead citations on purpose, to prove the check fails on them.
    return [path for path in files if path.resolve() != Path(__file__).resolve()]


def prose_of(path: Path) -> str:
    """A module's docstrings and comments: what a reader reads as words."""
    source = path.read_text(encoding="utf-8")
    pieces = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            docstring = ast.get_docstring(node, clean=False)
            if docstring:
                pieces.append(docstring)
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            pieces.append(token.string)
    return "\n".join(pieces)


def broken(cited: str) -> bool:
    if "/" in cited:
        return not path_exists(cited)
    return not dotted_exists(cited)


def test_the_checks_can_fail():
    assert broken("core/smtp_replies.py") and broken("core/files.py")
    assert broken("core.smtp_test") and broken("core.store.no_such_name")
    assert not broken("core/smtp/replies.py") and not broken("store/files.py")
    assert not broken("core.erp_profile.sender_findings") and not broken("ui/kit/")
    assert citations("see `core/smtp_replies.py` and core.smtp_test.") == [
        "core/smtp_replies.py", "core.smtp_test"]
    assert citations("https://example.com/core/x.py and SSL/TLS and/or docs/x-*.png") == []
    assert not broken("tests/__init__") and not broken("tests/servers/dns_zones.spf_fanout_zone")


def test_the_readme_and_the_docs_cite_only_what_exists():
    dead = {str(path.relative_to(CHECKOUT)): sorted({c for c in citations(
        path.read_text(encoding="utf-8")) if broken(c)}) for path in documents()}
    dead = {where: names for where, names in dead.items() if names}
    assert not dead, f"cited but missing: {dead}"


def test_docstrings_and_comments_cite_only_what_exists():
    dead = {}
    for path in python_files():
        names = sorted({c for c in citations(prose_of(path)) if broken(c)})
        if names:
            dead[str(path)] = names
    assert not dead, f"cited but missing: {dead}"


def test_comments_state_the_rule_not_an_issue_number():
    """An issue number of this project's tracker means nothing to a reader of a clone."""
    tracker = re.compile(r"\bissues? (?:\d|[a-z]+ \d)", re.IGNORECASE)
    cited = {str(path): tracker.findall(prose_of(path)) for path in python_files()}
    assert not {where: found for where, found in cited.items() if found}
