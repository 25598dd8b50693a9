//! `GET /culture/feed.atom`: everything cultural guidance has published — archive records,
//! deeds on the boards, announced campaigns, family rules in the gallery, legal-education
//! series — newest first, each linking its public page. New-media editors (WeChat, Weibo,
//! Douyin accounts) take their stories from it.

use crate::error::ApiError;
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::IntoResponse;
use fengqiao_core::atom::{self, Entry, Feed};
use fengqiao_core::culture::{ArchiveKind, Board};
use fengqiao_store::culture::{archive, campaigns, deeds, legal, rules};
use fengqiao_store::now_ms;

/// How many entries the feed carries.
const ENTRIES: usize = 100;

fn excerpt(s: &str) -> String {
    let mut out: String = s.chars().take(140).collect();
    if s.chars().count() > 140 {
        out.push('…');
    }
    out
}

pub async fn entries(state: &AppState, base: &str) -> Result<Vec<Entry>, ApiError> {
    let pool = state.store.pool();
    let tag = |what: &str, id: i64| format!("tag:fengqiao,2026:culture/{what}/{id}");
    let page = |path: String| vec![("alternate", "text/html", format!("{base}{path}"))];
    let mut out = Vec::new();
    for r in archive::recent(pool, ENTRIES as i64).await? {
        let at = r.published_at.unwrap_or(r.updated_at);
        let kind = ArchiveKind::parse(&r.kind).map_or("", |k| k.label());
        let title = match &r.date_label {
            Some(d) => format!("{}({d})", r.title),
            None => r.title.clone(),
        };
        out.push(Entry { id: tag("archive", r.id), title, updated: r.updated_at.max(at), published: at, links: page(format!("/culture/archive/{}", r.id)), summary: excerpt(&r.body), categories: vec![(r.kind.clone(), kind.to_owned())] });
    }
    for d in deeds::board(pool, None, ENTRIES as i64).await? {
        let at = d.published_at.unwrap_or(d.reported_at);
        let board = Board::parse(&d.board).map_or("", |b| b.label());
        out.push(Entry { id: tag("deed", d.id), title: format!("【{board}】{}", d.title), updated: at, published: at, links: page(format!("/culture/deeds/{}", d.id)), summary: format!("{}:{}", d.people, excerpt(&d.story)), categories: vec![(d.board.clone(), board.to_owned())] });
    }
    for c in campaigns::all(pool).await?.into_iter().filter(|c| c.announced_at.is_some()) {
        let at = c.announced_at.unwrap_or(c.created_at);
        out.push(Entry { id: tag("campaign", c.id), title: format!("{} 评选结果公布", c.title), updated: at, published: at, links: page(format!("/culture/campaigns/{}", c.id)), summary: excerpt(&c.description), categories: vec![(c.kind.clone(), "评选".into())] });
    }
    for r in rules::gallery(pool, "", ENTRIES as i64).await? {
        let at = r.reviewed_at.unwrap_or(r.submitted_at);
        out.push(Entry { id: tag("rules", r.id), title: format!("{}的{}", r.household, fengqiao_core::culture::RuleKind::label_of(&r.kind)), updated: at, published: at, links: page(format!("/culture/rules/{}", r.id)), summary: excerpt(&r.text), categories: vec![(r.kind.clone(), fengqiao_core::culture::RuleKind::label_of(&r.kind).to_owned())] });
    }
    for s in legal::series(pool).await? {
        let theme = fengqiao_core::culture::legal::Theme::label_of(&s.theme).to_owned();
        out.push(Entry { id: tag("legal", s.id), title: format!("普法:{theme} · {}", s.title), updated: s.updated_at, published: s.updated_at, links: page("/culture/legal-education".into()), summary: excerpt(&s.description), categories: vec![(s.theme.clone(), theme)] });
    }
    out.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.id.cmp(&b.id)));
    out.truncate(ENTRIES);
    Ok(out)
}

pub async fn feed(State(state): State<AppState>, headers: HeaderMap) -> Result<impl IntoResponse, ApiError> {
    let base = crate::headers::base_url(&headers, &state.config);
    let entries = entries(&state, &base).await?;
    let updated = entries.first().map_or_else(now_ms, |e| e.updated);
    let (self_url, home) = (format!("{base}/culture/feed.atom"), format!("{base}/culture"));
    let feed = Feed { id: "tag:fengqiao,2026:culture", title: "渭滨文化引领", self_url: &self_url, alternate: Some(&home), updated, author: "渭滨区文化引领" };
    Ok(([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8"), (header::CACHE_CONTROL, "max-age=300")], atom::write(&feed, &entries)))
}
