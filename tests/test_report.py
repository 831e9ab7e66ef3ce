"""The report's tables recomputed in plain Python from records.jsonl, the Wilson interval, and the page."""
import csv
import json
import statistics
from collections import defaultdict
from datetime import date

import pytest
from typer.testing import CliRunner

from imr_nlp.cli import app
from imr_nlp.report import wilson
from conftest import LETTERS, ROOT, SYNTHETIC, read
from letters import report_corpus

runner = CliRunner()
COLUMNS = ["decisions", "upheld", "overturned", "overturn_rate", "ci_low", "ci_high"]


@pytest.fixture(scope="module")
def reported(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("report")
    letters = report_corpus(tmp / "letters", [read(p) for p in LETTERS + SYNTHETIC])
    out = tmp / "out"
    for command in (["annotate", str(letters), "--out", str(out), "--no-review"], ["report", str(out), "--out", str(tmp / "report")]):
        result = runner.invoke(app, command)
        assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in (out / "records.jsonl").read_text().splitlines()]
    return records, tmp / "report"


def read_csv(path):
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def number(text):
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return None if text == "" else text


def numbers(rows):
    return [{key: number(value) for key, value in row.items()} for row in rows]


def outcome_columns(outcomes):
    """The report's outcome columns of a list of outcomes, rates to six decimals as written."""
    n, k = len(outcomes), outcomes.count("overturned")
    low, high = wilson(k, n)
    return {"decisions": n, "upheld": n - k, "overturned": k,
            "overturn_rate": round(k / n, 6), "ci_low": round(low, 6), "ci_high": round(high, 6)}


def decisions(records):
    return [d for r in records for d in r["decisions"]]


def test_corpus_has_both_outcomes_and_several_months(reported):
    records, _ = reported
    assert {d["outcome"] for d in decisions(records)} == {"upheld", "overturned"}
    assert len({r["dates"]["decision"][:7] for r in records if r["dates"]["decision"]}) == 4
    assert any(r["dates"]["decision"] is None for r in records)


def test_by_category_matches_the_records(reported):
    records, report = reported
    outcomes = defaultdict(list)
    for d in decisions(records):
        outcomes[d["category"]].append(d["outcome"])
    expected = sorted(({"category": c, **outcome_columns(o)} for c, o in outcomes.items()),
                      key=lambda row: (-row["decisions"], row["category"]))
    rows = read_csv(report / "by_category.csv")
    assert list(rows[0]) == ["category"] + COLUMNS
    assert numbers(rows) == expected


def test_by_drug_class_matches_the_records(reported):
    records, report = reported
    spec = json.loads((ROOT / "patterns" / "drug_groups.json").read_text())
    group_of = {key: g["name"] for g in spec["groups"] for key in g["drug_classes"] + g["treatments"]}
    order = [g["name"] for g in spec["groups"]] + ["others"]
    outcomes = defaultdict(list)
    for d in decisions(records):
        if d["category"] == "pharmaceuticals":
            outcomes[group_of.get(d["drug_class"] or d["treatment"], "others")].append(d["outcome"])
    expected = [{"drug_class": g, **outcome_columns(outcomes[g])} for g in order if g in outcomes]
    assert len(expected) >= 5
    assert numbers(read_csv(report / "by_drug_class.csv")) == expected


def quantile(values, q):
    """Linear interpolation between order statistics (DuckDB's quantile_cont, R's type 7)."""
    values = sorted(values)
    position = q * (len(values) - 1)
    below = int(position)
    above = min(below + 1, len(values) - 1)
    return values[below] + (values[above] - values[below]) * (position - below)


def test_by_month_matches_the_records(reported):
    records, report = reported
    letters, outcomes, days = defaultdict(int), defaultdict(list), defaultdict(list)
    for r in records:
        decided = r["dates"]["decision"]
        if decided is None:
            continue
        month = decided[:7]
        letters[month] += 1
        outcomes[month] += [d["outcome"] for d in r["decisions"]]
        if r["dates"]["application_received"]:
            days[month].append((date.fromisoformat(decided) - date.fromisoformat(r["dates"]["application_received"])).days)
    expected = [
        {"month": m, "letters": letters[m], **outcome_columns(outcomes[m]),
         "median_processing_days": round(statistics.median(days[m]), 6), "p90_processing_days": round(quantile(days[m], 0.9), 6)}
        for m in sorted(letters)
    ]
    rows = read_csv(report / "by_month.csv")
    assert list(rows[0]) == ["month", "letters"] + COLUMNS + ["median_processing_days", "p90_processing_days"]
    assert numbers(rows) == expected


@pytest.mark.parametrize(
    "k, n, low, high",
    # Newcombe (1998), Statistics in Medicine 17:857-872, Table I, method 3 (score interval)
    [(81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611), (1, 29, 0.0061, 0.1718)],
)
def test_wilson_interval_known_values(k, n, low, high):
    assert tuple(round(v, 4) for v in wilson(k, n)) == (low, high)


def test_every_table_has_its_csv_and_section(reported):
    _, report = reported
    page = (report / "index.html").read_text()
    names = ["by_category", "by_treatment", "by_drug_class", "by_body_part", "by_guideline_source", "by_specialty",
             "by_month", "decisions_per_letter", "partial_authorizations", "demographics", "accident_year",
             "by_diagnosis_chapter"]
    assert sorted(p.stem for p in report.glob("*.csv")) == sorted(names)
    for name in names:
        assert f"<section id='{name}'>" in page and f"href='{name}.csv'" in page


def test_page_names_the_corpus_size_and_date_range(reported):
    records, report = reported
    page = (report / "index.html").read_text()
    dated = sorted(r["dates"]["decision"] for r in records if r["dates"]["decision"])
    assert f"<b>{len(records)} letters</b>" in page and f"<b>{len(decisions(records))} decisions</b>" in page
    assert f"decision dates from {dated[0]} to {dated[-1]}" in page


def test_page_fetches_nothing(reported):
    _, report = reported
    page = (report / "index.html").read_text()
    for marker in ("<script", "<link", "<img", "<iframe", "src=", "url(", "@import", "http://", "https://"):
        assert marker not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_report_needs_tables(tmp_path):
    (tmp_path / "records.jsonl").write_text("")
    result = runner.invoke(app, ["report", str(tmp_path), "--out", str(tmp_path / "report")])
    assert result.exit_code == 2 and "No analyst tables in" in result.output and "Annotate the letters again" in result.output


def test_report_keeps_a_non_empty_folder_without_force(reported, tmp_path):
    _, report = reported
    (tmp_path / "notes.txt").write_text("mine")
    result = runner.invoke(app, ["report", str(report.parent / "out"), "--out", str(tmp_path)])
    assert result.exit_code == 2 and "--force" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
