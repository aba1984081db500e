"""The command line: parsing, calling one service, printing. Wired together in ``cli/app.py``."""
