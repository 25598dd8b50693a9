//! How a tip is shown: to its station (never with the contact, which is opened on its own),
//! and to the tipster through the receipt (the station's replies, and when it read the
//! contact — not who).

use fengqiao_core::emergency::tip::{TipKind, TipStatus};
use fengqiao_core::time::minute;
use fengqiao_store::emergency::tips::{MessageRow, TipRow};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct TipView {
    pub id: i64,
    pub kind: String,
    pub kind_label: &'static str,
    pub text: String,
    pub place: String,
    pub grid_code: String,
    pub grid_name: String,
    pub status: String,
    pub status_label: &'static str,
    /// Whether the tipster left a way to reach them (opened only through its own route).
    pub has_contact: bool,
    pub received: String,
}

pub fn tip(t: TipRow, grid_name: String) -> TipView {
    TipView {
        kind_label: TipKind::parse(&t.kind).map_or("线索", TipKind::label),
        status_label: TipStatus::parse(&t.status).map_or("未知", TipStatus::label),
        has_contact: t.has_contact == 1,
        received: minute(t.created_at),
        grid_name,
        id: t.id,
        kind: t.kind,
        text: t.text,
        place: t.place,
        grid_code: t.grid_code,
        status: t.status,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct MessageView {
    /// 派出所 or 您 (to the tipster); the officer's name to the station.
    pub from: String,
    pub from_station: bool,
    pub text: String,
    pub at: String,
}

pub fn message(m: MessageRow, from: String) -> MessageView {
    MessageView { from, from_station: m.from_station == 1, text: m.text, at: minute(m.at) }
}

/// What the receipt shows.
#[derive(Debug, Clone, Serialize)]
pub struct ForTipster {
    pub kind_label: &'static str,
    pub status: String,
    pub status_label: &'static str,
    pub text: String,
    pub received: String,
    pub messages: Vec<MessageView>,
    /// "派出所于 2026-12-01 09:30 查看了您留下的联系方式", one per reading.
    pub contact_reads: Vec<String>,
}
