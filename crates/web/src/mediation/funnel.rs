//! The inverted funnel as an SVG chart: one bar per level, widest at the top, the resolved
//! share drawn inside each bar.

use fengqiao_store::mediation::FunnelLevel;
use std::fmt::Write;

pub fn svg(levels: &[FunnelLevel]) -> String {
    let max = levels.iter().map(|l| l.entered).max().unwrap_or(0).max(1) as f64;
    let (width, row) = (640.0, 66.0);
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {}" role="img" aria-label="四级联调漏斗" font-size="20">"##,
        row * levels.len() as f64 + 30.0
    );
    for (i, l) in levels.iter().enumerate() {
        let y = i as f64 * row + 4.0;
        let w = (l.entered as f64 / max * (width - 40.0)).max(2.0);
        let x = (width - w) / 2.0;
        let rw = if l.entered > 0 {
            w * (l.resolved as f64 / l.entered as f64).min(1.0)
        } else {
            0.0
        };
        let _ = write!(
            s,
            r##"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="36" fill="#f3d6d0" stroke="#a52a2a"/><rect x="{x:.1}" y="{y:.1}" width="{rw:.1}" height="36" fill="#a52a2a" opacity="0.75"/><text x="{}" y="{:.1}" text-anchor="middle" fill="#202124">{}级 受理{} 化解{} 上交{} 在办{} 超期{}</text>"##,
            width / 2.0,
            y + 56.0,
            ["一", "二", "三", "四"][usize::try_from(l.level - 1).unwrap_or(0).min(3)],
            l.entered,
            l.resolved,
            l.escalated,
            l.open,
            l.overdue
        );
    }
    let _ = write!(
        s,
        r##"<g transform="translate(8,{})"><rect width="16" height="16" fill="#a52a2a" opacity="0.75"/><text x="22" y="15">本级化解</text><rect x="130" width="16" height="16" fill="#f3d6d0" stroke="#a52a2a"/><text x="152" y="15">本级受理</text></g></svg>"##,
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
        assert!(svg.contains(r#"width="600.0""#), "level 1 spans the chart");
        assert!(svg.contains("一级 受理100 化解70"));
        assert!(svg.contains("四级 受理5 "));
    }
}
