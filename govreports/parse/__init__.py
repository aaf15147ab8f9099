"""Parsing: a page, text or file in, the parts of a record out (pure functions, no I/O but files given).
May import places and schema; nothing from store, analysis, crawl or the CLI."""
