#!/usr/bin/env python3
"""Draws docs/growth/growth.svg from docs/growth/growth.csv: each route's p99 and the server's
peak RSS at district, city and province scale, as measured with `fengqiao load` (see
docs/PERFORMANCE.md). Standard library only; run after adding a measured row:
    python3 scripts/growth-plot.py
"""
import csv
import pathlib
from xml.sax.saxutils import escape

HERE = pathlib.Path(__file__).resolve().parent.parent / "docs" / "growth"
SCALES = ["district", "city", "province"]
LABELS = {"district": "区 10 万件", "city": "市 100 万件", "province": "省 1000 万件"}
COLOURS = ["#1a73e8", "#e8710a", "#188038", "#a142f4", "#d93025", "#5f6368"]


def main() -> None:
    rows = list(csv.DictReader(open(HERE / "growth.csv", encoding="utf-8")))
    series: dict[str, dict[str, float]] = {}
    for r in rows:
        if r["value"].strip():
            series.setdefault(r["series"], {})[r["scale"]] = float(r["value"])
    width, height, left, top, plot_w, plot_h = 640, 300, 60, 30, 400, 220
    ms_series = [s for s in series if s != "RSS MB"]
    top_ms = max([v for s in ms_series for v in series[s].values()] + [50.0])
    top_ms = (int(top_ms / 50) + 1) * 50
    x = lambda i: left + plot_w * (i + 0.5) / len(SCALES)
    y = lambda v, top_v: top + plot_h * (1 - v / top_v)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'font-family="sans-serif" font-size="11">',
        f'<text x="{left}" y="16" font-size="12">p99 (ms) per route at 64 clients; peak RSS (MB, dashed)</text>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#999"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#999"/>',
    ]
    for k in range(0, 5):
        v = top_ms * k / 4
        out.append(f'<text x="{left - 6}" y="{y(v, top_ms) + 4:.1f}" text-anchor="end">{v:.0f}</text>')
        out.append(f'<line x1="{left}" y1="{y(v, top_ms):.1f}" x2="{left + plot_w}" y2="{y(v, top_ms):.1f}" stroke="#eee"/>')
    for i, s in enumerate(SCALES):
        out.append(f'<text x="{x(i):.1f}" y="{top + plot_h + 16}" text-anchor="middle">{escape(LABELS[s])}</text>')
    y50 = y(50, top_ms)
    out.append(f'<line x1="{left}" y1="{y50:.1f}" x2="{left + plot_w}" y2="{y50:.1f}" stroke="#d93025" stroke-dasharray="2 3"/>')
    out.append(f'<text x="{left + plot_w - 4}" y="{y50 - 4:.1f}" text-anchor="end" fill="#d93025">目标 p99 50 ms</text>')
    for n, name in enumerate(series):
        colour = COLOURS[n % len(COLOURS)]
        dashed = name == "RSS MB"
        points = [(x(i), y(series[name][s], top_ms)) for i, s in enumerate(SCALES) if s in series[name]]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            dash = ' stroke-dasharray="6 4"' if dashed else ""
            out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
        for px, py in points:
            out.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{colour}"/>')
        ly = top + 14 * n
        out.append(f'<rect x="{left + plot_w + 20}" y="{ly}" width="10" height="10" fill="{colour}"/>')
        out.append(f'<text x="{left + plot_w + 36}" y="{ly + 9}">{escape(name)}</text>')
    missing = [LABELS[s] for s in SCALES if not any(s in v for v in series.values())]
    if missing:
        out.append(f'<text x="{left + plot_w + 20}" y="{top + plot_h}" fill="#5f6368">未测:{escape("、".join(missing))}</text>')
    out.append("</svg>")
    (HERE / "growth.svg").write_text("\n".join(out) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
