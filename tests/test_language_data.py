"""Language is data: the Chinese words the code relies on live in extraction/resources/, read once;
at most 15 string literals with Chinese characters are left in extraction's Python code
(docstrings and comments aside)."""
import ast
import re
from pathlib import Path

from extraction import resources
from extraction.prose.rules import DATE_UNITS, MONEY_UNITS

PKG = Path(__file__).resolve().parents[1] / "extraction"
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
MAX_LITERALS = 15


def chinese_literals(pkg: Path = PKG) -> list[str]:
    """file:line of each string literal written with Chinese characters in its source (an
    f-string counts once; docstrings do not count)."""
    out = []
    for path in sorted(pkg.rglob("*.py")):
        src = path.read_text(encoding="utf-8")
        tree = ast.parse(src)
        skip = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
                first = node.body[0]
                if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                    skip.add(id(first.value))
            if isinstance(node, ast.JoinedStr):
                skip.update(id(v) for v in node.values)
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            if isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                # (the source segment is what counts, but finding it costs a pass over the file: only
                # literals whose value holds such characters are looked up; one written as written has)
                value = node.value if isinstance(node, ast.Constant) else ast.unparse(node)
                if HAN.search(value) and HAN.search(ast.get_source_segment(src, node) or ""):
                    out.append(f"{path.relative_to(pkg)}:{node.lineno}")
    return out


def test_at_most_15_chinese_literals_in_code():
    found = chinese_literals()
    assert len(found) <= MAX_LITERALS, f"{len(found)} Chinese string literals in code: {found}"


def test_the_counter_sees_literals_and_skips_docstrings(tmp_path):
    (tmp_path / "m.py").write_text('"""模块说明"""\nA = "万元"\nB = f"{A}以上"\n\n\ndef f():\n    """说明"""\n'
                                   '    return "\\u4e00"  # 注释\n', encoding="utf-8")
    assert chinese_literals(tmp_path) == ["m.py:2", "m.py:3"]


def test_units_and_markers_come_from_the_data_files():
    # money and date units (prose rules and the model's plausibility filter share them)
    assert MONEY_UNITS == {"元", "万元"} and {"年", "月", "季度"} <= DATE_UNITS
    assert resources.markers("department") == ("部门整体", "整体绩效目标")
    assert resources.marker("numeral_chars").startswith("零〇一二")
    # read once: the same object on every call
    assert resources.money_units() is resources.money_units()


def test_every_resource_table_is_read_once():
    """The language data is read from disk once: each loader returns the same object when called
    again (a loader that lost its cache read levels.tsv thousands of times per batch)."""
    import inspect

    from extraction import resources

    loaders = [f for name, f in inspect.getmembers(resources, callable)
               if getattr(f, "__module__", None) == resources.__name__ and not name.startswith("_")
               and not isinstance(f, type) and not inspect.signature(f).parameters]
    assert len(loaders) >= 5
    for f in loaders:
        assert f() is f(), f"{f.__name__} reads its file again on every call"
