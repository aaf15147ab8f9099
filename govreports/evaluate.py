"""``govreports evaluate``: score the parser on real report pages with hand-checked truth.

A case is ``rNNN.json`` holding ``id``, ``url``, the page as ``text`` (or its markup as ``html``,
or a saved ``rNNN.html`` beside it) and ``truth``. Each case goes through ``parse_content``, the
code ``govreports parse`` runs, and each field is compared with the truth as the cases' README
sets out:

- a truth field that is a list accepts any of its values;
- strings compare after NFKC with whitespace removed (a title split over lines is one title);
- ``format``: a truth of ``unknown`` (no table visible) also accepts the template of the year;
- ``figures``: every truth key must be in the record's ``summary`` with the same number;
- a field, or a figure, filled where the truth has none is *invented*: wrong, and listed apart.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from govreports.local_files import parse_content
from govreports.parse.statistics import SUMMARY_KEYS

FIELDS = ("title", "issuer", "region", "level", "year", "publish_date", "format")


@dataclass
class Case:
    id: str
    url: str
    content: bytes
    suffix: str  # ".txt" or ".html": how parse reads it
    truth: dict


@dataclass
class Miss:
    case: str
    field: str
    want: object
    got: object
    invented: bool  # the truth has no value here

    def line(self) -> str:
        return f"{self.case} {self.field}: want {_shown(self.want)} got {_shown(self.got)}"


@dataclass
class Score:
    cases: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    figures_right: int = 0
    figures_total: int = 0
    misses: list[Miss] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # cases that could not be read or parsed

    def field_score(self, name: str) -> float:
        return self.right[name] / self.cases if self.cases else 0.0

    @property
    def figures_score(self) -> float:
        return self.figures_right / self.figures_total if self.figures_total else 1.0

    @property
    def overall(self) -> float:
        """Right answers over all answers asked for: every field of every case, and every figure."""
        asked = self.cases * len(FIELDS) + self.figures_total
        return (sum(self.right.values()) + self.figures_right) / asked if asked else 0.0

    @property
    def invented(self) -> list[Miss]:
        return [miss for miss in self.misses if miss.invented]

    def as_dict(self) -> dict:
        return {
            "cases": self.cases,
            "fields": {name: round(self.field_score(name), 4) for name in FIELDS},
            "figures": {"right": self.figures_right, "total": self.figures_total},
            "overall": round(self.overall, 4),
            "misses": [miss.line() for miss in self.misses if not miss.invented],
            "invented": [miss.line() for miss in self.invented],
            "errors": self.errors,
        }


def read_cases(folder: Path) -> Iterator[Case]:
    """The cases of a folder in the realworld layout, in id order."""
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        case_id = data.get("id") or path.stem
        saved = path.with_suffix(".html")
        if "html" in data:
            content, suffix = data["html"].encode("utf-8"), ".html"
        elif saved.is_file():
            content, suffix = saved.read_bytes(), ".html"
        elif "text" in data:
            content, suffix = data["text"].encode("utf-8"), ".txt"
        else:
            raise ValueError(f"{path}: a case needs text, html or a saved {saved.name}")
        if not isinstance(data.get("truth"), dict):
            raise ValueError(f"{path}: no truth")
        yield Case(case_id, data.get("url") or path.resolve().as_uri(), content, suffix, data["truth"])


def evaluate(cases: Iterable[Case]) -> Score:
    """Parse every case as ``govreports parse`` would and score the records against the truth."""
    score = Score()
    for case in cases:
        try:
            record = parse_content(case.content, case.suffix, case.url)
        except Exception as exc:  # noqa: BLE001 - one bad case is a scored failure, not the end of the run
            score.errors.append(f"{case.id}: {type(exc).__name__}: {exc}")
            record = {}
        score_record(score, case.id, case.truth, record)
    return score


def score_record(score: Score, case_id: str, truth: dict, record: dict) -> None:
    """Add one record's fields and figures to ``score``."""
    score.cases += 1
    for name in FIELDS:
        want, got = truth.get(name), record.get(name)
        accepted = _accepted(name, want, truth.get("year"))
        if any(_same(value, got) for value in accepted):
            score.right[name] += 1
        else:
            score.misses.append(Miss(case_id, name, want, got, invented=accepted == [None]))
    figures = truth.get("figures") or {}
    summary = record.get("summary") or {}
    for key in SUMMARY_KEYS:  # the figures scored are the summary's
        want, got = figures.get(key), summary.get(key)
        if want is not None:
            score.figures_total += 1
            if _same(want, got):
                score.figures_right += 1
                continue
        if want is not None or got is not None:
            score.misses.append(Miss(case_id, f"figures.{key}", want, got, invented=want is None))


def _accepted(name: str, want: object, year: object) -> list:
    values = list(want) if isinstance(want, list) else [want]
    if name == "format" and "unknown" in values and isinstance(year, int) and year >= 2019:
        values.append("2021" if year >= 2021 else "2019")
    return values


def _same(want: object, got: object) -> bool:
    if want is None or got is None:
        return want is None and got is None
    if isinstance(want, str) and isinstance(got, str):
        return _squashed(want) == _squashed(got)
    if isinstance(want, bool) or isinstance(got, bool):
        return want == got
    if isinstance(want, int | float) and isinstance(got, int | float):
        return abs(want - got) < 1e-9
    return want == got


def _squashed(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _shown(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def report(score: Score) -> str:
    """The evaluation as a terminal page: the per-field table, then every miss and invention."""
    widths = [max(len(name), 6) for name in FIELDS]
    header = " ".join(f"{name:>{width}}" for name, width in zip(FIELDS, widths, strict=True))
    values = " ".join(f"{score.field_score(name):>{width}.2f}" for name, width in zip(FIELDS, widths, strict=True))
    lines = [
        f"{'':>8} {header}  figures  overall",
        f"{score.cases:>4} cases {values}  {score.figures_right:>3}/{score.figures_total:<3}  {score.overall:.3f}",
    ]
    misses = [miss for miss in score.misses if not miss.invented]
    if misses:
        lines += ["", f"misses ({len(misses)}):", *(f"  {miss.line()}" for miss in misses)]
    if score.invented:
        lines += ["", f"invented ({len(score.invented)}):", *(f"  {miss.line()}" for miss in score.invented)]
    if score.errors:
        lines += ["", f"errors ({len(score.errors)}):", *(f"  {error}" for error in score.errors)]
    return "\n".join(lines)
