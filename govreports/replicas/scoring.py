"""Compare crawled records with a replica's ground truth, field by field."""

from __future__ import annotations

from dataclasses import dataclass, field

from govreports.urls import report_id

COMPARED_FIELDS = ("title", "issuer", "region", "level", "year", "publish_date")


@dataclass
class Score:
    expected: int
    found: int
    missing: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    mismatches: list[tuple[str, str, object, object]] = field(default_factory=list)  # url, field, expected, got

    @property
    def exact(self) -> bool:
        return not (self.missing or self.unexpected or self.duplicates or self.mismatches)


def score(records: list[dict], truth: list[dict]) -> Score:
    """Reports are matched by ``report_id`` (canonical URL), so www./scheme variants are one report."""
    expected = {report_id(t["url"]): t for t in truth}
    got: dict[str, dict] = {}
    result = Score(expected=len(expected), found=len(records))
    for record in records:
        rid = record["report_id"]
        if rid in got:
            result.duplicates.append(record["url"])
        got[rid] = record
    result.missing = sorted(expected[rid]["url"] for rid in expected.keys() - got.keys())
    result.unexpected = sorted(got[rid]["url"] for rid in got.keys() - expected.keys())
    for rid in expected.keys() & got.keys():
        for name in COMPARED_FIELDS:
            if expected[rid][name] != got[rid].get(name):
                result.mismatches.append((expected[rid]["url"], name, expected[rid][name], got[rid].get(name)))
    return result
