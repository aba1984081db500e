"""Storage: the database, its schema and its migrations, SQLite and PostgreSQL."""
