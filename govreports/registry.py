"""The site registry: the portals govreports crawls, as data (``govreports/sites.toml``).

A row names the portal's division, its platform, where its 年报 lists start and which domains
are its own. The named site spiders read their row from here, and ``scrapy crawl registry``
crawls any selection of rows with the platform logic, so a new portal on a known platform is a
new row, not new code.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

PLATFORMS = ("hanweb", "trs", "gkmlpt", "vsb", "xxgk_label", "legacy")
AUTO = "auto"  # the platform is recognised from the home page at crawl time (``portal`` discovery)
LEVELS = ("province", "prefecture", "county", "township")
OPTIONS = {"list_link_pattern": str, "title_must_contain": list}
POLITENESS = {"concurrency": int, "delay": (int, float)}


@dataclass(frozen=True)
class Site:
    key: str
    name: str
    region: str
    level: str
    division_code: str | None
    region_path: tuple[str, ...]
    platform: str
    entry: tuple[str, ...]
    domains: tuple[str, ...]
    options: dict[str, Any] = field(default_factory=dict)
    politeness: dict[str, Any] = field(default_factory=dict)

    @property
    def province(self) -> str | None:
        return self.region_path[0] if self.region_path else None

    @property
    def division(self) -> dict[str, Any]:
        """What a spider's ``division`` holds: the portal's own place."""
        return {
            "region": self.region,
            "level": self.level,
            "division_code": self.division_code,
            "region_path": list(self.region_path),
        }

    def spider_attributes(self) -> dict[str, Any]:
        """The attributes a platform spider takes from this row."""
        attributes = {"start_urls": list(self.entry), "allowed_domains": list(self.domains), "division": self.division}
        attributes.update(self.options)
        if "title_must_contain" in attributes:
            attributes["title_must_contain"] = tuple(attributes["title_must_contain"])
        return attributes

    def download_slot(self) -> dict[str, Any]:
        """Scrapy's per-host ``DOWNLOAD_SLOTS`` entry for this portal's limits."""
        return {k: v for k, v in self.politeness.items() if k in POLITENESS}


def load(path: str | Path | None = None) -> list[Site]:
    """Rows of a registry file (default: the one in the package), checked: a bad registry is
    refused as a whole, with every problem named."""
    text = Path(path).read_text(encoding="utf-8") if path else _packaged()
    try:
        raw = tomllib.loads(text).get("site", [])
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError([f"not valid TOML: {exc}"]) from exc
    problems = problems_in(raw)
    if problems:
        raise RegistryError(problems)
    return [_site(row) for row in raw]


@cache
def _packaged() -> str:
    return resources.files("govreports").joinpath("sites.toml").read_text(encoding="utf-8")


def site_hints(division: dict[str, Any]) -> dict[str, Any]:
    """A portal's division as the hints a report carries (``site_region``, ``site_division_code`` …)."""
    return {f"site_{key}": value for key, value in division.items()}


@cache
def packaged_sites() -> dict[str, Site]:
    return {site.key: site for site in load()}


def site(key: str) -> Site:
    """The packaged registry's row ``key``."""
    return packaged_sites()[key]


def select(sites: list[Site], keys: list[str] | None = None, province: str | None = None) -> list[Site]:
    """Rows by key (in the order asked) or by province (浙江 matches 浙江省); unknown keys are an error."""
    if keys:
        by_key = {s.key: s for s in sites}
        unknown = [k for k in keys if k not in by_key]
        if unknown:
            raise KeyError(f"not in the registry: {', '.join(unknown)}")
        return [by_key[k] for k in keys]
    if province:
        return [s for s in sites if s.province and s.province.startswith(province)]
    return list(sites)


class RegistryError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("site registry: " + "; ".join(problems))
        self.problems = problems


def _site(row: dict) -> Site:
    return Site(
        key=row["key"],
        name=row["name"],
        region=row["region"],
        level=row["level"],
        division_code=row.get("division_code"),
        region_path=tuple(row.get("region_path", ())),
        platform=row["platform"],
        entry=tuple(row["entry"]),
        domains=tuple(row["domains"]),
        options=dict(row.get("options", {})),
        politeness=dict(row.get("politeness", {})),
    )


_KEY_RE = re.compile(r"[a-z][a-z0-9_]*")


def _division_problems(where: str, code: str, region: str) -> list[str]:
    """The code must be a division the gazetteer knows, under the row's own name."""
    from govreports.places.gazetteer import gazetteer

    names = {d.name for d in gazetteer().by_code.get(code, ())}
    if not names:
        return [f"{where}: division_code {code} is in no code book since 2008"]
    if region not in names:
        return [f"{where}: division_code {code} is {'/'.join(sorted(names))}, not {region}"]
    return []


def problems_in(rows: list) -> list[str]:
    """Everything wrong with registry rows, each as a sentence naming the row."""
    problems, seen = [], set()
    for number, row in enumerate(rows, 1):
        where = f"site #{number} ({row.get('key', '?')})" if isinstance(row, dict) else f"site #{number}"
        if not isinstance(row, dict):
            problems.append(f"{where}: not a table")
            continue
        missing = [k for k in ("key", "name", "region", "level", "platform", "entry", "domains") if not row.get(k)]
        if missing:
            problems.append(f"{where}: missing {', '.join(missing)}")
            continue
        key = row["key"]
        if not isinstance(key, str) or not _KEY_RE.fullmatch(key):
            problems.append(f"{where}: key must be lower-case letters, digits and _")
        if key in seen:
            problems.append(f"{where}: duplicate key")
        seen.add(key)
        if row["platform"] not in (*PLATFORMS, AUTO):
            problems.append(f"{where}: unknown platform {row['platform']!r} (known: {', '.join(PLATFORMS)}, {AUTO})")
        if row["level"] not in LEVELS:
            problems.append(f"{where}: unknown level {row['level']!r}")
        code = row.get("division_code")
        if code is not None and not re.fullmatch(r"\d{6}", str(code)):
            problems.append(f"{where}: division_code {code!r} is not six digits")
        elif code is not None:
            problems += _division_problems(where, str(code), row["region"])
        domains = [str(d).lower() for d in row["domains"]]
        for url in row["entry"]:
            parts = urlsplit(str(url))
            host = (parts.hostname or "").lower()
            if parts.scheme not in ("http", "https") or not host:
                problems.append(f"{where}: entry {url!r} is not an http(s) URL")
            elif not any(host == d or host.endswith("." + d) for d in domains):
                problems.append(f"{where}: entry {url!r} is outside its domains {domains}")
        for name, value in row.get("options", {}).items():
            if name not in OPTIONS or not isinstance(value, OPTIONS[name]):
                problems.append(f"{where}: unknown or mistyped option {name!r}")
        politeness = row.get("politeness", {})
        if politeness:
            if not str(politeness.get("reason", "")).strip():
                problems.append(f"{where}: politeness needs its reason")
            for name, value in politeness.items():
                if name != "reason" and (name not in POLITENESS or not isinstance(value, POLITENESS[name])):
                    problems.append(f"{where}: unknown or mistyped politeness setting {name!r}")
    return problems
