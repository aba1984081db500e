"""Use cases over a database session: no Typer, no Rich. Each function is one thing a user does."""
