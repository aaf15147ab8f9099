"""Item pipelines, in order: clean → structure → validate → dedupe → sqlite export.

Each is a thin adapter; the work is done by pure functions in ``govreports``.
"""
