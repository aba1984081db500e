"""``ytcontest`` and ``python -m ytcontest``."""

from __future__ import annotations

import sys


def main() -> None:
    from ytcontest.domain.i18n import detect_language, set_language

    # Help texts are made when the command modules are imported: set the language first.
    set_language(detect_language(sys.argv[1:]))
    from ytcontest.cli.app import app

    app(prog_name="ytcontest")


if __name__ == "__main__":
    main()
