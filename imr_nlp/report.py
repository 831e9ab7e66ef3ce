"""``report``: IMR outcome tables from annotate's Parquet tables, by DuckDB SQL, as CSVs and a page.

Every table counts decisions (the unit an IMR decides: one disputed item) with their outcomes and
adds the overturn rate with its 95% Wilson interval, which stays inside [0, 1] and is honest for
small groups and for rates near zero, as overturns are.
"""
from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass
from pathlib import Path
from statistics import NormalDist
from typing import Any

import duckdb

from .errors import Errors
from .files import write_atomic
from .report_page import page
from .resources import read_pattern_file
from .tables import SCHEMAS

Z95 = NormalDist().inv_cdf(0.975)
TOP = 25
OUTCOMES = ("count(outcome) AS decisions, count(*) FILTER (outcome = 'upheld') AS upheld, "
            "count(*) FILTER (outcome = 'overturned') AS overturned")
RATES = ("overturn_rate", "ci_low", "ci_high")


@dataclass(frozen=True)
class Query:
    name: str  # the CSV's file stem
    title: str
    about: str  # what the table means, for the page
    sql: str
    chart: str = "rates"  # rates, counts (of letters) or months


QUERIES = (
    Query("by_category", "Overturn rate by service category",
          "Decisions by the category of the disputed service (pharmaceuticals, rehabilitation, ...).",
          f"SELECT category, {OUTCOMES} FROM decisions GROUP BY category ORDER BY decisions DESC, category"),
    Query("by_treatment", f"Overturn rate by treatment (top {TOP})",
          f"Decisions by the treatment named in the item (canonical name), the {TOP} most frequent.",
          f"SELECT treatment, {OUTCOMES} FROM decisions WHERE treatment IS NOT NULL "
          f"GROUP BY treatment ORDER BY decisions DESC, treatment LIMIT {TOP}"),
    Query("by_drug_class", "Overturn rate by drug class",
          "Pharmaceutical decisions by the drug group of the requested drug (drug class, or the class "
          "the item names); drugs of no listed group and unnamed drugs are 'others'.",
          f"SELECT coalesce(g.drug_group, 'others') AS drug_class, {OUTCOMES} FROM decisions d "
          "LEFT JOIN drug_groups g ON g.key = coalesce(d.drug_class, d.treatment) "
          "WHERE d.category = 'pharmaceuticals' GROUP BY 1 ORDER BY min(coalesce(g.position, 1000)), 1"),
    Query("by_body_part", f"Overturn rate by body part (top {TOP})",
          f"Decisions by each body part their item names (a decision naming two counts in both), the {TOP} most frequent.",
          f"SELECT body_part, {OUTCOMES} FROM (SELECT unnest(body_parts) AS body_part, outcome FROM decisions) "
          f"GROUP BY body_part ORDER BY decisions DESC, body_part LIMIT {TOP}"),
    Query("by_guideline_source", "Overturn rate when the expert reviewer cites a guideline source",
          "Decisions whose MAXIMUS (expert reviewer) guideline part cites each source; a decision citing two counts in both.",
          f"SELECT source, {OUTCOMES} FROM decisions JOIN (SELECT DISTINCT letter_id, decision, source "
          "FROM citations WHERE party = 'maximus') USING (letter_id, decision) GROUP BY source ORDER BY decisions DESC, source"),
    Query("by_specialty", f"Overturn rate by reviewer specialty (top {TOP})",
          "Letters and their decisions by the expert reviewer's board certification; a reviewer with two counts in both.",
          f"SELECT specialty, count(DISTINCT id) AS letters, {OUTCOMES} FROM (SELECT id, unnest(reviewer_specialties) "
          f"AS specialty FROM letters) LEFT JOIN decisions ON letter_id = id GROUP BY specialty "
          f"ORDER BY decisions DESC, specialty LIMIT {TOP}"),
    Query("by_month", "Letters, overturn rate and processing time by decision month",
          "Letters by the month of their decision date, their decisions' outcomes, and the days from "
          "application received to decision (median and 90th percentile, letters stating both dates).",
          "WITH dated AS (SELECT id, strftime(decision_date, '%Y-%m') AS month, "
          "date_diff('day', application_received_date, decision_date) AS days FROM letters WHERE decision_date IS NOT NULL), "
          "per_letter AS (SELECT month, count(*) AS letters, quantile_cont(days, 0.5) AS median_processing_days, "
          "quantile_cont(days, 0.9) AS p90_processing_days FROM dated GROUP BY month), "
          f"per_decision AS (SELECT month, {OUTCOMES} FROM dated JOIN decisions ON letter_id = id GROUP BY month) "
          "SELECT month, letters, coalesce(decisions, 0) AS decisions, coalesce(upheld, 0) AS upheld, "
          "coalesce(overturned, 0) AS overturned, median_processing_days, p90_processing_days "
          "FROM per_letter LEFT JOIN per_decision USING (month) ORDER BY month",
          chart="months"),
    Query("decisions_per_letter", "Letters by number of decisions",
          "IMR letters by how many disputed items they decide, and the outcomes of those decisions.",
          f"SELECT decision_count AS decisions_per_letter, count(DISTINCT id) AS letters, {OUTCOMES} "
          "FROM letters LEFT JOIN decisions ON letter_id = id WHERE is_imr_letter GROUP BY 1 ORDER BY 1",
          chart="counts"),
    Query("partial_authorizations", "Overturn rate after a partial authorization",
          "Decisions on requests that utilization review partly authorized (the letter states the original "
          "request or what was authorized) against those it denied outright.",
          "SELECT CASE WHEN original_request IS NOT NULL OR authorized IS NOT NULL THEN 'partially authorized' "
          f"ELSE 'denied' END AS utilization_review, {OUTCOMES} FROM decisions GROUP BY 1 ORDER BY 1"),
    Query("demographics", "Overturn rate by the patient's age band and sex",
          "IMR letters and their decisions by the patient's age band and sex as the letter states them.",
          "WITH l AS (SELECT id, age, CASE WHEN age IS NULL THEN 'unknown' WHEN age < 30 THEN 'under 30' "
          "WHEN age >= 60 THEN '60 and over' ELSE (age // 10 * 10)::VARCHAR || '-' || (age // 10 * 10 + 9)::VARCHAR END "
          "AS age_band, coalesce(sex, 'unknown') AS sex FROM letters WHERE is_imr_letter), "
          f"groups AS (SELECT 1 AS part, 'age' AS characteristic, age_band AS value, min(age) AS rank, count(DISTINCT id) AS letters, {OUTCOMES} "
          "FROM l LEFT JOIN decisions ON letter_id = id GROUP BY age_band "
          f"UNION ALL SELECT 2, 'sex', sex, NULL, count(DISTINCT id), {OUTCOMES} FROM l LEFT JOIN decisions ON letter_id = id GROUP BY sex) "
          "SELECT characteristic, value, letters, decisions, upheld, overturned FROM groups ORDER BY part, rank NULLS LAST, value"),
    Query("accident_year", "Overturn rate by accident year",
          "IMR letters and their decisions by the year of the date of injury.",
          f"SELECT coalesce(year(injury_date)::VARCHAR, 'unknown') AS accident_year, count(DISTINCT id) AS letters, {OUTCOMES} "
          "FROM letters LEFT JOIN decisions ON letter_id = id WHERE is_imr_letter GROUP BY 1 ORDER BY 1"),
    Query("by_diagnosis_chapter", "Overturn rate by ICD-10-CM chapter of the diagnoses",
          "Letters and their decisions by the ICD-10-CM chapter of each diagnosis code of the letter (a letter "
          "with diagnoses in two chapters counts in both); empty while no diagnosis carries a code.",
          "WITH coded AS (SELECT DISTINCT l.id, c.chapter, c.title FROM (SELECT id, unnest(diagnosis_codes) AS code "
          "FROM letters) l JOIN icd10_chapters c ON upper(left(l.code, 3)) BETWEEN c.first AND c.last) "
          f"SELECT chapter, title, count(DISTINCT id) AS letters, {OUTCOMES} FROM coded "
          "LEFT JOIN decisions ON letter_id = id GROUP BY chapter, title ORDER BY chapter"),
)
OVERVIEW = (
    "SELECT (SELECT count(*) FROM letters) AS letters, (SELECT count(*) FROM letters WHERE is_imr_letter) AS imr_letters, "
    f"(SELECT count(decision_date) FROM letters) AS dated_letters, {OUTCOMES}, "
    "(SELECT min(decision_date) FROM letters)::VARCHAR AS first_decision, (SELECT max(decision_date) FROM letters)::VARCHAR AS last_decision "
    "FROM decisions"
)


@dataclass(frozen=True)
class Result:
    query: Query
    columns: list[str]
    rows: list[tuple[Any, ...]]


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of ``k`` successes in ``n`` trials (95% by default)."""
    p = k / n
    center = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, center - half), min(1.0, center + half)


def report(annotations: Path, out: Path, *, force: bool = False) -> list[Result]:
    """Write ``out/index.html`` and one CSV per table from ``annotations/tables/``."""
    folder = annotations / "tables"
    paths = {name: folder / f"{name}.parquet" for name in SCHEMAS}
    if not all(path.is_file() for path in paths.values()):
        raise ValueError(Errors.E019.format(path=folder))
    if out.exists() and any(out.iterdir()) and not force:
        raise ValueError(Errors.E020.format(path=out))
    con = _connect(paths)
    try:
        results = [_run(con, query) for query in QUERIES]
        columns, rows = _fetch(con, OVERVIEW)
    except duckdb.Error as err:
        raise ValueError(Errors.E021.format(path=folder, detail=err)) from err
    finally:
        con.close()
    out.mkdir(parents=True, exist_ok=True)
    for result in results:
        write_atomic(out / f"{result.query.name}.csv", _csv(result))
    write_atomic(out / "index.html", page(dict(zip(columns, rows[0])), results))
    return results


def _connect(paths: dict[str, Path]) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with a view per Parquet table and the report's lookup tables."""
    con = duckdb.connect()
    for name, path in paths.items():
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{_quoted(path)}')")
    groups = json.loads(read_pattern_file("drug_groups.json"))["groups"]
    keys: dict[str, tuple[str, int]] = {}  # one row a key ("proton pump inhibitor" is a class and a treatment)
    for position, group in enumerate(groups):
        for key in group["drug_classes"] + group["treatments"]:
            keys.setdefault(key, (group["name"], position))
    con.execute("CREATE TABLE drug_groups (key VARCHAR PRIMARY KEY, drug_group VARCHAR, position INTEGER)")
    con.executemany("INSERT INTO drug_groups VALUES (?, ?, ?)", [(key, *value) for key, value in keys.items()])
    chapters = json.loads(read_pattern_file("icd10_chapters.json"))["chapters"]
    con.execute("CREATE TABLE icd10_chapters (chapter INTEGER, first VARCHAR, last VARCHAR, title VARCHAR)")
    con.executemany("INSERT INTO icd10_chapters VALUES (?, ?, ?, ?)", [(c["chapter"], c["first"], c["last"], c["title"]) for c in chapters])
    return con


def _quoted(path: Path) -> str:
    return str(path.resolve()).replace("'", "''")


def _fetch(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    cursor = con.execute(sql)
    return [d[0] for d in cursor.description], cursor.fetchall()


def _run(con: duckdb.DuckDBPyConnection, query: Query) -> Result:
    """The query's rows with the overturn rate and its interval after the outcome counts."""
    columns, rows = _fetch(con, query.sql)
    at = columns.index("overturned") + 1
    return Result(query, columns[:at] + list(RATES) + columns[at:], [row[:at] + _rates(row, columns) + row[at:] for row in rows])


def _rates(row: tuple, columns: list[str]) -> tuple[float | None, ...]:
    n, k = row[columns.index("decisions")], row[columns.index("overturned")]
    return (k / n, *wilson(k, n)) if n else (None, None, None)


def _csv(result: Result) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(result.columns)
    writer.writerows([_cell(v) for v in row] for row in result.rows)
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    """Floats to six decimals without trailing zeros; nulls empty."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6f}".rstrip("0").rstrip(".")
    return value
