//! Public warnings as OASIS CAP 1.2 alerts, and the Atom feed that lists them, so that any
//! CAP-aware channel (broadcast systems, phone alerting, other platforms) can pick them up.
//! Times carry Beijing's offset: CAP forbids the `Z` designator.

use crate::atom;
use crate::time::iso;
use crate::xml::{document, text_el, Xml};
use quick_xml::Writer;

pub const CAP_NS: &str = "urn:oasis:names:tc:emergency:cap:1.2";

crate::named_enum! {
    /// CAP `<msgType>`: a first warning, a change to one, or its withdrawal.
    pub enum MsgType ("预警类型") {
        Alert => ("Alert", "发布"),
        Update => ("Update", "更新"),
        Cancel => ("Cancel", "解除"),
    }
}

/// An earlier alert this one updates or cancels.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub identifier: String,
    pub sent: i64,
}

/// One alert with one `<info>` block and one `<area>`.
#[derive(Debug, Clone, PartialEq)]
pub struct Alert {
    pub identifier: String,
    /// An address-like name without spaces or commas, e.g. `fengqiao@610302`.
    pub sender: String,
    pub sender_name: String,
    pub sent: i64,
    /// `Exercise` instead of `Actual`: a drill's warning.
    pub exercise: bool,
    pub msg_type: MsgType,
    pub references: Vec<Reference>,
    pub category: &'static str,
    pub event: String,
    pub severity: &'static str,
    pub headline: String,
    pub description: String,
    pub instruction: String,
    pub web: String,
    pub area_desc: String,
    /// Rings of (longitude, latitude); each is closed when written.
    pub polygons: Vec<Vec<(f64, f64)>>,
}

/// A ring as CAP writes it: `lat,lon` pairs separated by spaces, first and last the same.
pub fn polygon(ring: &[(f64, f64)]) -> Option<String> {
    let mut pts: Vec<(f64, f64)> = ring.to_vec();
    if pts.first() != pts.last() {
        pts.push(*pts.first()?);
    }
    (pts.len() >= 4).then(|| {
        pts.iter()
            .map(|(lon, lat)| format!("{lat:.6},{lon:.6}"))
            .collect::<Vec<_>>()
            .join(" ")
    })
}

fn alert_body(w: &mut Writer<Vec<u8>>, a: &Alert) -> Xml {
    text_el(w, "identifier", &a.identifier)?;
    text_el(w, "sender", &a.sender)?;
    text_el(w, "sent", &iso(a.sent))?;
    text_el(w, "status", if a.exercise { "Exercise" } else { "Actual" })?;
    text_el(w, "msgType", a.msg_type.as_str())?;
    text_el(w, "scope", "Public")?;
    if a.exercise {
        text_el(w, "note", "演练信息,非真实事件")?;
    }
    if !a.references.is_empty() {
        let refs: Vec<String> = a
            .references
            .iter()
            .map(|r| format!("{},{},{}", a.sender, r.identifier, iso(r.sent)))
            .collect();
        text_el(w, "references", &refs.join(" "))?;
    }
    w.create_element("info").write_inner_content(|w| {
        text_el(w, "language", "zh-CN")?;
        text_el(w, "category", a.category)?;
        text_el(w, "event", &a.event)?;
        text_el(
            w,
            "urgency",
            if a.msg_type == MsgType::Cancel {
                "Past"
            } else {
                "Immediate"
            },
        )?;
        text_el(w, "severity", a.severity)?;
        text_el(w, "certainty", "Observed")?;
        text_el(w, "senderName", &a.sender_name)?;
        text_el(w, "headline", &a.headline)?;
        text_el(w, "description", &a.description)?;
        if !a.instruction.is_empty() {
            text_el(w, "instruction", &a.instruction)?;
        }
        if !a.web.is_empty() {
            text_el(w, "web", &a.web)?;
        }
        w.create_element("area").write_inner_content(|w| {
            text_el(w, "areaDesc", &a.area_desc)?;
            for ring in &a.polygons {
                if let Some(p) = polygon(ring) {
                    text_el(w, "polygon", &p)?;
                }
            }
            Ok(())
        })?;
        Ok(())
    })?;
    Ok(())
}

/// The alert as a CAP 1.2 document.
pub fn write_alert(a: &Alert) -> String {
    document(|w| {
        w.create_element("alert")
            .with_attribute(("xmlns", CAP_NS))
            .write_inner_content(|w| alert_body(w, a))?;
        Ok(())
    })
}

/// An entry of the feed: the alert and where its CAP document is.
#[derive(Debug, Clone)]
pub struct FeedEntry {
    pub alert: Alert,
    pub cap_url: String,
}

/// An Atom feed of alerts, newest first, each entry linking to its CAP document.
pub fn write_feed(
    id: &str,
    title: &str,
    self_url: &str,
    updated: i64,
    entries: &[FeedEntry],
) -> String {
    let feed = atom::Feed {
        id,
        title,
        self_url,
        alternate: None,
        updated,
        author: title,
    };
    let entries: Vec<atom::Entry> = entries
        .iter()
        .map(|e| {
            let a = &e.alert;
            let prefix = match (a.exercise, a.msg_type) {
                (true, _) => "【演练】",
                (false, MsgType::Cancel) => "【解除】",
                (false, MsgType::Update) => "【更新】",
                (false, MsgType::Alert) => "",
            };
            atom::Entry {
                id: format!("urn:cap:{}", a.identifier),
                title: format!("{prefix}{}", a.headline),
                updated: a.sent,
                published: a.sent,
                links: vec![("alternate", "application/cap+xml", e.cap_url.clone())],
                summary: a.description.clone(),
                categories: Vec::new(),
            }
        })
        .collect();
    atom::write(&feed, &entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alert() -> Alert {
        Alert {
            identifier: "fengqiao-610302-alert-1".into(),
            sender: "fengqiao@610302".into(),
            sender_name: "渭滨区应急指挥中心".into(),
            sent: 1_796_000_000_000,
            exercise: false,
            msg_type: MsgType::Alert,
            references: Vec::new(),
            category: "Geo",
            event: "自然灾害".into(),
            severity: "Severe",
            headline: "金陵河沿岸 <洪水> & 滑坡预警".into(),
            description: "请沿岸居民转移".into(),
            instruction: "前往应急避难场所".into(),
            web: "https://example.org/warnings/1".into(),
            area_desc: "福临社区第1网格".into(),
            polygons: vec![vec![(107.05, 34.33), (107.06, 34.33), (107.06, 34.34)]],
        }
    }

    #[test]
    fn a_ring_is_closed_and_written_lat_first() {
        let p = polygon(&[(107.05, 34.33), (107.06, 34.33), (107.06, 34.34)]).unwrap();
        assert_eq!(
            p,
            "34.330000,107.050000 34.330000,107.060000 34.340000,107.060000 34.330000,107.050000"
        );
        assert_eq!(
            polygon(&[(1.0, 2.0), (3.0, 4.0)]),
            None,
            "too few points for an area"
        );
    }

    #[test]
    fn an_alert_has_the_required_elements_escaped_and_an_offset() {
        let xml = write_alert(&alert());
        for part in [
            "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">",
            "<status>Actual</status>",
            "<msgType>Alert</msgType>",
            "<scope>Public</scope>",
            "+08:00</sent>",
            "&lt;洪水&gt; &amp; 滑坡",
            "<polygon>34.330000,107.050000",
        ] {
            assert!(xml.contains(part), "{part} in {xml}");
        }
        assert!(!xml.contains("Z</sent>"));
    }

    #[test]
    fn an_exercise_says_so_and_a_cancel_references_what_it_ends() {
        let mut a = alert();
        a.exercise = true;
        a.msg_type = MsgType::Cancel;
        a.references = vec![Reference {
            identifier: "fengqiao-610302-alert-0".into(),
            sent: 1_795_000_000_000,
        }];
        let xml = write_alert(&a);
        assert!(xml.contains("<status>Exercise</status>") && xml.contains("演练"));
        assert!(xml.contains("<references>fengqiao@610302,fengqiao-610302-alert-0,"));
        assert!(xml.contains("<urgency>Past</urgency>"));
        let feed = write_feed(
            "urn:x",
            "预警",
            "https://x/cap/alerts.atom",
            a.sent,
            &[FeedEntry {
                alert: a,
                cap_url: "https://x/cap/alerts/1.xml".into(),
            }],
        );
        assert!(feed.contains("【演练】") && feed.contains("application/cap+xml"));
    }
}
