//! The inverted funnel as an SVG chart: one bar per level, widest at the top, the resolved
//! share drawn inside each bar.

use fengqiao_store::mediation::FunnelLevel;
use std::fmt::Write;

/// Sized for a 360-pixel phone: the chart is as wide as the screen and its words 13 units
/// high, in two lines per level (what came in and was settled above the bar, the rest below).
pub fn svg(levels: &[FunnelLevel]) -> String {
    let max = levels.iter().map(|l| l.entered).max().unwrap_or(0).max(1) as f64;
    let (width, row) = (360.0, 64.0);
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {}" role="img" aria-label="四级联调漏斗" font-size="13">"##,
        row * levels.len() as f64 + 28.0
    );
    for (i, l) in levels.iter().enumerate() {
        let y = i as f64 * row + 18.0;
        let w = (l.entered as f64 / max * (width - 20.0)).max(2.0);
        let x = (width - w) / 2.0;
        let rw = if l.entered > 0 {
            w * (l.resolved as f64 / l.entered as f64).min(1.0)
        } else {
            0.0
        };
        let name = ["一", "二", "三", "四"][usize::try_from(l.level - 1).unwrap_or(0).min(3)];
        let _ = write!(
            s,
            r##"<text x="{mid}" y="{:.1}" text-anchor="middle" fill="#202124">{name}级 受理 {} · 化解 {}</text><rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="24" fill="#f3d6d0" stroke="#a52a2a"/><rect x="{x:.1}" y="{y:.1}" width="{rw:.1}" height="24" fill="#a52a2a" opacity="0.75"/><text x="{mid}" y="{:.1}" text-anchor="middle" fill="#555">上交 {} · 在办 {} · 诉调对接 {} · 超期 {}</text>"##,
            y - 4.0,
            l.entered,
            l.resolved,
            y + 38.0,
            l.escalated,
            l.open,
            l.referred,
            l.overdue,
            mid = width / 2.0,
        );
    }
    let _ = write!(
        s,
        r##"<g transform="translate(8,{})"><rect width="14" height="14" fill="#a52a2a" opacity="0.75"/><text x="20" y="12">本级化解</text><rect x="110" width="14" height="14" fill="#f3d6d0" stroke="#a52a2a"/><text x="130" y="12">本级受理</text></g></svg>"##,
        row * levels.len() as f64 + 10.0
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_widest_bar_is_the_level_that_took_most_cases() {
        let levels: Vec<FunnelLevel> = [(1, 100, 70), (2, 30, 20), (3, 10, 5), (4, 5, 2)]
            .iter()
            .map(|&(level, entered, resolved)| FunnelLevel {
                level,
                entered,
                resolved,
                ..FunnelLevel::default()
            })
            .collect();
        let svg = svg(&levels);
        assert!(svg.contains(r#"width="340.0""#), "level 1 spans the chart");
        assert!(svg.contains(r#"viewBox="0 0 360 "#), "as wide as a phone");
        assert!(svg.contains("一级 受理 100 · 化解 70"));
        assert!(svg.contains("四级 受理 5 "));
    }
}
