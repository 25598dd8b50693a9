//! Drawing a region's grids and compounds as one SVG: an equirectangular projection scaled by
//! the cosine of the middle latitude, so that shapes near Baoji keep their proportions.

use fengqiao_core::geo::{Atlas, AtlasRegion, Shape};
use fengqiao_core::risk::NEUTRAL_COLOUR;
use fengqiao_core::{Level, RiskLevel};
use std::collections::HashMap;
use std::fmt::Write;

const WIDTH: f64 = 800.0;
const LEGEND_HEIGHT: f64 = 56.0;

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

struct Projection {
    min_lon: f64,
    max_lat: f64,
    scale: f64,
    cos_lat: f64,
}

impl Projection {
    fn xy(&self, lon: f64, lat: f64) -> (f64, f64) {
        (
            (lon - self.min_lon) * self.cos_lat * self.scale,
            (self.max_lat - lat) * self.scale,
        )
    }
}

/// Renders `root`'s grids (or `root` itself, if it is a grid) and its compounds. Every shape
/// links to its region page and is filled by `risks`, neutral where nothing is known.
pub fn render_svg(atlas: &Atlas, root: &AtlasRegion, risks: &HashMap<String, RiskLevel>) -> String {
    let fills = Fills {
        by_code: risks.iter().map(|(k, v)| (k.clone(), v.colour())).collect(),
        area: NEUTRAL_COLOUR,
        point: "#ffffff",
        legend: RiskLevel::ALL
            .iter()
            .map(|l| (l.colour(), l.label().to_owned()))
            .chain([
                (NEUTRAL_COLOUR, "暂无风险信息".to_owned()),
                ("#ffffff", "○ 小区".to_owned()),
            ])
            .collect(),
        link: "/regions/",
    };
    render_layer(atlas, root, &fills)
}

/// How a map layer colours its shapes.
pub struct Fills {
    /// Fill by region code (grids and compounds).
    pub by_code: HashMap<String, &'static str>,
    /// Fill of grids the layer says nothing about.
    pub area: &'static str,
    /// Fill of compounds the layer says nothing about.
    pub point: &'static str,
    pub legend: Vec<(&'static str, String)>,
    /// Where a shape links to, followed by its code: `/regions/` for staff, the report form
    /// for residents picking a place.
    pub link: &'static str,
}

/// Renders `root`'s grids and compounds coloured by a layer.
pub fn render_layer(atlas: &Atlas, root: &AtlasRegion, fills: &Fills) -> String {
    let in_tree = std::iter::once(root).chain(atlas.descendants(root));
    let mut grids = Vec::new();
    let mut outlines = Vec::new();
    let mut compounds = Vec::new();
    for r in in_tree {
        match (&r.shape, r.level) {
            (Some(Shape::Area(mp)), Level::Grid) => grids.push((r, mp)),
            (Some(Shape::Area(mp)), Level::Community) if root.level < Level::Community => {
                outlines.push(mp)
            }
            (Some(Shape::Point(p)), Level::Compound) => compounds.push((r, p)),
            _ => {}
        }
    }
    let mut bounds = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    let mut extend = |x: f64, y: f64| {
        bounds = [
            bounds[0].min(x),
            bounds[1].min(y),
            bounds[2].max(x),
            bounds[3].max(y),
        ];
    };
    for (_, mp) in &grids {
        mp.0.iter()
            .flat_map(|p| p.exterior().0.iter())
            .for_each(|c| extend(c.x, c.y));
    }
    compounds.iter().for_each(|(_, p)| extend(p.x(), p.y()));
    let mut svg = String::with_capacity(256 + grids.len() * 200 + compounds.len() * 160);
    if !bounds[0].is_finite() {
        let _ = write!(
            svg,
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} 120" role="img" aria-label="{name}"><text x="20" y="60" font-size="18">{name}暂无网格边界数据</text></svg>"#,
            name = escape(&root.name)
        );
        return svg;
    }
    let cos_lat = ((bounds[1] + bounds[3]) / 2.0).to_radians().cos();
    let span_x = ((bounds[2] - bounds[0]) * cos_lat).max(1e-6);
    let pad = 8.0;
    let proj = Projection {
        min_lon: bounds[0],
        max_lat: bounds[3],
        scale: (WIDTH - 2.0 * pad) / span_x,
        cos_lat,
    };
    let height = ((bounds[3] - bounds[1]) * proj.scale).max(40.0) + 2.0 * pad;
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="{} {} {WIDTH} {:.0}" role="img" aria-label="{}网格风险图"><g stroke="#5f6368" stroke-width="0.6" stroke-linejoin="round">"##,
        -pad,
        -pad,
        height + LEGEND_HEIGHT,
        escape(&root.name)
    );
    for (r, mp) in &grids {
        let fill = fills.by_code.get(&r.code).copied().unwrap_or(fills.area);
        let _ = write!(
            svg,
            r#"<a href="{}{}" data-code="{}"><path fill="{fill}" d=""#,
            fills.link, r.code, r.code
        );
        for poly in &mp.0 {
            for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
                for (i, c) in ring.0.iter().enumerate() {
                    let (x, y) = proj.xy(c.x, c.y);
                    let _ = write!(svg, "{}{x:.1} {y:.1}", if i == 0 { "M" } else { "L" });
                }
                svg.push('Z');
            }
        }
        let _ = write!(svg, r#""><title>{}</title></path></a>"#, escape(&r.name));
    }
    svg.push_str(
        r##"</g><g fill="none" stroke="#202124" stroke-width="1.6" pointer-events="none">"##,
    );
    for mp in &outlines {
        svg.push_str(r#"<path d=""#);
        for poly in &mp.0 {
            for (i, c) in poly.exterior().0.iter().enumerate() {
                let (x, y) = proj.xy(c.x, c.y);
                let _ = write!(svg, "{}{x:.1} {y:.1}", if i == 0 { "M" } else { "L" });
            }
            svg.push('Z');
        }
        svg.push_str(r#""/>"#);
    }
    svg.push_str(r##"</g><g stroke="#202124" stroke-width="1">"##);
    for (r, p) in &compounds {
        let fill = fills.by_code.get(&r.code).copied().unwrap_or(fills.point);
        let (x, y) = proj.xy(p.x(), p.y());
        let _ = write!(
            svg,
            r#"<a href="{link}{code}" data-code="{code}"><circle cx="{x:.1}" cy="{y:.1}" r="4" fill="{fill}"><title>{}</title></circle></a>"#,
            escape(&r.name),
            link = fills.link,
            code = if fills.link == "/regions/" {
                &r.code
            } else {
                r.parent_code.as_deref().unwrap_or(&r.code)
            }
        );
    }
    svg.push_str("</g>");
    legend(&mut svg, height, &fills.legend);
    svg.push_str("</svg>");
    svg
}

fn legend(svg: &mut String, top: f64, entries: &[(&str, String)]) {
    let y = top + 12.0;
    let mut x = 0.0;
    let _ = write!(svg, r##"<g font-size="13" fill="#202124">"##);
    for (colour, label) in entries {
        let label = escape(label);
        let _ = write!(
            svg,
            r##"<rect x="{x}" y="{y}" width="14" height="14" fill="{colour}" stroke="#5f6368"/><text x="{}" y="{}">{label}</text>"##,
            x + 18.0,
            y + 12.0
        );
        x += 18.0 + 14.0 * label.chars().count() as f64 + 14.0;
    }
    svg.push_str("</g>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use fengqiao_core::geo::AtlasRegion;
    use geo_free_square as sq;

    mod geo_free_square {
        use fengqiao_core::geo::Shape;
        pub fn shape(x: f64, y: f64) -> Shape {
            let v = serde_json::json!({"type": "Polygon", "coordinates": [[[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]]});
            Shape::from_geojson(&v).unwrap()
        }
    }

    fn atlas() -> Atlas {
        let r = |code: &str, level, parent: Option<&str>, path: &str, shape| AtlasRegion {
            code: code.into(),
            name: format!("<网格{code}>"),
            level,
            parent_code: parent.map(Into::into),
            path: path.into(),
            shape,
        };
        Atlas::new(vec![
            r(
                "610302001001",
                Level::Community,
                None,
                "/610302001001/",
                None,
            ),
            r(
                "610302001001001",
                Level::Grid,
                Some("610302001001"),
                "/610302001001/610302001001001/",
                Some(sq::shape(107.0, 34.3)),
            ),
            r(
                "610302001001002",
                Level::Grid,
                Some("610302001001"),
                "/610302001001/610302001001002/",
                Some(sq::shape(107.01, 34.3)),
            ),
        ])
    }

    #[test]
    fn grids_are_filled_by_risk_and_link_to_their_pages() {
        let a = atlas();
        let risks = HashMap::from([("610302001001002".to_owned(), RiskLevel::Red)]);
        let svg = render_svg(&a, a.get("610302001001").unwrap(), &risks);
        assert!(svg.contains(r##"<a href="/regions/610302001001002" data-code="610302001001002"><path fill="#d93025""##));
        assert!(svg.contains(&format!(r#"<a href="/regions/610302001001001" data-code="610302001001001"><path fill="{NEUTRAL_COLOUR}""#)));
        assert!(
            svg.contains("&lt;网格610302001001001&gt;"),
            "names are escaped"
        );
        assert!(svg.contains("红色(高风险)"), "legend is drawn");
    }
}
