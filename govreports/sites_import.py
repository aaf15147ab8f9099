"""``govreports sites import FILE``: registry rows from a list of portal home pages.

A user brings a list (XLSX or CSV) of governments and their portals; each row becomes a registry
row of platform ``auto``, its place from the gazetteer's current divisions: key, name, region,
level, ``division_code``, ``region_path``, the home page as entry and the portal's registrable
domain. Columns are found by their header: a region path (省/市/县) or a name, and a URL; a plain
two-column ``name,url`` CSV works too. Nothing is guessed. A row that cannot be placed, a URL that
is no http(s) address or that points to a 政务服务 platform rather than a portal, is left out with
its line; a host two units share (a county on its prefecture's portal) is kept, marked, and
crawled for the reports that name the unit.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from govreports.places.gazetteer import Division, gazetteer

CURRENT_YEAR = 2024  # the gazetteer's newest county-level table
_PATH_HEADERS = ("地区", "地区路径", "行政区划", "区划", "region_path", "path")
_NAME_HEADERS = ("门户名称", "名称", "单位名称", "单位", "name")
_URL_HEADERS = ("门户URL", "门户网址", "网址", "网站地址", "URL", "url", "网站")
_GOVERNMENT_SUFFIX_RE = re.compile(r"(?:人民政府|政府|行政公署|门户网站|网站|门户)$")
# A service platform (政务服务网), not a portal: its pages hold no 年报.
_SERVICE_HOST_RE = re.compile(r"(?:^|[.-])(?:[a-z]*zwfw|zxfw|ggfw|zwdt)(?:[.-]|$)")
_SECOND_LEVEL = {"gov.cn", "com.cn", "net.cn", "org.cn", "edu.cn", "ac.cn"}


@dataclass
class Imported:
    rows: list[dict] = field(default_factory=list)  # registry rows (TOML tables)
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # (line, kind, what)
    read: int = 0

    def problem_counts(self) -> Counter:
        return Counter(kind for _, kind, _ in self.problems)


def registrable_domain(host: str) -> str:
    """``www.yuhuan.gov.cn`` → ``yuhuan.gov.cn``; ``www.example.com`` → ``example.com``."""
    labels = host.lower().rstrip(".").split(".")
    keep = 3 if ".".join(labels[-2:]) in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def read_table(path: Path) -> list[list[str]]:
    """The rows of an XLSX (its first sheet) or CSV file, as text."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        import openpyxl

        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            return [
                ["" if value is None else str(value).strip() for value in row]
                for row in sheet.iter_rows(values_only=True)
            ]
        finally:
            workbook.close()
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValueError(f"{path}: neither UTF-8 nor GB18030 text")
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    squashed = [re.sub(r"\s+", "", cell) for cell in header]
    return next((squashed.index(name) for name in names if name in squashed), None)


def import_sites(table: Iterable[list[str]]) -> Imported:
    """Registry rows for the rows of ``table`` (a header row first, or two columns name,url)."""
    result = Imported()
    rows = iter(table)
    header = next(rows, None)
    if header is None:
        return result
    path_at, name_at, url_at = (_column(header, names) for names in (_PATH_HEADERS, _NAME_HEADERS, _URL_HEADERS))
    body, first_line = rows, 2
    if url_at is None and len(header) == 2:
        # No header names a URL column: a plain name,url list, with or without a header row.
        name_at, url_at, path_at = 0, 1, None
        if _home_page(header[1]) is not None:
            body, first_line = itertools.chain([header], rows), 1
    if url_at is None or (path_at is None and name_at is None):
        result.problems.append((1, "columns", f"no URL column and no name or region column in {header}"))
        return result
    placed: list[tuple[int, Division, str, str]] = []  # line, division, name, url
    for line, row in enumerate(body, start=first_line):
        path, name, raw_url = (_cell(row, at) for at in (path_at, name_at, url_at))
        if not (path or name or raw_url):
            continue  # a blank row, or one with nothing but its number
        result.read += 1
        url = _home_page(raw_url)
        label = path or name
        if url is None:
            result.problems.append((line, "url", f"{label}: {raw_url or '(empty)'} is not an http(s) address"))
            continue
        if _SERVICE_HOST_RE.search(urlsplit(url).hostname or ""):
            result.problems.append((line, "service_host", f"{label}: {url} is a 政务服务 platform, not the portal"))
            continue
        division, why = _place(path, name)
        if division is None:
            result.problems.append((line, "unplaced", f"{label}: {why}"))
            continue
        placed.append((line, division, name or division.name, url))
    _rows_with_marks(placed, result)
    return result


def _cell(row: list[str], at: int | None) -> str:
    return row[at] if at is not None and at < len(row) else ""


def _home_page(value: str) -> str | None:
    value = value.strip()
    if value and "://" not in value and re.match(r"^[\w.-]+\.[a-z]{2,}(?:/|$)", value, re.I):
        value = "http://" + value  # a bare host, as lists often write it
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in value:
        return None
    return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path or "/", parts.query, ""))


def _place(path: str, name: str) -> tuple[Division | None, str]:
    """The current division a region path (北京市/东城区) or a name (东城区人民政府) stands for."""
    places = gazetteer()
    names = [part.strip() for part in re.split(r"[/>＞|、]", path) if part.strip()] if path else []
    if not names and name:
        names = [_GOVERNMENT_SUFFIX_RE.sub("", name.strip())]
    if not names:
        return None, "no region or name"
    within = None
    for outer in names[:-1]:
        found = places.find(outer, CURRENT_YEAR, within)
        if len(found) == 1:
            within = found[0].code
    found = [d for d in places.find(names[-1], CURRENT_YEAR, within) if d.level != "township"]
    if not found:
        return None, f"{names[-1]} is no current division" + (f" within {'/'.join(names[:-1])}" if within else "")
    if len(found) > 1:
        return (
            None,
            f"{names[-1]} stands for {len(found)} divisions ({', '.join(d.code for d in found[:5])}); give its path",
        )
    return found[0], ""


_RANK = {"province": 0, "prefecture": 1, "county": 2}


def _rows_with_marks(placed: list[tuple[int, Division, str, str]], result: Imported) -> None:
    """Registry rows, one per division. Where several units' portals share a registrable domain
    (a prefecture's www.nc.gov.cn and its districts' dhq.nc.gov.cn), the highest unit keeps the
    domain and the others stay on their own host; a host two units share is marked on both."""
    places = gazetteer()
    hosts: dict[str, set[str]] = defaultdict(set)
    owners: dict[str, Division] = {}
    for _, division, _, url in placed:
        host = urlsplit(url).hostname or ""
        hosts[host].add(division.code)
        domain = registrable_domain(host)
        if domain not in owners or _RANK.get(division.level, 3) < _RANK.get(owners[domain].level, 3):
            owners[domain] = division
    names = {division.code: division.name for _, division, _, _ in placed}
    kept: dict[str, int] = {}
    for line, division, name, url in placed:
        if division.code in kept:
            result.problems.append(
                (
                    line,
                    "duplicate",
                    f"{division.name} ({division.code}) again; the row of line {kept[division.code]} is kept",
                )
            )
            continue
        kept[division.code] = line
        host = urlsplit(url).hostname or ""
        domain = registrable_domain(host)
        row = {
            "key": f"d{division.code}",
            "name": name,
            "region": division.name,
            "level": division.level,
            "division_code": division.code,
            "region_path": places.path(division, CURRENT_YEAR),
            "platform": "auto",
            "entry": [url],
            "domains": [domain if owners[domain].code == division.code else host],
        }
        sharing = sorted(names[code] for code in hosts[host] if code != division.code)
        if sharing:
            ancestors = places.ancestors(division, CURRENT_YEAR)
            kind = "parent_host" if any(code in ancestors for code in hosts[host]) else "shared_host"
            result.problems.append(
                (line, kind, f"{division.name}: {host} is also the portal of {', '.join(sharing)}; kept, marked")
            )
            # On a portal it shares, only the reports that name this unit are its own.
            row["options"] = {"title_must_contain": [_short(division.name)]}
            row["note"] = f"{kind}: {host} also serves {', '.join(sharing)}"
        result.rows.append(row)


def _short(name: str) -> str:
    """A division's name as titles write it: 红河哈尼族彝族自治州 as 红河, 东城区 as 东城区."""
    match = re.match(r"^(.{2,}?)(?:[\u4e00-\u9fff]{1,6}族)+自治(?:州|县|旗)$", name)
    return match.group(1) if match else name


def county_coverage(rows: list[dict]) -> tuple[int, int]:
    """How many of the current county-level divisions got a row with their code, of how many."""
    current = {
        d.code for ds in gazetteer().by_code.values() for d in ds if d.level == "county" and d.stands_in(CURRENT_YEAR)
    }
    return len(current & {row["division_code"] for row in rows}), len(current)


def to_toml(rows: list[dict]) -> str:
    """The rows as a registry file (``govreports/sites.toml`` format)."""

    def value(v) -> str:
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        if isinstance(v, dict):
            return "{ " + ", ".join(f"{k} = {value(x)}" for k, x in v.items()) + " }"
        return '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"'

    out = ["# Imported by govreports sites import; platform auto: found from each home page at crawl time.\n"]
    for row in rows:
        note = row.get("note")
        out.append("[[site]]" + (f"  # {note}" if note else ""))
        out += [f"{key} = {value(v)}" for key, v in row.items() if key != "note"]
        out.append("")
    return "\n".join(out)
