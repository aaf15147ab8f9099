"""Replica portals served on loopback, so spiders can run unchanged, offline, with ground truth."""

from __future__ import annotations

from functools import cache

from govreports.replicas.site import ReplicaSite


@cache
def replica_sites() -> dict[str, ReplicaSite]:
    """Every replica site by key, built once per process (deterministic: seeded by key)."""
    from govreports.replicas.sites import OTHER_SITES, SEED_SITES

    return {cls.key: cls() for cls in SEED_SITES + OTHER_SITES}


def ground_truth(key: str) -> list[dict]:
    """The reports the ``key`` spider must find, with their expected metadata."""
    return replica_sites()[key].ground_truth()
