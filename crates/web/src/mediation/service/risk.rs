//! Re-scoring a case after new words or a passed deadline, and the sweep that escalates
//! overdue cases.

use super::act::{apply_loaded, ActionDetail};
use super::intake::{early_warning, parse_vulnerability};
use crate::mediation::service::{policy_in, reasons_json, REPEAT_WINDOW_MS};
use crate::AppState;
use fengqiao_core::mediation::CaseEvent;
use fengqiao_core::mediation::{
    assess, level_for_risk, level_label, Action, Policy, RiskInput, Status, Vulnerability,
};
use fengqiao_core::RiskLevel;
use fengqiao_store::mediation::{self as cases, CaseUpdate};
use fengqiao_store::{now_ms, Conn, StoreError};

/// Re-scores a case after new words or a deadline; a newly high risk lifts it to at least the
/// police station and alerts the station and the town centre.
pub(crate) async fn reassess(
    conn: &mut Conn,
    id: i64,
    overdue: bool,
    policy: &Policy,
) -> Result<(), StoreError> {
    let row = cases::load_for_update(conn, id)
        .await?
        .ok_or(StoreError::NotFound)?;
    if row.status != Status::Open {
        return Ok(());
    }
    let notes = cases::session_notes(conn, id).await?;
    let vulnerable: Vec<Vulnerability> = cases::vulnerabilities(conn, id)
        .await?
        .iter()
        .filter_map(|v| parse_vulnerability(v))
        .collect();
    let repeats = cases::repeats(
        conn,
        row.created_at - REPEAT_WINDOW_MS,
        &row.parties_key,
        &row.address_key,
        id,
    )
    .await?;
    let mut texts: Vec<&str> = vec![&row.description];
    texts.extend(notes.iter().map(String::as_str));
    let risk = assess(&RiskInput {
        texts,
        repeats: u32::try_from(repeats).unwrap_or(u32::MAX),
        vulnerable,
        people: u32::try_from(row.people).unwrap_or(0),
        overdue,
    });
    if i64::from(risk.score) == row.risk_score {
        return Ok(());
    }
    let was_high = row.risk_level == RiskLevel::Red;
    let mut u = CaseUpdate::of(&row);
    u.risk_score = i64::from(risk.score);
    u.risk_level = risk.level;
    u.risk_reasons = reasons_json(&risk);
    cases::save(conn, id, "system", "dispute.risk", &u).await?;
    cases::add_event(
        conn,
        id,
        "system",
        CaseEvent::RiskAssessed,
        (None, None),
        &format!("风险评分 {}:{}", risk.score, risk.reasons.join(";")),
    )
    .await?;
    if risk.is_high() && !was_high {
        early_warning(conn, id, &row.region_path, &risk).await?;
        let level = u8::try_from(row.level).unwrap_or(4);
        if level_for_risk(level, risk.level) > level {
            let row = cases::load_for_update(conn, id)
                .await?
                .ok_or(StoreError::NotFound)?;
            let detail = ActionDetail {
                reason: "高风险案件立即上交,至少由派出所调解".into(),
                ..ActionDetail::default()
            };
            apply_loaded(conn, &row, "system", Action::HighRisk, &detail, policy).await?;
        }
    }
    Ok(())
}

/// Escalates every open case whose level's deadline has passed. Returns how many moved.
pub async fn sweep(state: &AppState, now: i64) -> Result<usize, StoreError> {
    let ids = cases::overdue_ids(state.store.pool(), now, 500).await?;
    let mut moved = 0;
    for id in ids {
        let done = state
            .store
            .write(move |c| {
                Box::pin(async move {
                    let (_, policy) = policy_in(c, "system").await?;
                    let Some(row) = cases::load_for_update(c, id).await? else {
                        return Ok(false);
                    };
                    if row.status != Status::Open || row.due_at >= now || row.level >= 4 {
                        return Ok(false);
                    }
                    reassess(c, id, true, &policy).await?;
                    let row = cases::load_for_update(c, id)
                        .await?
                        .ok_or(StoreError::NotFound)?;
                    if row.status != Status::Open || row.due_at >= now {
                        return Ok(true);
                    }
                    let why = format!(
                        "超过{}办理期限,自动上交",
                        level_label(u8::try_from(row.level).unwrap_or(4))
                    );
                    let detail = ActionDetail {
                        reason: why,
                        ..ActionDetail::default()
                    };
                    apply_loaded(c, &row, "system", Action::DeadlinePassed, &detail, &policy)
                        .await?;
                    Ok(true)
                })
            })
            .await?;
        moved += usize::from(done);
    }
    Ok(moved)
}

/// The sweep as the scheduler runs it (every minute).
pub fn sweep_job(state: &AppState) -> fengqiao_store::BoxFuture<'_, Result<(), String>> {
    Box::pin(async move {
        sweep(state, now_ms())
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    })
}
