"""Scrapy machinery: settings, middlewares, extensions, commands, worker processes, platform detection.
May import every layer below it (store, parse, places, schema); nothing imports it but spiders, pipelines and the top."""
