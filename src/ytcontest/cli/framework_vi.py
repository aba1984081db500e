"""The framework's own words in the user's language: Typer's help chrome and the usage errors of
the copy of Click it carries.

Typer marks some of its texts for gettext (``typer.core._`` and the module-level strings of
``typer.rich_utils``); its vendored Click writes the rest as f-strings ("Invalid value for ...",
"Missing option ...", "Got unexpected extra argument(s) ..."), and Typer's Pydantic coercion adds
"Input should be ...". All of them are translated here and nowhere else: the gettext texts by
replacing Typer's ``_``, the f-strings by reading the finished message back with the patterns of
``_ERRORS``. Every hook asks the language at the moment it speaks, so ``--lang en`` stays English.

Installing costs nothing at start-up: ``typer.rich_utils`` (Rich, 60 ms) is never imported here;
its strings are set when Typer itself has imported it to print help or an error, which always
asks for the usage line first (``Command.get_usage``).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import Any

from ytcontest.domain.i18n import _, get_language

_installed = False
_english: dict[str, Any] = {}  # rich_utils' own strings, to put back for --lang en


def _speaking_vi() -> bool:
    return get_language() == "vi"


def typer_texts() -> dict[str, str]:
    """Typer's gettext ids and their translations (the placeholders Typer fills stay)."""
    return {
        "No such command {name!r}.": _("No such command {name!r}."),
        "Missing command.": _("Missing command."),
        "Aborted!": _("Aborted."),
        "(dynamic)": _("(dynamic)"),
        "default: {default}": _("default: {default}"),
        "env var: {var}": _("env var: {var}"),
        "required": _("required"),
        "Arguments": _("Arguments"),
        "Options": _("Options"),
        "Commands": _("Commands"),
    }


def _rich_texts() -> dict[str, str]:
    """``typer.rich_utils``' module-level strings in the current language."""
    return {
        "DEPRECATED_STRING": _("(deprecated) "),
        "DEFAULT_STRING": _("[default: {}]"),
        "ENVVAR_STRING": _("[env var: {}]"),
        "REQUIRED_LONG_STRING": _("[required]"),
        "ARGUMENTS_PANEL_TITLE": _("Arguments"),
        "OPTIONS_PANEL_TITLE": _("Options"),
        "COMMANDS_PANEL_TITLE": _("Commands"),
        "ERRORS_PANEL_TITLE": _("Error"),
        "ABORTED_TEXT": _("Aborted."),
        "RICH_HELP": _("Try [blue]'{command_path} {help_option}'[/] for help."),
    }


def _option_helps() -> dict[str, str]:
    """The help of the options the framework adds to every app (help and shell completion)."""
    return {
        "Show this message and exit.": _("Show this message and exit."),
        "Install completion for the current shell.": _("Install completion for the current shell."),
        "Show completion for the current shell, to copy it or customize the installation.": _(
            "Show completion for the current shell, to copy it or customize the installation."
        ),
        "Install completion for the specified shell.": _(
            "Install completion for the specified shell."
        ),
        "Show completion for the specified shell, to copy it or customize the installation.": _(
            "Show completion for the specified shell, to copy it or customize the installation."
        ),
    }


def _usage_words() -> dict[str, str]:
    return {
        "[OPTIONS]": _("[OPTIONS]"),
        "COMMAND [ARGS]...": _("COMMAND [ARGS]..."),
    }


def _kind(word: str) -> str:
    return {"argument": _("argument"), "option": _("option"), "parameter": _("parameter")}.get(
        word, word
    )


def _or(text: str) -> str:
    """ "'table', 'json' or 'csv'" with the user's word for "or"."""
    return text.replace(" or ", " " + _("or") + " ")


# The finished messages of Click and Pydantic, read back: (pattern, how to say it).
_ERRORS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(r"(?s)(?P<message>.*)\. Did you mean (?P<names>.+)\?"),
        lambda m: _(
            "{message}. Did you mean {names}?",
            message=translate_error(m["message"] + "."),
            names=_or(m["names"]),
        ),
    ),
    (
        re.compile(r"No such command (?P<name>.+)\.?"),
        lambda m: _("No such command {name!r}.").replace("{name!r}", m["name"].rstrip(".")),
    ),
    (
        re.compile(r"Got unexpected extra argument(?:\(s\)|s)? \((?P<args>.*)\)"),
        lambda m: _("Got unexpected extra arguments ({args})", args=m["args"]),
    ),
    (
        re.compile(r"(?s)Invalid value for (?P<hint>.+?): (?P<message>.*)"),
        lambda m: _(
            "Invalid value for {hint}: {message}",
            hint=m["hint"],
            message=translate_error(m["message"]),
        ),
    ),
    (
        re.compile(r"(?s)Invalid value: (?P<message>.*)"),
        lambda m: _("Invalid value: {message}", message=translate_error(m["message"])),
    ),
    (
        re.compile(r"(?s)Missing (?P<kind>argument|option|parameter) (?P<hint>.+?)\.(?: .*)?"),
        lambda m: _("Missing {kind} {hint}.", kind=_kind(m["kind"]), hint=m["hint"]),
    ),
    (
        re.compile(r"Missing parameter: (?P<name>.+)"),
        lambda m: _("Missing {kind} {hint}.", kind=_kind("parameter"), hint=m["name"]),
    ),
    (
        re.compile(r"No such option: (?P<option>\S+) \(Possible options: (?P<names>.+)\)"),
        lambda m: _(
            "No such option: {option} (did you mean {names}?)",
            option=m["option"],
            names=_or(m["names"]),
        ),
    ),
    (
        re.compile(r"No such option: (?P<option>\S+)"),
        lambda m: _("No such option: {option}", option=m["option"]),
    ),
    (
        re.compile(r"Option (?P<option>'.+') requires an argument\."),
        lambda m: _("Option {option} needs a value.", option=m["option"]),
    ),
    (
        re.compile(r"Option (?P<option>'.+') requires (?P<count>\d+) arguments\."),
        lambda m: _("Option {option} needs {count} values.", option=m["option"], count=m["count"]),
    ),
    (
        re.compile(r"Option (?P<option>'.+') does not take a value\."),
        lambda m: _("Option {option} takes no value.", option=m["option"]),
    ),
    (
        re.compile(r"Argument (?P<name>'.+') takes (?P<count>\d+) values\."),
        lambda m: _("Argument {name} takes {count} values.", name=m["name"], count=m["count"]),
    ),
    (
        re.compile(r"Could not open file (?P<name>.+?): (?P<reason>.*)"),
        lambda m: _("Could not open the file {name}: {reason}", name=m["name"], reason=m["reason"]),
    ),
    # Typer's Pydantic coercion of option values.
    (
        re.compile(r"Value error, (?P<value>.+) is not one of (?P<choices>.+?)\.?"),
        lambda m: _("{value} is not one of {choices}", value=m["value"], choices=_or(m["choices"])),
    ),
    (
        re.compile(r"Value error, (?P<message>.+)"),
        lambda m: m["message"],
    ),
    (re.compile(r"Input should be a valid integer.*"), lambda m: _("must be a whole number")),
    (re.compile(r"Input should be a valid number.*"), lambda m: _("must be a number")),
    (re.compile(r"Input should be a valid boolean.*"), lambda m: _("must be yes or no")),
    (
        re.compile(r"Input should be greater than or equal to (?P<limit>\S+)"),
        lambda m: _("must be at least {limit}", limit=m["limit"]),
    ),
    (
        re.compile(r"Input should be less than or equal to (?P<limit>\S+)"),
        lambda m: _("must be at most {limit}", limit=m["limit"]),
    ),
    (
        re.compile(r"Input should be (?P<choices>.+)"),
        lambda m: _("must be {choices}", choices=_or(m["choices"])),
    ),
]


def translate_error(message: str) -> str:
    """A framework's error message in the user's language (unchanged in English)."""
    if not _speaking_vi():
        return message
    for pattern, say in _ERRORS:
        match = pattern.fullmatch(message.strip())
        if match:
            return say(match)
    return message


def sync_rich_utils() -> None:
    """Give ``typer.rich_utils`` the current language's strings, if Typer has imported it."""
    module = sys.modules.get("typer.rich_utils")
    if module is None:
        return
    if not _english:
        _english.update({name: getattr(module, name) for name in _rich_texts()})
        _wrap_help_paragraphs(module)
        _fit_option_names(module)
    texts = _rich_texts() if _speaking_vi() else _english
    for name, text in texts.items():
        setattr(module, name, text)


# A word, or a run of characters with quoted parts: '--title="a b"', '"24/06/2026 15:00"'.
_TOKEN = re.compile(r'(?:[^\s"“]*(?:"[^"]*"|“[^”]*”))+[^\s"“]*|\S+')


def keep_quotes_whole(text: str, width: int) -> str:
    """``text``'s lines filled to ``width`` without ever breaking inside a quoted argument, so an
    example command reads (and copies) as one piece: Rich would break "24/06/2026 15:00"."""
    out = []
    for line in text.split("\n"):
        current = ""
        for token in _TOKEN.findall(line):
            if current and len(current) + 1 + len(token) > width:
                out.append(current)
                current = token
            else:
                current = f"{current} {token}" if current else token
        out.append(current)
    return "\n".join(out)


def _wrap_help_paragraphs(module: Any) -> None:
    original = module._make_rich_text

    def make_rich_text(*, text: str, style: str = "", markup_mode: Any) -> Any:
        if "ytcontest " in text and ('"' in text or "“" in text):
            width = module._get_rich_console().width - 2  # the help is padded by one each side
            text = keep_quotes_whole(text, width)
        return original(text=text, style=style, markup_mode=markup_mode)

    module._make_rich_text = make_rich_text


def _fit_option_names(module: Any) -> None:
    """Option names whole in the options panel ("--no-reports-required", not "--no-reports-re…"):
    the name and type columns never wrap, the help column takes what is left and wraps."""
    base = module.Table

    class FittedTable(base):  # type: ignore[misc, valid-type]
        def add_row(self, *cells: Any, **options: Any) -> None:
            if not self.columns and not self.show_header:  # the options panel's table
                for i in range(len(cells)):
                    last = i == len(cells) - 1
                    self.add_column(no_wrap=not last, ratio=1 if last else None)
            super().add_row(*cells, **options)

    module.Table = FittedTable


def install() -> None:
    """Hook the framework once; each hook speaks the language current when it runs."""
    global _installed
    if _installed:
        return
    _installed = True
    import typer.core
    from typer import _click

    def typer_gettext(msgid: str) -> str:
        return typer_texts().get(msgid, msgid) if _speaking_vi() else msgid

    typer.core._ = typer_gettext  # type: ignore[attr-defined]

    # Click's messages are f-strings: translate each finished message. Typer prints an error's
    # panel title after asking for the message, so the title is set here too.
    for cls in vars(_click.exceptions).values():
        if isinstance(cls, type) and "format_message" in cls.__dict__:
            _wrap_format_message(cls)

    command = _click.core.Command
    get_usage = command.get_usage

    def usage(self: Any, ctx: Any) -> str:
        sync_rich_utils()  # help and errors ask for the usage line before anything else
        return get_usage(self, ctx)

    command.get_usage = usage  # type: ignore[method-assign]

    write_usage = _click.formatting.HelpFormatter.write_usage

    def usage_line(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None and _speaking_vi():
            prefix = _("Usage:") + " "
        write_usage(self, prog, args, prefix)

    _click.formatting.HelpFormatter.write_usage = usage_line  # type: ignore[method-assign]

    for cls in (command, typer.core.TyperGroup):
        _wrap_usage_pieces(cls)

    get_params = command.get_params

    def params(self: Any, ctx: Any) -> list[Any]:
        found = get_params(self, ctx)
        helps = _option_helps()
        for param in found:
            english = getattr(param, "_ytcontest_english_help", None) or param.help
            if english in helps:
                param._ytcontest_english_help = english
                param.help = helps[english] if _speaking_vi() else english
        return found

    command.get_params = params  # type: ignore[method-assign]

    # "<str>", "<bool>", "<int>" next to each option: the type in words, no type for a flag.
    parameter = typer.core._TyperParameter  # type: ignore[attr-defined]
    for cls in (parameter, typer.core.TyperOption):
        _wrap_display_type(cls)


def _wrap_format_message(cls: Any) -> None:
    original = cls.format_message

    def format_message(self: Any) -> str:
        sync_rich_utils()
        return translate_error(original(self))

    cls.format_message = format_message


def _wrap_usage_pieces(cls: Any) -> None:
    original = cls.__dict__.get("collect_usage_pieces")
    if original is None:
        return

    def pieces(self: Any, ctx: Any) -> list[str]:
        found = original(self, ctx)
        if not _speaking_vi():
            return found
        words = _usage_words()
        return [words.get(piece, piece) for piece in found]

    cls.collect_usage_pieces = pieces


_TYPES = {
    "<str>": "text", "<int>": "number", "<float>": "number", "<path>": "path", "<file>": "path",
    "<directory>": "path", "<Path>": "path",
}  # fmt: skip


def _wrap_display_type(cls: Any) -> None:
    original = cls.__dict__.get("display_type_rich")
    if original is None:
        return

    def display_type_rich(self: Any, ctx: Any) -> str | None:
        shown = original(self, ctx)
        if shown == "<bool>":
            return None  # a flag takes no value: nothing to show
        if shown in _TYPES and _speaking_vi():
            return (
                "<"
                + {"text": _("text"), "number": _("number"), "path": _("path")}[_TYPES[shown]]
                + ">"
            )
        return shown

    cls.display_type_rich = display_type_rich
