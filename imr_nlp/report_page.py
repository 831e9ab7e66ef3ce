"""The report's ``index.html``: corpus size, methods, and each table with its chart.

One self-contained page (inline SVG and style, no script, nothing fetched), so it opens offline
and can be mailed; every value is escaped, as treatments and specialties can be letter text.
"""
from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from .charts import Bar, count_bars, month_series, rate_bars

if TYPE_CHECKING:
    from .report import Result

STYLE = (
    "body{font-family:sans-serif;margin:2em auto;max-width:62em;padding:0 1em;color:#111}"
    "table{border-collapse:collapse;margin:.6em 0 1.6em;font-size:.9em}"
    "td,th{border:1px solid #d1d5db;padding:.25em .6em;text-align:left}td.n{text-align:right}"
    "th{background:#f3f4f6}p.note{color:#374151;max-width:52em}svg{display:block;margin:.4em 0}"
)
METHODS = (
    "A <b>decision</b> is one disputed item of a letter (a treatment, test or service requested for the injured "
    "worker) with its outcome: <i>upheld</i> (the denial stands) or <i>overturned</i> (the item is medically "
    "necessary). Rates are per decision, not per letter. A decision's <b>category</b> is read from its item: a "
    "lexicon term or the head of the item, else the guideline topics cited in its block, else the treatments its "
    "rationale names (the decisions table's <code>category_basis</code> says which). The interval of each rate is "
    "the 95% Wilson score interval, which stays within 0-100% and holds for small groups. Everything here comes "
    "from the letters by rules, without review by hand: counts carry the extraction's errors."
)


def page(overview: dict[str, Any], results: list[Result]) -> str:
    """The page of ``results`` under the corpus line of ``overview`` (the report's OVERVIEW row)."""
    sections = "".join(_section(r) for r in results)
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>IMR outcomes report</title>"
        f"<style>{STYLE}</style></head><body><h1>IMR outcomes report</h1>{_corpus(overview)}"
        f"<h2>Methods</h2><p class='note'>{METHODS}</p>{sections}</body></html>"
    )


def _corpus(o: dict[str, Any]) -> str:
    rate = f"{o['overturned'] / o['decisions']:.1%}" if o["decisions"] else "none"
    dates = (f"decision dates from {escape(o['first_decision'])} to {escape(o['last_decision'])} "
             f"({o['dated_letters']:,} letters state one)") if o["first_decision"] else "no letter states a decision date"
    return (
        f"<p class='corpus'><b>{o['letters']:,} letters</b> ({o['imr_letters']:,} IMR letters), "
        f"<b>{o['decisions']:,} decisions</b>: {o['upheld']:,} upheld, {o['overturned']:,} overturned "
        f"(overturn rate {rate}); {dates}.</p>"
    )


def _section(result: Result) -> str:
    query = result.query
    chart = _chart(result) if result.rows else "<p class='empty'>No rows in this corpus.</p>"
    return (
        f"<section id='{query.name}'><h2>{escape(query.title)}</h2><p class='note'>{escape(query.about)} "
        f"<a href='{query.name}.csv'>{query.name}.csv</a></p>{chart}{_table(result)}</section>"
    )


def _chart(result: Result) -> str:
    rows = [dict(zip(result.columns, row)) for row in result.rows]
    title = result.query.title
    if result.query.chart == "months":
        months = [r["month"] for r in rows]
        return month_series(
            months, [("overturn rate", [r["overturn_rate"] for r in rows])], f"{title}: overturn rate",
            band=([r["ci_low"] for r in rows], [r["ci_high"] for r in rows]), percent=True,
        ) + month_series(
            months, [("median days", [r["median_processing_days"] for r in rows]),
                     ("90th percentile", [r["p90_processing_days"] for r in rows])],
            f"{title}: days from application to decision",
        )
    # the columns before the counts name the group: "sex · female", "13 · Diseases of the musculoskeletal ..."
    keys = result.columns[: min(result.columns.index(c) for c in ("letters", "decisions") if c in result.columns)]
    labels = [" · ".join(str(r[k]) for k in keys) for r in rows]
    if result.query.chart == "counts":
        return count_bars([Bar(label, r["letters"], r["letters"]) for label, r in zip(labels, rows)], f"{title}: letters")
    return rate_bars([Bar(label, r["overturn_rate"], r["decisions"], r["ci_low"], r["ci_high"]) for label, r in zip(labels, rows)], title)


def _table(result: Result) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in result.columns)
    body = "".join(
        "<tr>" + "".join(_cell(c, v) for c, v in zip(result.columns, row)) + "</tr>" for row in result.rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def _cell(column: str, value: Any) -> str:
    if value is None:
        return "<td></td>"
    if isinstance(value, float):
        shown = f"{value:.1%}" if column in ("overturn_rate", "ci_low", "ci_high") else f"{value:,.1f}"
        return f"<td class='n'>{shown}</td>"
    if isinstance(value, int):
        return f"<td class='n'>{value:,}</td>"
    return f"<td>{escape(str(value))}</td>"
