"""Analyst tables: records flattened into typed Arrow tables, written as Parquet.

``letters``, ``decisions``, ``citations`` and ``entities`` hold one row per letter, decision,
guideline citation and entity, with Arrow types (lists, integers, dates, booleans) so that
pandas, Polars, DuckDB and Spark read them without options. An annotate task writes its part's
tables beside its records; ``merge_tables`` then joins the parts into one Parquet file per table,
one part (one row group) at a time, so memory stays that of a part.

A part's rows become Arrow through Arrow's own JSON reader (C++, typed by the schema): every
conversion from Python objects (``Table.from_pydict``, ``pa.array``) imports pandas when it is
installed, 0.25 s in each worker, and costs more per value.
"""
from __future__ import annotations

import io
import shutil
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any, Iterable, Iterator

import pyarrow as pa
import pyarrow.json as pa_json
import pyarrow.parquet as pq

from .files import atomic_path
from .json_lines import json_line

TEXT, INT, FLAG = pa.string(), pa.int32(), pa.bool_()
TEXTS = pa.list_(TEXT)
FREQUENCY = ("per_week", "weeks", "sessions", "hours_per_day", "days_per_week", "per_day", "days", "months")
CONTEXT = ("negated", "uncertain", "historical", "hypothetical")
DATES = ("injury", "utilization_review", "assigned", "decision", "application_received")

SCHEMAS: dict[str, pa.Schema] = {
    "letters": pa.schema(
        [("id", TEXT), ("source", TEXT), ("case_number", TEXT), ("layout", TEXT), ("priority", TEXT),
         ("is_imr_letter", FLAG), ("complete", FLAG), ("age", INT), ("sex", TEXT)]
        + [(f"{name}_date", pa.date32()) for name in DATES]
        + [("reviewer_licensure", TEXTS), ("reviewer_specialties", TEXTS), ("diagnoses", TEXTS),
           ("diagnosis_codes", TEXTS), ("decision_count", INT)]
    ),
    "decisions": pa.schema(
        [("letter_id", TEXT), ("decision", INT), ("item", TEXT), ("outcome", TEXT), ("category", TEXT),
         ("category_basis", TEXT), ("treatment", TEXT), ("medication", TEXT), ("drug_class", TEXT),
         ("body_parts", TEXTS)]
        + [(name, INT) for name in FREQUENCY]
        + [("original_request", TEXT), ("authorized", TEXT)]
    ),
    "citations": pa.schema(
        [("letter_id", TEXT), ("decision", INT), ("party", TEXT), ("source", TEXT), ("title", TEXT),
         ("topic", TEXT), ("chapter", INT), ("edition", INT), ("year", INT), ("pages", pa.list_(INT)),
         ("sections", TEXTS)]
    ),
    "entities": pa.schema(
        [("letter_id", TEXT), ("label", TEXT), ("text", TEXT), ("start", INT), ("end", INT), ("page", INT),
         ("decision", INT), ("role", TEXT), ("norm", TEXT), ("drug_class", TEXT), ("icd10", TEXT)]
        + [(name, FLAG) for name in CONTEXT]
    ),
}


def rows(record: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(table name, row) pairs of one record, in the order of its decisions and entities."""
    id_ = record["id"]
    yield "letters", _letter(record)
    drugs = {(e["decision"], e["norm"]) for e in record["entities"] if e["label"] == "MEDICATION" and e["role"] == "item"}
    for d in record["decisions"]:
        yield "decisions", _decision(id_, d, medication=(d["index"], d["treatment"]) in drugs)
        for party, citations in d["guidelines"].items():
            for citation in citations:
                yield "citations", {"letter_id": id_, "decision": d["index"], "party": party, **citation}
    for e in record["entities"]:
        yield "entities", _entity(id_, e)


def _letter(record: dict[str, Any]) -> dict[str, Any]:
    return {
        **{key: record[key] for key in ("id", "source", "case_number", "layout", "priority", "is_imr_letter", "complete")},
        "age": record["patient"]["age"],
        "sex": record["patient"]["sex"],
        **{f"{name}_date": _date(record["dates"][name]) for name in DATES},
        "reviewer_licensure": record["reviewer"]["licensure"],
        "reviewer_specialties": record["reviewer"]["specialties"],
        "diagnoses": record["diagnoses"],
        "diagnosis_codes": record.get("diagnosis_codes"),
        "decision_count": len(record["decisions"]),
    }


def _decision(letter_id: str, d: dict[str, Any], *, medication: bool) -> dict[str, Any]:
    """``medication``: the treatment is a drug named in the item (not a class such as "opioids")."""
    return {
        "letter_id": letter_id, "decision": d["index"],
        **{key: d[key] for key in ("item", "outcome", "category", "category_basis", "treatment", "drug_class", "body_parts")},
        "medication": d["treatment"] if medication else None,
        **{key: (d["frequency"] or {}).get(key) for key in FREQUENCY},
        "original_request": d["original_request"], "authorized": d["authorized"],
    }


def _entity(letter_id: str, e: dict[str, Any]) -> dict[str, Any]:
    norm = e["norm"]
    return {
        "letter_id": letter_id,
        **{key: e[key] for key in ("label", "text", "start", "end", "page", "decision", "role", "drug_class")},
        # frequency and citation objects are the decisions' and citations' columns
        "norm": None if norm is None or isinstance(norm, dict) else str(norm),
        "icd10": e.get("icd10"),
        **{key: (e["context"] or {}).get(key) for key in CONTEXT},
    }


EPOCH = date(1970, 1, 1).toordinal()


def _date(iso: str | None) -> int | None:
    """A day as Arrow's ``date32`` holds it (days since 1970-01-01); a date the letter gives only
    to the month ("2015-07") is no day and stays null."""
    return date.fromisoformat(iso).toordinal() - EPOCH if iso and len(iso) == 10 else None


class TableParts:
    """The tables of a part's records, as JSON lines, until written."""

    def __init__(self) -> None:
        self.lines: dict[str, list[str]] = {name: [] for name in SCHEMAS}

    def add(self, record: dict[str, Any]) -> None:
        for name, row in rows(record):
            self.lines[name].append(json_line(row))

    def table(self, name: str) -> pa.Table:
        """The rows of table ``name`` added so far, typed by its schema (fields it lacks ignored)."""
        schema, lines = SCHEMAS[name], self.lines[name]
        if not lines:
            return schema.empty_table()
        data = "\n".join(lines).encode("utf-8")
        return pa_json.read_json(
            io.BytesIO(data),
            read_options=pa_json.ReadOptions(use_threads=False, block_size=len(data) + 1),
            parse_options=pa_json.ParseOptions(explicit_schema=schema, unexpected_field_behavior="ignore"),
        )

    def write(self, prefix: Path) -> None:
        """``{prefix}.{table}.parquet`` for each table, each written atomically."""
        for name in SCHEMAS:
            with atomic_path(Path(f"{prefix}.{name}.parquet")) as tmp:
                pq.write_table(self.table(name), tmp)


def merge_tables(prefixes: list[Path], folder: Path) -> None:
    """Join the parts' tables into ``folder/{table}.parquet``, a part at a time (one row group each).
    A part is read as the one file it is (``ParquetFile``): ``pq.read_table`` goes through the
    dataset API, whose first use imports it and pandas (0.35 s of the merge, in the parent)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, schema in SCHEMAS.items():
        with atomic_path(folder / f"{name}.parquet") as tmp, pq.ParquetWriter(tmp, schema) as writer:
            for prefix in prefixes:
                part = pq.ParquetFile(f"{prefix}.{name}.parquet").read()
                if part.num_rows:
                    writer.write_table(part)


def write_tables(records: Iterable[dict[str, Any]], folder: Path, *, part_size: int = 500) -> None:
    """The tables of ``records`` (an older records.jsonl read line by line, say) in ``folder``,
    written in parts of ``part_size`` records and joined as annotate does."""
    work = folder / ".parts"
    work.mkdir(parents=True, exist_ok=True)
    records = iter(records)
    prefixes: list[Path] = []
    while (batch := list(islice(records, part_size))) or not prefixes:
        parts = TableParts()
        for record in batch:
            parts.add(record)
        prefixes.append(work / f"{len(prefixes):06d}")
        parts.write(prefixes[-1])
    merge_tables(prefixes, folder)
    shutil.rmtree(work)
