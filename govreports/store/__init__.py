"""The store: SQLite of records, its exports, full-text search, cross-year checks, safe output files.
May import parse, places and schema; nothing from analysis, crawl or the CLI."""
