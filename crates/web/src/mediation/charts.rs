//! Small charts drawn on the server as SVG, sized for a 360-pixel phone: stacked bars by
//! month, a line of percentages, horizontal bars by category. No script, printable.

use std::fmt::Write;

const W: f64 = 360.0;
const LEFT: f64 = 30.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 22.0;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A round upper bound for an axis.
fn nice_max(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let step = 10f64.powf(max.log10().floor());
    let m = (max / step).ceil() * step;
    if m < max { m + step } else { m }
}

fn frame(out: &mut String, h: f64, max: f64, suffix: &str) {
    let plot = h - TOP - BOTTOM;
    for i in 0..=2 {
        let v = max * f64::from(i) / 2.0;
        let y = TOP + plot - plot * f64::from(i) / 2.0;
        let _ = write!(
            out,
            r##"<line x1="{LEFT}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="#e0e0e0"/><text x="{}" y="{:.1}" text-anchor="end" font-size="11" fill="#555">{}{suffix}</text>"##,
            W - RIGHT,
            LEFT - 3.0,
            y + 4.0,
            v.round()
        );
    }
}

/// Bars per period, stacked by series; `labels` under each bar (every other one when many).
pub fn stacked_bars(title: &str, labels: &[String], series: &[(&str, &str, Vec<i64>)]) -> String {
    let h = 200.0;
    let n = labels.len().max(1) as f64;
    let totals: Vec<i64> = (0..labels.len())
        .map(|i| series.iter().map(|s| s.2.get(i).copied().unwrap_or(0)).sum())
        .collect();
    let max = nice_max(totals.iter().copied().max().unwrap_or(0) as f64);
    let plot = h - TOP - BOTTOM;
    let slot = (W - LEFT - RIGHT) / n;
    let mut out = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {h}" role="img" aria-label="{}" class="chart">"#,
        esc(title)
    );
    frame(&mut out, h, max, "");
    for (i, label) in labels.iter().enumerate() {
        let x = LEFT + slot * i as f64 + slot * 0.15;
        let mut y = TOP + plot;
        for (name, colour, values) in series {
            let v = values.get(i).copied().unwrap_or(0);
            if v == 0 {
                continue;
            }
            let bh = plot * v as f64 / max;
            y -= bh;
            let _ = write!(
                out,
                r#"<rect x="{x:.1}" y="{y:.1}" width="{:.1}" height="{bh:.1}" fill="{colour}"><title>{} {}:{v}</title></rect>"#,
                slot * 0.7,
                esc(label),
                esc(name)
            );
        }
        if labels.len() <= 6 || i % 2 == labels.len() % 2 {
            let _ = write!(
                out,
                r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="11" fill="#333">{}</text>"##,
                x + slot * 0.35,
                h - 6.0,
                esc(label)
            );
        }
    }
    out.push_str("</svg>");
    out
}

/// A line of percentages (0–100) per period; gaps where there is nothing to measure.
pub fn percent_line(title: &str, labels: &[String], values: &[Option<f64>]) -> String {
    let h = 160.0;
    let plot = h - TOP - BOTTOM;
    let slot = (W - LEFT - RIGHT) / labels.len().max(1) as f64;
    let mut out = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {h}" role="img" aria-label="{}" class="chart">"#,
        esc(title)
    );
    frame(&mut out, h, 100.0, "%");
    let points: Vec<(f64, f64, f64)> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            v.map(|v| {
                let x = LEFT + slot * (i as f64 + 0.5);
                (x, TOP + plot - plot * v.clamp(0.0, 100.0) / 100.0, v)
            })
        })
        .collect();
    let path: Vec<String> = points.iter().map(|(x, y, _)| format!("{x:.1},{y:.1}")).collect();
    let _ = write!(
        out,
        r##"<polyline points="{}" fill="none" stroke="#2e7d32" stroke-width="2"/>"##,
        path.join(" ")
    );
    for (x, y, v) in &points {
        let _ = write!(
            out,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="3" fill="#2e7d32"><title>{v:.0}%</title></circle>"##
        );
    }
    for (i, label) in labels.iter().enumerate() {
        if labels.len() <= 6 || i % 2 == labels.len() % 2 {
            let _ = write!(
                out,
                r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="11" fill="#333">{}</text>"##,
                LEFT + slot * (i as f64 + 0.5),
                h - 6.0,
                esc(label)
            );
        }
    }
    out.push_str("</svg>");
    out
}

/// Horizontal bars, one per named item, with the number at the end.
pub fn bars_by_name(title: &str, items: &[(String, i64)]) -> String {
    let row = 24.0;
    let h = row * items.len().max(1) as f64 + 8.0;
    let label_w = 96.0;
    let max = items.iter().map(|i| i.1).max().unwrap_or(1).max(1) as f64;
    let mut out = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {h}" role="img" aria-label="{}" class="chart">"#,
        esc(title)
    );
    for (i, (name, n)) in items.iter().enumerate() {
        let y = 4.0 + row * i as f64;
        let bw = (W - label_w - 48.0) * *n as f64 / max;
        let _ = write!(
            out,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="end" font-size="12" fill="#333">{}</text><rect x="{label_w}" y="{:.1}" width="{bw:.1}" height="{:.1}" fill="#a52a2a"/><text x="{:.1}" y="{:.1}" font-size="12" fill="#333">{n}</text>"##,
            label_w - 6.0,
            y + 15.0,
            esc(name),
            y + 3.0,
            row - 8.0,
            label_w + bw + 4.0,
            y + 15.0
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_fit_a_phone_and_escape_their_labels() {
        let labels: Vec<String> = (1..=12).map(|m| format!("{m}月")).collect();
        let svg = stacked_bars("按月", &labels, &[("一级", "#1e88e5", vec![3; 12])]);
        assert!(svg.contains(r#"viewBox="0 0 360 200""#));
        assert_eq!(svg.matches("<rect").count(), 12);
        let line = percent_line("化解率", &labels, &[Some(50.0), None, Some(100.0)]);
        assert_eq!(line.matches("<circle").count(), 2);
        let named = bars_by_name("类别", &[("<邻里>".into(), 4)]);
        assert!(named.contains("&lt;邻里&gt;") && !named.contains("<邻里>"));
        assert_eq!(nice_max(37.0), 40.0);
    }
}
