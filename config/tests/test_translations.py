"""Vietnamese is the default language: every string the code marks for translation must
have a Vietnamese translation, and every catalog entry must be complete and keep the
same placeholders. English is the msgid itself, so it is complete by construction."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
SOURCE_DIRS = [ROOT / "lachan", ROOT / "config"]

_PY_CALL = re.compile(
    r"""\b(?:_|gettext|gettext_lazy|pgettext_lazy|ngettext|ngettext_lazy)\(\s*"""
    r"""(?:"[^"]*"\s*,\s*)?(?P<q>["'])(?P<s>(?:\\.|(?!(?P=q)).)*)(?P=q)\s*[,)]""",
)
_TPL_TRANS = re.compile(r"""\{%\s*(?:translate|trans)\s+(?P<q>["'])(?P<s>.*?)(?P=q)""")
_TPL_BLOCK = re.compile(
    r"\{%\s*blocktrans(?:late)?(?P<args>[^%]*)%\}(?P<body>.*?)"
    r"(?:\{%\s*plural\s*%\}.*?)?\{%\s*endblocktrans(?:late)?\s*%\}",
    re.S,
)
_TPL_VAR = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def _vi_catalogs() -> list[Path]:
    paths = list((ROOT / "locale").glob("vi/LC_MESSAGES/*.po"))
    paths += list((ROOT / "lachan").glob("*/locale/vi/LC_MESSAGES/*.po"))
    return sorted(paths)


def _msgids_in_catalogs() -> set[str]:
    return {entry.msgid for path in _vi_catalogs() for entry in polib.pofile(str(path))}


def _source_files(*suffixes: str) -> list[Path]:
    files: list[Path] = []
    for base in SOURCE_DIRS:
        for suffix in suffixes:
            files += [
                p
                for p in base.rglob(f"*{suffix}")
                if "tests" not in p.parts and "migrations" not in p.parts
            ]
    return files


def _unescape_py(text: str) -> str:
    return text.encode("utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")


def marked_strings() -> dict[str, str]:
    """msgid -> where it was found."""
    found: dict[str, str] = {}
    for path in _source_files(".py"):
        text = path.read_text(encoding="utf-8")
        for match in _PY_CALL.finditer(text):
            found.setdefault(_unescape_py(match.group("s")), str(path.relative_to(ROOT)))
    for path in _source_files(".html", ".txt"):
        text = path.read_text(encoding="utf-8")
        for match in _TPL_TRANS.finditer(text):
            found.setdefault(match.group("s"), str(path.relative_to(ROOT)))
        for match in _TPL_BLOCK.finditer(text):
            body = match.group("body")
            if "trimmed" in match.group("args"):
                body = " ".join(line.strip() for line in body.strip().splitlines() if line.strip())
            found.setdefault(_TPL_VAR.sub(r"%(\1)s", body), str(path.relative_to(ROOT)))
    return found


def test_there_are_vietnamese_catalogs() -> None:
    assert _vi_catalogs(), "no Vietnamese catalog found"


def test_every_marked_string_has_a_vietnamese_translation() -> None:
    known = _msgids_in_catalogs()
    missing = {s: where for s, where in marked_strings().items() if s and s not in known}
    assert not missing, "untranslated strings:\n" + "\n".join(
        f"  {where}: {s!r}" for s, where in sorted(missing.items(), key=lambda kv: kv[1])
    )


@pytest.mark.parametrize("path", _vi_catalogs(), ids=lambda p: str(p.relative_to(ROOT)))
def test_catalog_entries_are_complete(path: Path) -> None:
    problems = []
    for entry in polib.pofile(str(path)):
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid!r}")
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if not all(t.strip() for t in translations):
            problems.append(f"empty: {entry.msgid!r}")
        wanted = sorted(re.findall(r"%\(\w+\)[sd]|\{\w*\}", entry.msgid))
        for t in translations:
            if sorted(re.findall(r"%\(\w+\)[sd]|\{\w*\}", t)) != wanted:
                problems.append(f"placeholders differ: {entry.msgid!r}")
    assert not problems, "\n".join(problems)
