"""Per-site spiders (a few lines each) built on the platform base spiders in ``spiders.platforms``."""
