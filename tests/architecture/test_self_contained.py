"""The repository carries every file its tests and docs rely on: nothing beside it is read."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIPPED = {".git", ".venv", "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache",
           ".hypothesis", "artifacts"}
TEXT_SUFFIXES = {".py", ".md", ".toml", ".sh", ".cfg", ".ini", ".txt", ".yml", ".yaml", ""}
# Spelled in two parts so that this file does not name what it looks for.
OUTSIDE = ("../" + "shared", "LEDGER_" + "VECTORS_DIR")


def _text_files() -> list[Path]:
    found = []
    for path in ROOT.rglob("*"):
        parts = set(path.relative_to(ROOT).parts)
        if path.is_file() and not parts & SKIPPED and path.suffix in TEXT_SUFFIXES:
            found.append(path)
    return found


def test_no_file_refers_to_a_folder_beside_the_repository() -> None:
    """No source, script or document points at a folder beside the repository."""
    offenders = [
        f"{path.relative_to(ROOT)}: {needle}"
        for path in _text_files()
        for needle in OUTSIDE
        if needle in path.read_text(encoding="utf-8", errors="replace")
    ]
    assert offenders == []


def test_the_published_vectors_are_in_the_repository_with_their_sources() -> None:
    """tests/vectors holds the JSON vectors and a SOURCES.md naming each of them."""
    vectors = ROOT / "tests" / "vectors"
    names = sorted(p.name for p in vectors.glob("*.json"))
    sources = (vectors / "SOURCES.md").read_text(encoding="utf-8")
    assert names
    assert [name for name in names if f"`{name}`" not in sources] == []
