"""Analysis of a store: the terminal summary, the overview page, Datasette metadata.
May import store, parse and schema; nothing from crawl or the CLI."""
