"""Datasette metadata for a govreports store: every table and column described, units named,
source and licence notes, and canned queries an analyst starts from.

Statistics keys are explained by the ``statistics_labels`` table in the store itself (one row
per cell with the template's Chinese labels, from ``statistics_template.statistics_labels``).
"""

from __future__ import annotations

from govreports.store.store import SERIES_KEY

OUTCOME_GROUP_SQL = """CASE
    WHEN row IN ('granted', 'partial') THEN row
    WHEN row LIKE 'refused_%' THEN 'refused'
    WHEN row LIKE 'unavailable_%' THEN 'unavailable'
    WHEN row LIKE 'not_processed_%' THEN 'not_processed'
    ELSE 'other' END"""

CANNED_QUERIES = {
    "applications_per_year_and_level": {
        "title": "Applications received per year and level",
        "description": "All eras: 2019+ tables (三、一、本年新收) and pre-2019 prose (收到申请总数), via summary_json.",
        "sql": """SELECT year, level, count(*) AS reports,
  count(json_extract(summary_json, '$.applications_new')) AS reports_stating_it,
  sum(json_extract(summary_json, '$.applications_new')) AS applications_received
FROM reports WHERE year IS NOT NULL GROUP BY year, level ORDER BY year, level""",
    },
    "outcome_shares": {
        "title": "How applications ended, per year (shares of 办理结果)",
        "description": "Result rows of section 三, total column, grouped: granted, partial, refused (不予公开), "
        "unavailable (无法提供), not_processed (不予处理), other (其他处理).",
        "sql": f"""SELECT year, {OUTCOME_GROUP_SQL} AS outcome, sum(value) AS applications,
  round(100.0 * sum(value) / sum(sum(value)) OVER (PARTITION BY year), 1) AS percent
FROM statistics JOIN reports USING (report_id)
WHERE section = 'applications' AND col = 'total'
  AND row NOT IN ('new', 'carried_in', 'total', 'carried_out')
GROUP BY year, outcome HAVING sum(value) IS NOT NULL ORDER BY year, applications DESC""",
    },
    "failing_checks": {
        "title": "Reports whose figures do not add up",
        "description": "Within-report rules (docs/schema.md §4) and across-year rules; soft = informational.",
        "sql": """SELECT r.issuer, r.year, c.rule, 0 AS soft, c.detail, r.url
FROM checks c JOIN reports r USING (report_id) WHERE c.ok = 0
UNION ALL
SELECT x.issuer, x.year_to, x.rule, x.soft, x.detail, r.url
FROM cross_checks x JOIN reports r ON r.report_id = x.report_to WHERE x.ok = 0
ORDER BY 2, 1""",
    },
    "places_missing_a_year": {
        "title": "Organs missing a year between their first and last report",
        "description": "An area's reports are one series whoever publishes them (its government or its "
        "office), keyed by division code; a department's by its name.",
        "sql": f"""WITH series AS (SELECT {SERIES_KEY} AS organ, issuer, year FROM reports
  WHERE year IS NOT NULL AND issuer IS NOT NULL),
span(organ, year, last) AS (
  SELECT organ, min(year), max(year) FROM series GROUP BY organ
  UNION ALL SELECT organ, year + 1, last FROM span WHERE year < last)
SELECT (SELECT issuer FROM series WHERE series.organ = s.organ GROUP BY issuer ORDER BY count(*) DESC LIMIT 1)
  AS issuer, s.year AS missing_year
FROM span s WHERE NOT EXISTS (SELECT 1 FROM series r WHERE r.organ = s.organ AND r.year = s.year)
ORDER BY 1, 2""",
    },
    "late_publications": {
        "title": "Reports published after their statutory deadline",
        "description": "Deadline from the 条例 in force for the report year (see govreports/timeliness.py).",
        "sql": """SELECT issuer, level, year, publish_date, deadline, days_late, url
FROM reports WHERE days_late > 0 ORDER BY days_late DESC, year""",
    },
}

_TABLES = {
    "reports": {
        "description": "One row per report (docs/schema.md §1). Re-crawls update rows in place.",
        "columns": {
            "report_id": "sha1 of the canonical source URL",
            "url": "the report page (or attachment)",
            "issuer": "the organ whose report it is",
            "region": "the division the issuer governs, its own name",
            "division_code": "GB/T 2260 code (6 digits) or township code (9 digits); null unless certain",
            "level": "province | prefecture | county | department | township | unknown",
            "year": "the reporting (statistics) year, not the posting year",
            "publish_date": "发布时间 of the page, else the signature date",
            "deadline": "statutory publication deadline for this organ and year (条例 第三十一条 / 第四十九条)",
            "days_late": "days after the deadline; 0 when on time, null when unknown",
            "format": "national template of the tables: pre2019 | 2019 | 2021 | unknown",
            "statistics_json": "sections 二/三/四 in SCHEMA keys, with raw cell texts; money in 万元",
            "summary_json": "headline figures comparable across eras",
            "warnings_json": "machine-readable flags",
        },
    },
    "statistics": {
        "description": "One row per table cell (long format). Join statistics_labels for the Chinese labels.",
        "columns": {
            "section": "active (二) | applications (三) | review_litigation (四) | pre2019",
            "row": "row key, e.g. new, granted, refused_state_secret; see statistics_labels",
            "col": "column key, e.g. natural_person, total, amount",
            "value": "the number; money in 万元 (pre2019 fees_yuan in 元); null for a blank cell",
            "raw": "the cell text as published",
        },
    },
    "statistics_labels": {"description": "What each statistics key means, with the template's Chinese labels"},
    "checks": {
        "description": "docs/schema.md §4 arithmetic rules per report; ok = 1, 0, or null when nothing could be judged"
    },
    "cross_checks": {
        "description": "Rules across two consecutive years of one issuer; soft = 1 marks informational rules",
    },
    "attachments": {"description": "Files attached to reports"},
    "crawls": {"description": "One row per crawl run: new, changed, unchanged, errors"},
}


def datasette_metadata(database: str) -> dict:
    """Metadata for ``datasette serve`` with the store opened under the name ``database``."""
    return {
        "title": "govreports: 政府信息公开工作年度报告",
        "description": "China's government information-disclosure annual reports, cleaned and structured.",
        "source": "Government portals (政府信息公开专栏); each row links to its source URL",
        "license": "Reports are public government information; check reuse terms of each portal",
        "databases": {database: {"tables": _TABLES, "queries": CANNED_QUERIES}},
    }
