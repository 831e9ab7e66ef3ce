"""Inline SVG charts for the report: rates with interval whiskers, counts, and monthly series.

Plain SVG written here, so the report opens offline with no script; every label is escaped
(treatments and specialties can be letter text).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape
from typing import Sequence

WIDTH, LABEL, VALUE, ROW, AXIS = 760, 270, 130, 22, 26
PLOT = WIDTH - LABEL - VALUE
BAR, WHISKER, BAND = "#60a5fa", "#1e3a8a", "#dbeafe"
SERIES = ("#2563eb", "#ea580c")
LABEL_CHARS = 42


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # a rate (fraction) or a count; None draws no bar ("n=0")
    n: int
    low: float | None = None
    high: float | None = None


def rate_bars(bars: Sequence[Bar], title: str) -> str:
    """Horizontal bars of rates with their interval as whiskers, on an axis up to the highest bound."""
    top = max([b.high or b.value or 0 for b in bars] + [0.1])
    return _bars(bars, title, min(1.0, math.ceil(top * 10) / 10), percent=True)


def count_bars(bars: Sequence[Bar], title: str) -> str:
    """Horizontal bars of counts."""
    return _bars(bars, title, _nice(max([b.value or 0 for b in bars] + [1])), percent=False)


def _bars(bars: Sequence[Bar], title: str, top: float, *, percent: bool) -> str:
    height = AXIS + ROW * len(bars) + 6

    def x(value: float) -> float:
        return LABEL + PLOT * value / top

    parts = [_open(title, height)]
    for tick in (top * i / 4 for i in range(5)):
        parts.append(f'<line x1="{x(tick):.1f}" y1="{AXIS - 6}" x2="{x(tick):.1f}" y2="{height - 4}" stroke="#e5e7eb"/>')
        parts.append(_text(x(tick), AXIS - 10, _format(tick, percent), anchor="middle", size=11))
    for i, bar in enumerate(bars):
        y = AXIS + ROW * i
        parts.append(_text(LABEL - 8, y + 15, _short(bar.label), anchor="end", tip=bar.label))
        if bar.value is not None:
            parts.append(f'<rect x="{LABEL}" y="{y + 4}" width="{max(x(bar.value) - LABEL, 1):.1f}" height="{ROW - 8}" fill="{BAR}"/>')
        if bar.low is not None and bar.high is not None:
            lo, hi, mid = x(bar.low), x(bar.high), y + ROW / 2
            parts.append(
                f'<path d="M{lo:.1f} {mid}H{hi:.1f}M{lo:.1f} {mid - 5}V{mid + 5}M{hi:.1f} {mid - 5}V{mid + 5}" '
                f'stroke="{WHISKER}" stroke-width="1.5" fill="none"/>'
            )
        value = "" if bar.value is None or not percent else f"{bar.value:.1%}  "
        parts.append(_text(WIDTH - VALUE + 8, y + 15, f"{value}n={bar.n:,}" if percent else f"{bar.n:,}"))
    return "".join(parts) + "</svg>"


def month_series(months: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]], title: str, *,
                 band: tuple[Sequence[float | None], Sequence[float | None]] | None = None, percent: bool = False) -> str:
    """Lines over calendar months ("2016-12"), gaps kept to scale; ``band`` shades an interval."""
    height, left, right, bottom = 240, 56, WIDTH - 150, 200
    ordinals = [int(m[:4]) * 12 + int(m[5:7]) - 1 for m in months]
    first, span = min(ordinals), max(max(ordinals) - min(ordinals), 1)
    values = [v for _, vs in series for v in vs if v is not None] + [v for vs in band or () for v in vs if v is not None]
    top = min(1.0, math.ceil(max(values + [0.01]) * 10) / 10) if percent else _nice(max(values + [1]))

    def x(ordinal: int) -> float:
        return left + (right - left) * ((ordinal - first) / span if len(set(ordinals)) > 1 else 0.5)

    def y(value: float) -> float:
        return bottom - (bottom - 20) * value / top

    parts = [_open(title, height)]
    for tick in (top * i / 4 for i in range(5)):
        parts.append(f'<line x1="{left}" y1="{y(tick):.1f}" x2="{right}" y2="{y(tick):.1f}" stroke="#e5e7eb"/>')
        parts.append(_text(left - 6, y(tick) + 4, _format(tick, percent), anchor="end", size=11))
    step = max(1, math.ceil(span / 10))
    for o in range(first, first + span + 1, step):
        parts.append(_text(x(o), bottom + 18, f"{o // 12}-{o % 12 + 1:02d}", anchor="middle", size=11))
    if band:
        upper = [(x(o), y(h)) for o, h in zip(ordinals, band[1]) if h is not None]
        lower = [(x(o), y(lo)) for o, lo in zip(ordinals, band[0]) if lo is not None]
        if upper and lower:
            points = " ".join(f"{px:.1f},{py:.1f}" for px, py in upper + lower[::-1])
            parts.append(f'<polygon points="{points}" fill="{BAND}"/>')
    for k, (name, vs) in enumerate(series):
        color = SERIES[k % len(SERIES)]
        points = [(x(o), y(v)) for o, v in zip(ordinals, vs) if v is not None]
        if len(points) > 1:
            parts.append(f'<polyline points="{" ".join(f"{px:.1f},{py:.1f}" for px, py in points)}" fill="none" stroke="{color}" stroke-width="2"/>')
        parts.extend(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{color}"/>' for px, py in points)
        parts.append(f'<rect x="{right + 14}" y="{26 + 20 * k}" width="12" height="12" fill="{color}"/>')
        parts.append(_text(right + 32, 37 + 20 * k, name))
    return "".join(parts) + "</svg>"


def _open(title: str, height: int) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{WIDTH}" height="{height}" '
            f'viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="12"><title>{escape(title)}</title>')


def _text(x: float, y: float, text: str, *, anchor: str = "start", size: int | None = None, tip: str | None = None) -> str:
    font = f' font-size="{size}"' if size else ""
    hover = f"<title>{escape(tip)}</title>" if tip and tip != text else ""
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{font}>{hover}{escape(text)}</text>'


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _format(value: float, percent: bool) -> str:
    return f"{value:.0%}" if percent else f"{value:,.0f}"


def _nice(value: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten at or above ``value``: round axis ends."""
    power = 10 ** math.floor(math.log10(value))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= value)
