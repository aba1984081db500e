"""Messages in Vietnamese (the default) and English.

The English text in the code is the message id, as with gettext; the Vietnamese catalog lives in
``locale/vi/*.json`` (one file per area of the program, merged at load). Kept as JSON rather than
compiled ``.mo`` files so that a clerk who spots a wrong word can fix it with any editor, and so
that nothing has to be compiled at install time. ``tests/test_i18n.py`` checks that every message
written as ``_("...")`` in the code has a Vietnamese text with the same placeholders.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

_language = DEFAULT_LANGUAGE


def set_language(lang: str) -> None:
    global _language
    _language = lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def get_language() -> str:
    return _language


@contextmanager
def language(lang: str) -> Iterator[None]:
    """Speak ``lang`` for a while (documents whose language is fixed, like the e-mail drafts)."""
    previous = _language
    set_language(lang)
    try:
        yield
    finally:
        set_language(previous)


@cache
def catalog(lang: str) -> Mapping[str, str]:
    """The translations for ``lang`` (empty for English, whose texts are the ids themselves)."""
    if lang == "en":
        return {}
    merged: dict[str, str] = {}
    # locale/ sits beside domain/ at the top of the package.
    folder = os.path.join(os.path.dirname(os.path.dirname(__file__)), "locale", lang)
    if os.path.isdir(folder):  # an ordinary install: plain files, no importlib.resources
        for name in sorted(os.listdir(folder)):
            if name.endswith(".json"):
                with open(os.path.join(folder, name), encoding="utf-8") as handle:
                    merged.update(json.load(handle))
        return merged
    from importlib import resources  # zipped or otherwise unusual installs

    tree = resources.files("ytcontest") / "locale" / lang
    for item in sorted(tree.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".json"):
            merged.update(json.loads(item.read_text(encoding="utf-8")))
    return merged


def _(msgid: str, /, **params: object) -> str:
    """Translate ``msgid`` into the current language and fill in its ``{placeholders}``."""
    text = catalog(_language).get(msgid, msgid)
    return text.format(**params) if params else text


def detect_language(argv: Sequence[str], environ: Mapping[str, str] = os.environ) -> str:
    """The language asked for on the command line or in YTCONTEST_LANG, before Typer parses anything.

    Help texts are built when the command modules are imported, so the language has to be known
    before that import; the root callback sets it again from the parsed option.
    """
    lang = environ.get("YTCONTEST_LANG", DEFAULT_LANGUAGE)
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    lang = lang.strip().lower()
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE
