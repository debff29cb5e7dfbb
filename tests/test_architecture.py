"""The package layering, checked on the source with ast: every import of every module (function-level
imports included) is an edge; no loop between extraction's packages, and the core (reading ->
records) reaches nothing of the evaluation, annotation, exploration, review, CLI or benchmark code."""
import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "extraction"
NOT_CORE = ("evaluating", "annotating", "exploring", "reviewing", "cli", "bench", "training", "__main__")


def _name(path: Path) -> str:
    parts = path.relative_to(PKG.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """module -> the extraction modules it imports anywhere in its code."""
    files = {_name(p): p for p in PKG.rglob("*.py")}
    graph = {}
    for mod, path in files.items():
        package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
        out = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
                mod_from = ".".join(base + ([node.module] if node.module else []))
                # "from .. import resources" imports the module extraction.resources
                targets = [f"{mod_from}.{a.name}" if f"{mod_from}.{a.name}" in files else mod_from for a in node.names]
            else:
                continue
            for t in targets:
                while t not in files and "." in t:
                    t = t.rpartition(".")[0]
                if t in files and t != mod:
                    out.add(t)
        graph[mod] = out
    return graph


def _unit(mod: str) -> str:
    """The package (or top-level module) a module belongs to: extraction.<first part>."""
    return ".".join(mod.split(".")[:2])


def _reach(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for nxt in graph.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def test_the_graph_sees_function_level_imports():
    g = import_graph()
    # both are imports inside functions (the CLI's commands, the training's scores)
    assert "extraction.training" in g["extraction.cli"]
    assert "extraction.evaluating.lofo" in g["extraction.training"]


def test_no_import_loop_between_packages():
    units: dict[str, set[str]] = {}
    for mod, outs in import_graph().items():
        units.setdefault(_unit(mod), set()).update(_unit(o) for o in outs if _unit(o) != _unit(mod))
    loops = sorted({u for u in units if u in _reach(units, u)})
    assert not loops, "packages in an import loop: " + ", ".join(loops) + "; " + "; ".join(
        f"{u} -> {sorted(v for v in units[u] if u in _reach(units, v))}" for u in loops)


def test_the_core_reaches_no_tooling():
    g = import_graph()
    core = _reach(g, "extraction.pipeline") | _reach(g, "extraction.batch") | {"extraction.pipeline"}
    bad = sorted(m for m in core if m.split(".")[1] in NOT_CORE)
    assert not bad, f"the core imports {bad}"


def test_the_grid_reader_never_edits_records():
    g = import_graph()
    assert "extraction.record" not in g["extraction.tables.grids"]
    src = (PKG / "tables" / "grids.py").read_text(encoding="utf-8")
    assert ".extra" not in src


def test_the_readme_tree_names_every_package_and_module():
    readme = (PKG.parent / "README.md").read_text(encoding="utf-8")
    start = readme.index("```\nextraction/\n")
    tree = readme[start:readme.index("```", start + 3)]
    names = {p.name + "/" for p in PKG.iterdir() if (p / "__init__.py").is_file()}
    names |= {p.name for p in PKG.glob("*.py") if p.name not in ("__init__.py", "__main__.py")}
    missing = sorted(n for n in names if n not in tree)
    assert not missing, f"README's 'How it works' tree lacks {missing}"


# one definition of each job of the tables wing (issue 25): the names of the one finder, and
# the names the second copies had
ONE_PLACE = {"header_runs": "extraction.tables.headers", "role_of": "extraction.tables.headers",
             "is_header": "extraction.tables.headers", "fix_names": "extraction.tables.headers",
             "ends_table": "extraction.tables.rows", "row_from_cells": "extraction.tables.rows",
             "records_from_row": "extraction.assembling"}
SECOND_COPIES = ("find_headers", "_is_header", "fix_roles", "role_by_head", "_ends_table", "read_stream_header")


def test_each_table_job_is_defined_once():
    defined: dict[str, list[str]] = {}
    for path in PKG.rglob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:  # (module-level functions)
            if isinstance(node, ast.FunctionDef):
                defined.setdefault(node.name, []).append(_name(path))
    for name, home in ONE_PLACE.items():
        assert defined.get(name) == [home], f"{name} defined in {defined.get(name)}, not once in {home}"
    assert not [n for n in SECOND_COPIES if n in defined]
    readers = sorted(_name(p) for p in PKG.rglob("*.py") if "(\"header_words.tsv\")" in p.read_text(encoding="utf-8"))
    assert readers == ["extraction.tables.headers"], f"the header vocabulary is read in {readers}"


def test_cells_become_a_row_in_one_place():
    # every reader and model (line reader, grid reader, transposed tables, the cell model) builds
    # its rows with tables.rows.row_from_cells: the fill-down and the numeral before a name once
    builders = []
    for path in PKG.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "TableRow":
                builders.append(_name(path))
    assert builders == ["extraction.tables.rows"], f"TableRow built in {builders}"


def test_model_mode_reads_each_document_into_cells_once(monkeypatch):
    import extraction.structure as structure
    import extraction.tables.reader as reader
    from extraction.pipeline import run
    from extraction.reading import read_document

    doc = read_document(PKG.parent / "annotations" / "filings" / "004_1ffb94c558d09361.txt")
    calls = {"cells": 0, "headers": 0}

    def counted(key, fn):
        def wrapper(text, *args, **kwargs):
            # (the statement CRF reads a text of its own: the statement cells, all else blanked)
            calls[key] += text == doc.text
            return fn(text, *args, **kwargs)
        return wrapper

    monkeypatch.setattr(reader, "cell_stream", counted("cells", reader.cell_stream))
    headers = counted("headers", reader.header_runs)
    monkeypatch.setattr(reader, "header_runs", headers)
    monkeypatch.setattr(structure, "header_runs", headers)
    assert run(doc, "model").records
    assert calls == {"cells": 1, "headers": 1}


MAX_FUNCTION_IMPORTS = 30


def test_project_imports_are_at_the_top_unless_a_comment_gives_the_reason():
    """Issue 25: at most 30 function-level imports of the project's own modules, each with a comment
    on its line naming the cycle or the cost it avoids."""
    found, silent = [], []
    for path in PKG.rglob("*.py"):
        src = path.read_text(encoding="utf-8")
        lines = src.split("\n")
        for fn in ast.walk(ast.parse(src)):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(fn):
                if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("extraction")):
                    where = f"{path.relative_to(PKG)}:{node.lineno}"
                    found.append(where)
                    if "#" not in " ".join(lines[node.lineno - 1:node.end_lineno]):
                        silent.append(where)
    assert len(found) <= MAX_FUNCTION_IMPORTS, found
    assert not silent, f"function-level imports with no reason given: {silent}"
