"""The pipeline's stages import only earlier stages: readers → structure → linking → writers → site."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "kamervragen"

# Each stage, by module path under kamervragen; a stage may import its own and earlier stages only.
STAGES: tuple[tuple[str, ...], ...] = (
    # shared vocabulary and text tools every stage may use
    (
        "diagnostics",
        "model",
        "dates",
        "escape",
        "urls",
        "wordnumbers",
        "usercache",
        "wordlists",
        "hyphenpatterns",
        "hyphenation",
        "source",
        "conservation",
        "docx_words",
        "reading",
        "processes",
        "corrections",
        "files",
    ),
    ("fetch",),  # an input stage: the open data into content/ (it reads no letter)
    ("readers",),
    ("structure",),
    ("linking",),
    ("writers",),
    ("convert", "cache"),
    ("site", "preview", "cli", "__main__"),
)


def _stage(module: str) -> int:
    for index, names in enumerate(STAGES):
        if any(module == n or module.startswith(n + ".") for n in names):
            return index
    raise AssertionError(f"module kamervragen.{module} belongs to no stage: add it to STAGES")


def _modules() -> list[str]:
    return sorted(
        ".".join(p.relative_to(PACKAGE).with_suffix("").parts).removesuffix(".__init__").removesuffix("__init__")
        for p in PACKAGE.rglob("*.py")
    )


def _imports(module: str) -> list[str]:
    """Modules of kamervragen that `module` imports (relative imports resolved)."""
    path = PACKAGE.joinpath(*module.split(".")) if module else PACKAGE
    file = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    package = module.split(".") if file.name == "__init__.py" else module.split(".")[:-1]
    found: list[str] = []
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            elif node.module and node.module.startswith("kamervragen."):
                target = node.module.removeprefix("kamervragen.")
            else:
                continue
            names = [f"{target}.{a.name}" if target else a.name for a in node.names]
            found.extend(n if (PACKAGE / n.replace(".", "/")).exists() else target for n in names)
    return [m for m in found if m]


@pytest.mark.parametrize("module", [m for m in _modules() if m])
def test_a_stage_imports_no_later_stage(module: str) -> None:
    later = [m for m in _imports(module) if _stage(m) > _stage(module)]
    assert not later, f"kamervragen.{module} imports a later stage: {later}"


def test_a_writer_imports_no_other_writer() -> None:
    for writer in ("writers.markdown", "writers.json"):
        others = [m for m in _imports(writer) if m.startswith("writers.") and m != "writers.data"]
        assert not others, f"{writer} imports {others}: share through writers.data"


def test_the_stage_table_can_fail() -> None:
    assert _stage("structure.builder") > _stage("readers.pdf_text")
    assert "structure.labels" in _imports("convert")
    assert "model" in _imports("structure.builder")
