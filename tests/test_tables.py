"""annotate's analyst tables: typed Arrow columns, one row per letter, decision, citation and entity,
readable by pandas, Polars and DuckDB without options (Spark reads the same plain types: int32,
string, bool, date32, lists); diagnosis codes taken when records carry them."""
import json
from datetime import date

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from imr_nlp.cli import app
from imr_nlp.tables import EPOCH, SCHEMAS, TableParts, rows, write_tables
from conftest import LETTERS, SYNTHETIC, read
from letters import report_corpus

runner = CliRunner()


@pytest.fixture(scope="module")
def annotated(tmp_path_factory):
    """The report corpus annotated in parts of three letters, so the tables are joined from five parts."""
    tmp = tmp_path_factory.mktemp("tables")
    letters = report_corpus(tmp / "letters", [read(p) for p in LETTERS + SYNTHETIC])
    out = tmp / "out"
    result = runner.invoke(app, ["annotate", str(letters), "--out", str(out), "--no-review", "--part-size", "3"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in (out / "records.jsonl").read_text().splitlines()]
    return records, out / "tables"


def table(folder, name):
    return pq.read_table(folder / f"{name}.parquet")


def test_columns_have_arrow_types_not_json_strings(annotated):
    _, folder = annotated
    for name, schema in SCHEMAS.items():
        assert pq.read_schema(folder / f"{name}.parquet").equals(schema), name
    letters = SCHEMAS["letters"]
    assert letters.field("decision_date").type == pa.date32()
    assert letters.field("reviewer_specialties").type == pa.list_(pa.string())
    assert letters.field("age").type == pa.int32() and letters.field("complete").type == pa.bool_()
    assert SCHEMAS["citations"].field("pages").type == pa.list_(pa.int32())
    assert SCHEMAS["entities"].field("negated").type == pa.bool_()


def test_one_row_per_letter_decision_citation_and_entity_in_input_order(annotated):
    records, folder = annotated
    assert pq.ParquetFile(folder / "letters.parquet").num_row_groups == 5
    assert table(folder, "letters").column("id").to_pylist() == [r["id"] for r in records]
    decisions = table(folder, "decisions")
    assert list(zip(decisions.column("letter_id").to_pylist(), decisions.column("decision").to_pylist())) == [
        (r["id"], d["index"]) for r in records for d in r["decisions"]
    ]
    citations = sum(len(c) for r in records for d in r["decisions"] for c in d["guidelines"].values())
    assert table(folder, "citations").num_rows == citations
    assert table(folder, "entities").column("start").to_pylist() == [e["start"] for r in records for e in r["entities"]]


def test_a_letter_row_carries_its_record(annotated):
    records, folder = annotated
    record = records[0]
    row = table(folder, "letters").slice(0, 1).to_pylist()[0]
    assert row["case_number"] == record["case_number"] == "CM15-0000000"
    assert row["decision_date"] == date(2015, 1, 20) and row["application_received_date"] == date(2014, 12, 29)
    assert row["age"] == record["patient"]["age"] and row["sex"] == record["patient"]["sex"]
    assert row["reviewer_specialties"] == record["reviewer"]["specialties"]
    assert row["decision_count"] == len(record["decisions"]) and row["diagnosis_codes"] == record["diagnosis_codes"] == ["M51.369"]


def test_a_decision_row_carries_its_schedule_and_drug(annotated):
    records, folder = annotated
    rows = table(folder, "decisions").to_pylist()
    therapy = next(r for r in rows if r["letter_id"] == records[0]["id"])
    assert (therapy["treatment"], therapy["body_parts"], therapy["per_week"], therapy["weeks"], therapy["sessions"]) == (
        "physical therapy", ["lumbar spine"], 2, 5, 10)
    assert therapy["medication"] is None and therapy["drug_class"] is None
    norco = next(r for r in rows if r["item"] == "Norco 10/325mg #120")
    assert (norco["medication"], norco["drug_class"], norco["per_week"]) == ("hydrocodone/acetaminophen", "opioid analgesic", None)


def test_entity_norms_are_strings_and_objects_stay_in_their_tables(annotated):
    _, folder = annotated
    entities = table(folder, "entities").to_pylist()
    age = next(e for e in entities if e["label"] == "AGE")
    assert age["norm"] == "53"
    assert all(e["norm"] is None for e in entities if e["label"] in ("FREQUENCY", "GUIDELINE"))
    assert any(e["hypothetical"] for e in entities) and all(e["negated"] is None for e in entities if e["label"] == "DATE")


def test_pandas_polars_and_duckdb_read_the_tables_without_options(annotated):
    records, folder = annotated
    letters = pd.read_parquet(folder / "letters.parquet")
    assert len(letters) == len(records) and str(letters["age"].dtype) == "int32"
    count = duckdb.sql(f"SELECT count(*) FROM '{folder / 'decisions.parquet'}' WHERE list_contains(body_parts, 'lumbar spine')")
    assert count.fetchall()[0][0] == sum("lumbar spine" in d["body_parts"] for r in records for d in r["decisions"])
    entities = pl.read_parquet(folder / "entities.parquet")
    assert entities.height == sum(len(r["entities"]) for r in records) and entities.schema["start"] == pl.Int32


def test_diagnosis_codes_become_columns_and_chapters_when_records_carry_them(annotated, tmp_path):
    """Records with ``diagnosis_codes`` (aligned with ``diagnoses``) and entity ``icd10`` fill those
    columns, and the report counts their letters by ICD-10-CM chapter."""
    records, _ = annotated
    coded = []
    for i, r in enumerate(records):
        codes = [("G56.01", "M51.26")[i % 2]] + [None] * (len(r["diagnoses"]) - 1) if r["diagnoses"] else []
        entities = [{**e, "icd10": "M51.26" if e["label"] == "DIAGNOSIS" else None} for e in r["entities"]]
        coded.append({**r, "diagnosis_codes": codes, "entities": entities})
    write_tables(coded, tmp_path / "tables", part_size=4)
    assert table(tmp_path / "tables", "letters").column("diagnosis_codes").to_pylist() == [r["diagnosis_codes"] for r in coded]
    assert {e["icd10"] for e in table(tmp_path / "tables", "entities").to_pylist() if e["label"] == "DIAGNOSIS"} == {"M51.26"}
    result = runner.invoke(app, ["report", str(tmp_path), "--out", str(tmp_path / "report")])
    assert result.exit_code == 0, result.output
    rows = (tmp_path / "report" / "by_diagnosis_chapter.csv").read_text().splitlines()
    nervous = sum(1 for r in coded if r["diagnosis_codes"][:1] == ["G56.01"])
    musculoskeletal = sum(1 for r in coded if r["diagnosis_codes"][:1] == ["M51.26"])
    assert nervous and musculoskeletal
    assert [r.split(",")[:3] for r in rows[1:]] == [
        ["6", "Diseases of the nervous system", str(nervous)],
        ["13", "Diseases of the musculoskeletal system and connective tissue", str(musculoskeletal)],
    ]


def test_without_codes_the_chapter_table_is_empty(annotated, tmp_path):
    """Records of an older imr_nlp, without ``diagnosis_codes`` or entity ``icd10``, still report."""
    records, _ = annotated
    uncoded = [{k: v for k, v in r.items() if k != "diagnosis_codes"} | {
        "entities": [{k: v for k, v in e.items() if k != "icd10"} for e in r["entities"]]} for r in records]
    write_tables(uncoded, tmp_path / "tables", part_size=4)
    result = runner.invoke(app, ["report", str(tmp_path), "--out", str(tmp_path / "report")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "report" / "by_diagnosis_chapter.csv").read_text() == (
        "chapter,title,letters,decisions,upheld,overturned,overturn_rate,ci_low,ci_high\n")


def test_a_part_read_by_arrows_json_reader_equals_arrows_conversion_of_its_rows(annotated):
    """TableParts goes through Arrow's JSON reader (no pandas import): the same typed table as
    converting the rows from Python, including Unicode text, month-only dates (null), fields a
    schema lacks (ignored) and a table with no rows."""
    records, _ = annotated
    record = {**records[0], "id": "café – ü", "decisions": [{**d, "guidelines": {}} for d in records[0]["decisions"]]}
    record["dates"] = {**record["dates"], "injury": "2015-07"}
    parts = TableParts()
    for r in (record, *records[1:3]):
        parts.add(r)
    for name, schema in SCHEMAS.items():
        expected = [row for r in (record, *records[1:3]) for table_name, row in rows(r) if table_name == name]
        if name == "letters":
            expected = [{k: date.fromordinal(v + EPOCH) if k.endswith("_date") and v is not None else v for k, v in row.items()} for row in expected]
        got = parts.table(name)
        assert got.schema.equals(schema) and got.equals(pa.Table.from_pylist(expected, schema=schema)), name
    assert parts.table("letters").column("id").to_pylist()[0] == "café – ü"
    assert parts.table("letters").column("injury_date").to_pylist()[0] is None
    assert TableParts().table("citations").equals(SCHEMAS["citations"].empty_table())
