"""Edit > Find: full-text search over the project."""
