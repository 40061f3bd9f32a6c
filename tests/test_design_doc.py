"""docs/DESIGN.md lists every finding code the program can emit, with its meaning.

The codes are read from the INSTALLED package's source (what the wheel ships), by its
syntax tree, wherever a code is given:
- the first argument of a call to anything whose first parameter or field is `code`
  (Finding and its subclasses, the reply catalogue's D/Diagnosis, ImapProblem,
  DecodeProblem, …: found by reading their definitions, so a new factory is covered too);
- a `code=` keyword, a `"code": ...` dict entry, an assignment to a variable `code`;
- both branches of a conditional expression there, and for a code looked up in a
  module-level table every string of that table and the lookup's default. An f-string
  such as
  f"{method}_fail" becomes a pattern; the page must list at least one code of its shape
  and every concrete code the pattern stands for is listed by hand in the table.
"""

from __future__ import annotations

import ast
import re
from functools import lru_cache
from pathlib import Path

import a2k_settings_gui

PACKAGE = Path(a2k_settings_gui.__file__).resolve().parent
DESIGN = Path(__file__).resolve().parents[1] / "docs" / "DESIGN.md"
CODE_SHAPE = re.compile(r"[a-z][a-z0-9_]*")
PATTERN_SHAPE = re.compile(r"(?:[a-z0-9_]*\{\}[a-z0-9_]*)+")


def _trees() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text(encoding="utf-8"))
            for path in sorted(PACKAGE.rglob("*.py"))}


def _first_parameter(node: ast.AST) -> str | None:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        names = [a.arg for a in node.args.posonlyargs + node.args.args
                 if a.arg not in ("self", "cls")]
        return names[0] if names else None
    return None


def code_takers(trees: dict[Path, ast.Module]) -> set[str]:
    """Names of the functions and classes whose first parameter or field is `code`, and
    the subclasses of those classes."""
    names: set[str] = set()
    for _round in range(4):  # subclasses of subclasses
        for tree in trees.values():
            for node in ast.walk(tree):
                if _first_parameter(node) == "code":
                    names.add(node.name)  # type: ignore[attr-defined]
                if not isinstance(node, ast.ClassDef):
                    continue
                fields = [n.target.id for n in node.body
                          if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)]
                inits = [n for n in node.body
                         if isinstance(n, ast.FunctionDef) and n.name == "__init__"]
                bases = {getattr(b, "id", getattr(b, "attr", "")) for b in node.bases}
                if (fields[:1] == ["code"] or bases & names
                        or (inits and _first_parameter(inits[0]) == "code")):
                    names.add(node.name)
    return names


def _values(node: ast.AST, tables: dict[str, ast.AST]):
    """The strings a code expression can take: a literal, both branches of a conditional,
    an f-string (as a pattern), and for a code looked up in a module-level table
    (TABLE[key], TABLE.get(key, default), next((... in TABLE ...), default)) every string
    of that table and the default."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.IfExp):
        yield from _values(node.body, tables)
        yield from _values(node.orelse, tables)
    elif isinstance(node, ast.BoolOp):
        for value in node.values:
            yield from _values(value, tables)
    elif isinstance(node, ast.JoinedStr):
        yield "".join(part.value if isinstance(part, ast.Constant) else "{}"
                      for part in node.values)
    elif isinstance(node, ast.Name) and node.id in tables:
        yield from (c.value for c in ast.walk(tables[node.id])
                    if isinstance(c, ast.Constant) and isinstance(c.value, str))
    elif isinstance(node, ast.Subscript):
        yield from _values(node.value, tables)
    elif isinstance(node, ast.Call):
        callee = node.func
        if isinstance(callee, ast.Name) and callee.id == "next" and node.args:
            for inner in ast.walk(node.args[0]):
                if isinstance(inner, ast.Name):
                    yield from _values(inner, tables)
            for default in node.args[1:]:
                yield from _values(default, tables)
        elif isinstance(callee, ast.Attribute) and callee.attr == "get":
            yield from _values(callee.value, tables)
            for default in node.args[1:]:
                yield from _values(default, tables)


def _module_constants(tree: ast.Module) -> dict[str, ast.AST]:
    """Module-level NAME = <literal table> assignments (tuples, dicts, lists)."""
    return {target.id: node.value for node in tree.body if isinstance(node, ast.Assign)
            and isinstance(node.value, (ast.Tuple, ast.Dict, ast.List))
            for target in node.targets if isinstance(target, ast.Name)}


@lru_cache(maxsize=1)
def emitted_codes() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """({code: files}, {pattern: files}) for every code the package can emit."""
    trees = _trees()
    takers = code_takers(trees)
    codes: dict[str, set[str]] = {}
    patterns: dict[str, set[str]] = {}
    for path, tree in trees.items():
        where = str(path.relative_to(PACKAGE))
        constants = _module_constants(tree)
        for node in ast.walk(tree):
            given: list[ast.AST] = []
            if isinstance(node, ast.Call):
                callee = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if callee in takers and node.args:
                    given.append(node.args[0])
                given += [k.value for k in node.keywords if k.arg == "code"]
            elif isinstance(node, ast.Assign):
                if any(isinstance(t, ast.Name) and t.id == "code" for t in node.targets):
                    given.append(node.value)
            elif isinstance(node, ast.Dict):
                given += [v for k, v in zip(node.keys, node.values, strict=True)
                          if isinstance(k, ast.Constant) and k.value == "code"]
            for expression in given:
                for value in _values(expression, constants):
                    if CODE_SHAPE.fullmatch(value):
                        codes.setdefault(value, set()).add(where)
                    elif PATTERN_SHAPE.fullmatch(value):
                        patterns.setdefault(value, set()).add(where)
    return codes, patterns


def documented_codes() -> set[str]:
    """The codes in the first column of the tables under "## Finding codes"."""
    text = DESIGN.read_text(encoding="utf-8")
    section = text.split("\n## Finding codes", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([a-z][a-z0-9_]*)` \| \S", section, re.MULTILINE))


def test_the_scan_finds_codes_of_every_kind_of_source():
    """The scan itself can fail: it must see codes made each way the package makes them."""
    codes, patterns = emitted_codes()
    for code in ("spf_missing",  # DomainFinding(...)
                 "auth_failed",  # the reply catalogue's D(...)
                 "imap_unreachable",  # ImapProblem(...), an exception taking a code
                 "test_email_sent",  # code = "..." then Finding(code, ...)
                 "settings_read_only",  # a conditional expression
                 "other_message",  # a {"code": ...} dict in the ui
                 "erp_login_differs", "hotlink_blocked", "exceeds_daily_limit"):
        assert code in codes, code
    assert {"{}_fail", "{}_not_aligned", "settings_{}"} <= set(patterns)
    assert len(codes) > 120
    table = {"CAUSES": ast.parse('(("too many", "spf_too_many_lookups"),)', mode="eval").body}

    def values(source: str) -> set[str]:
        return set(_values(ast.parse(source, mode="eval").body, table))

    assert values('next((c for w, c in CAUSES if w in t), "spf_syntax_error")') >= {
        "spf_too_many_lookups", "spf_syntax_error"}
    assert values('getattr(exc, "verify_code", None)') == set()  # a name, not a code


def test_every_code_the_program_can_emit_is_listed_with_its_meaning():
    codes, _patterns = emitted_codes()
    missing = {code: sorted(files) for code, files in codes.items()
               if code not in documented_codes()}
    assert not missing, (
        "finding codes missing from docs/DESIGN.md (## Finding codes: add a row "
        f"| `code` | meaning |): {missing}")


def test_every_code_pattern_has_its_codes_listed():
    _codes, patterns = emitted_codes()
    documented = documented_codes()
    for pattern, files in patterns.items():
        shape = re.compile(re.escape(pattern).replace(r"\{\}", "[a-z0-9_]+"))
        assert any(shape.fullmatch(code) for code in documented), (
            f"no code of the shape {pattern!r} ({sorted(files)}) in docs/DESIGN.md")


def test_every_listed_code_is_emitted_or_planned():
    """The page stays true the other way too: a code the program no longer emits goes."""
    codes, patterns = emitted_codes()
    shapes = [re.compile(re.escape(p).replace(r"\{\}", "[a-z0-9_]+")) for p in patterns]
    stale = {code for code in documented_codes()
             if code not in codes and not any(s.fullmatch(code) for s in shapes)}
    assert not stale, f"docs/DESIGN.md lists codes nothing emits: {sorted(stale)}"
