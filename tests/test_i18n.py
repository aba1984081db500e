"""The messages: every ``_("...")`` in the code has a Vietnamese text, and the catalog stays sound.

The English text written in the code is the message id; the Vietnamese texts live in
``src/ytcontest/locale/vi/*.json``. When a test here fails, its message lists the ids to add or
fix, ready to copy into a catalog file.
"""

from __future__ import annotations

import ast
import json
import os
import string
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from ytcontest.domain.i18n import _, catalog, detect_language, get_language, set_language

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
PACKAGE = SRC / "ytcontest"
CATALOG_DIR = PACKAGE / "locale" / "vi"


# --- helpers -------------------------------------------------------------------------------------


def _underscore_calls() -> Iterator[tuple[str, ast.Call]]:
    """Every call ``_(...)`` in the package, with where it is ("cli/units.py:52")."""
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_"
            ):
                yield f"{path.relative_to(PACKAGE).as_posix()}:{node.lineno}", node


@cache
def msgids() -> dict[str, tuple[str, ...]]:
    """The message ids written in the code as ``_("literal")``, each with where it is used.

    Implicit concatenation (``_("a " "b")``) is one constant to ``ast``, so it is one id.
    """
    found: dict[str, list[str]] = {}
    for where, call in _underscore_calls():
        if call.args and isinstance(call.args[0], ast.Constant):
            value = call.args[0].value
            if isinstance(value, str):
                found.setdefault(value, []).append(where)
    return {msgid: tuple(places) for msgid, places in found.items()}


def catalog_files() -> list[Path]:
    return sorted(CATALOG_DIR.glob("*.json"))


def _fields(text: str) -> set[str]:
    """The names of the ``{placeholders}`` of a format string (``{value!r}`` and ``{day:02d}``
    count by their name); raises ValueError when the braces are malformed."""
    return {
        name for _literal, name, _spec, _conv in string.Formatter().parse(text) if name is not None
    }


def _as_json_lines(ids: list[str]) -> str:
    """Ids as lines of a JSON object, to paste into a catalog file and fill in."""
    return "\n".join(f'  {json.dumps(i, ensure_ascii=False)}: "",' for i in ids)


# --- the catalog covers the code -----------------------------------------------------------------


def test_the_scan_finds_the_messages_of_the_code() -> None:
    # A guard for the tests below: an empty scan would make them pass for nothing.
    ids = msgids()
    assert "Error" in ids
    assert len(ids) > 100


def test_every_underscore_call_passes_a_literal_message() -> None:
    # _(variable) or _(f"...") cannot be found by the scan, so it would never be translated.
    bad = [
        where
        for where, call in _underscore_calls()
        if not call.args
        or not isinstance(call.args[0], ast.Constant)
        or not isinstance(call.args[0].value, str)
    ]
    assert not bad, "_() must be given a string literal (the English text) at:\n" + "\n".join(bad)


def test_every_message_in_the_code_has_a_vietnamese_translation() -> None:
    vi = catalog("vi")
    missing = sorted(m for m in msgids() if m not in vi)
    where = "\n".join(f"  {m!r}: {', '.join(msgids()[m])}" for m in missing)
    assert not missing, (
        f"{len(missing)} message(s) have no Vietnamese text; add them to a file of "
        f"src/ytcontest/locale/vi/ and write the translation:\n{_as_json_lines(missing)}\n"
        f"where they are used:\n{where}"
    )


def test_every_translation_is_a_non_empty_text() -> None:
    empty = sorted(k for k, v in catalog("vi").items() if not v.strip())
    assert not empty, "empty Vietnamese texts:\n" + _as_json_lines(empty)


def test_each_translation_uses_the_same_placeholders_as_its_msgid() -> None:
    problems = []
    for msgid, text in catalog("vi").items():
        try:
            wanted, given = _fields(msgid), _fields(text)
        except ValueError as error:
            problems.append(f"{msgid!r}: malformed braces ({error})")
            continue
        if wanted != given:
            problems.append(
                f"{msgid!r}: the id has {sorted(wanted)}, the translation {sorted(given)}"
            )
    assert not problems, "placeholders differ:\n" + "\n".join(problems)


def test_no_catalog_entry_is_unused() -> None:
    used = msgids()
    unused = sorted(k for k in catalog("vi") if k not in used)
    assert not unused, (
        "catalog entries that no _() call in src uses (remove them, or fix the id that "
        "changed in the code):\n" + _as_json_lines(unused)
    )


# --- the catalog files ---------------------------------------------------------------------------


def test_there_are_catalog_files() -> None:
    names = [p.name for p in catalog_files()]
    assert "core.json" in names


@pytest.mark.parametrize("path", catalog_files(), ids=lambda p: p.name)
def test_catalog_file_is_a_utf8_json_object_of_strings(path: Path) -> None:
    text = path.read_bytes().decode("utf-8")  # strict: a byte that is not UTF-8 fails here
    pairs = json.loads(text, object_pairs_hook=list)
    assert isinstance(pairs, list), f"{path.name} must hold one JSON object"
    bad = [(k, v) for k, v in pairs if not isinstance(k, str) or not isinstance(v, str)]
    assert not bad, f"{path.name}: keys and values must be strings: {bad[:5]}"
    keys = [k for k, _v in pairs]
    twice = sorted({k for k in keys if keys.count(k) > 1})
    assert not twice, f"{path.name} defines these keys twice (JSON keeps the last):\n" + "\n".join(
        twice
    )


@pytest.mark.parametrize("path", catalog_files(), ids=lambda p: p.name)
def test_catalog_file_is_nfc_normalised(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    not_nfc = [s for pair in data.items() for s in pair if unicodedata.normalize("NFC", s) != s]
    assert not not_nfc, f"{path.name}: texts not in NFC (retype them or normalise):\n" + "\n".join(
        not_nfc
    )


def test_no_key_is_defined_in_two_catalog_files_with_different_texts() -> None:
    seen: dict[str, tuple[str, str]] = {}
    conflicts = []
    for path in catalog_files():
        for key, text in json.loads(path.read_text(encoding="utf-8")).items():
            if key in seen and seen[key][1] != text:
                conflicts.append(f"{key!r}: {seen[key][0]} and {path.name} differ")
            seen.setdefault(key, (path.name, text))
    assert not conflicts, "\n".join(conflicts)


# --- _() and the language ------------------------------------------------------------------------


def test_underscore_gives_the_english_id_in_english() -> None:
    try:
        set_language("en")
        assert _("Error") == "Error"
        assert _("Unit added: {code} {name}", code="BVA", name="Bệnh viện A") == (
            "Unit added: BVA Bệnh viện A"
        )
    finally:
        set_language("vi")


def test_underscore_gives_the_vietnamese_text_in_vietnamese() -> None:
    set_language("vi")
    assert get_language() == "vi"
    assert _("Error") == catalog("vi")["Error"] == "Lỗi"
    assert _("Unit added: {code} {name}", code="BVA", name="Bệnh viện A") == catalog("vi")[
        "Unit added: {code} {name}"
    ].format(code="BVA", name="Bệnh viện A")


def test_underscore_falls_back_to_the_id_for_an_unknown_message() -> None:
    set_language("vi")
    assert _("no such message {n}", n=3) == "no such message 3"


def test_set_language_takes_only_known_languages() -> None:
    try:
        set_language("fr")
        assert get_language() == "vi"
    finally:
        set_language("vi")


# --- detect_language: the language before Typer parses anything ----------------------------------


def test_detect_language_reads_lang_with_its_value_after_a_space() -> None:
    assert detect_language(["--lang", "en", "units", "list"], {}) == "en"


def test_detect_language_reads_lang_with_an_equals_sign() -> None:
    assert detect_language(["--lang=en", "units", "list"], {}) == "en"


def test_detect_language_reads_ytcontest_lang() -> None:
    assert detect_language(["units", "list"], {"YTCONTEST_LANG": "en"}) == "en"


def test_detect_language_prefers_the_command_line_to_ytcontest_lang() -> None:
    assert detect_language(["--lang", "vi"], {"YTCONTEST_LANG": "en"}) == "vi"


def test_detect_language_ignores_arguments_after_double_dash() -> None:
    # After "--" everything is data (a title, a file name), never an option.
    assert detect_language(["entries", "add", "--", "--lang", "en"], {}) == "vi"
    assert detect_language(["--", "--lang=en"], {}) == "vi"


def test_detect_language_accepts_any_case_and_spaces() -> None:
    assert detect_language(["--lang", " EN "], {}) == "en"


def test_detect_language_defaults_to_vietnamese() -> None:
    assert detect_language([], {}) == "vi"


@pytest.mark.parametrize(
    ("argv", "environ"),
    [
        (["--lang", "fr"], {}),
        (["--lang="], {}),
        ([], {"YTCONTEST_LANG": "english"}),
        ([], {"YTCONTEST_LANG": ""}),
        (["--lang"], {}),  # no value after it
    ],
)
def test_detect_language_falls_back_to_vietnamese_for_unknown_values(
    argv: list[str], environ: dict[str, str]
) -> None:
    assert detect_language(argv, environ) == "vi"


# --- the help, as a user sees it -----------------------------------------------------------------


def _run_help(tmp_path: Path, *args: str) -> str:
    """``python -m ytcontest ARGS`` in a fresh process, as from the repository's root."""
    env = {k: v for k, v in os.environ.items() if k not in ("YTCONTEST_DB", "YTCONTEST_LANG")}
    home = tmp_path / "help-home"
    home.mkdir(exist_ok=True)
    env.update(
        HOME=str(home),
        USERPROFILE=str(home),
        PYTHONPATH=os.pathsep.join([str(SRC), *filter(None, [os.environ.get("PYTHONPATH")])]),
        COLUMNS="200",  # wide enough that the words looked for are not wrapped apart
        NO_COLOR="1",
        PYTHONIOENCODING="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "ytcontest", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.mark.slow
def test_the_help_of_the_app_is_in_vietnamese_by_default(tmp_path: Path) -> None:
    text = _run_help(tmp_path, "--help")
    assert "đơn vị" in text
    assert "Follow the contest" not in text


@pytest.mark.slow
def test_the_help_of_a_command_group_is_in_vietnamese_by_default(tmp_path: Path) -> None:
    text = _run_help(tmp_path, "units", "--help")
    assert "đơn vị" in text
    assert "List the units" not in text


@pytest.mark.slow
def test_lang_en_shows_the_help_of_the_app_in_english(tmp_path: Path) -> None:
    text = _run_help(tmp_path, "--lang", "en", "--help")
    assert "Follow the contest" in text
    assert "đơn vị" not in text


@pytest.mark.slow
def test_lang_en_shows_the_help_of_a_command_group_in_english(tmp_path: Path) -> None:
    text = _run_help(tmp_path, "--lang", "en", "units", "--help")
    assert "List the units" in text
    assert "Xem danh sách" not in text
