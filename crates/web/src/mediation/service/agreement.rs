//! The agreement (人民调解协议) and its aftermath: performance and judicial confirmation.

use crate::error::{ApiError, Code};
use crate::mediation::commands::{instant, required, AgreementBody};
use crate::mediation::service::{self, ActionDetail};
use crate::AppState;
use fengqiao_core::mediation::Action;
use fengqiao_core::mediation::CaseEvent;
use crate::mediation::commands::named;
use fengqiao_core::mediation::{Performance, Status};
use fengqiao_core::time::DAY_MS;
use fengqiao_store::mediation::{self as cases, AgreementProgress};
use fengqiao_store::now_ms;

pub async fn apply_agreement(
    state: &AppState,
    user: &crate::auth::User,
    id: i64,
    b: AgreementBody,
) -> Result<(), ApiError> {
    let scope = user.staff_scope()?;
    let row = cases::get_in_scope(state.store.pool(), id, scope.path())
        .await?
        .ok_or_else(|| ApiError::not_found(format!("案件 {id} 不存在或不在您的管辖范围内")))?;
    match (row.status, &b.terms) {
        (Status::Open, Some(terms)) => {
            let terms = required(terms, "协议内容", 10_000)?;
            if b.signatures.is_empty() || b.signatures.len() > 30 {
                return Err(ApiError::new(
                    Code::Unprocessable,
                    "协议需要当事人签名(1 到 30 人)",
                ));
            }
            let mut sigs = Vec::new();
            for s in &b.signatures {
                sigs.push((
                    required(&s.name, "签名人姓名", 50)?,
                    instant(s.signed_at.as_deref())?,
                ));
            }
            let agreed_at = sigs.iter().map(|(_, t)| *t).max().unwrap_or_else(now_ms);
            let (_, policy) = service::current_policy(&state.store).await?;
            let detail = ActionDetail {
                reason: format!("达成调解协议,安排 {} 次回访", policy.followup_days.len()),
                agreement: Some((
                    terms,
                    serde_json::to_string(&sigs).unwrap_or_default(),
                    agreed_at,
                )),
                ..ActionDetail::default()
            };
            let followups = u32::try_from(policy.followup_days.len()).unwrap_or(1);
            service::act(state, user, id, Action::Agree { followups }, detail).await?;
            Ok(())
        }
        (Status::Open, None) => Err(ApiError::new(Code::Unprocessable, "需要协议内容 terms")),
        (Status::Agreed, _) => {
            if !service::may(user, row.level, &Action::Escalate) {
                return Err(ApiError::forbidden("无权更新此协议"));
            }
            let agreed = cases::agreement(state.store.pool(), id)
                .await?
                .ok_or_else(|| ApiError::not_found("协议不存在"))?;
            let performance = b
                .performance
                .as_deref()
                .map(|p| named::<Performance>(p).map(|p| p.as_str().to_owned()))
                .transpose()?;
            let applied = b
                .judicial_applied_at
                .as_deref()
                .map(crate::extract::day)
                .transpose()?;
            if let Some(a) = applied {
                let start = agreed.agreed_at - DAY_MS;
                if a < start || a > agreed.agreed_at + 30 * DAY_MS {
                    return Err(ApiError::new(
                        Code::Unprocessable,
                        "司法确认申请应在协议达成之日起 30 日内提出",
                    ));
                }
            }
            let filed = b
                .judicial_filed_at
                .as_deref()
                .map(crate::extract::day)
                .transpose()?;
            if filed.is_some() && applied.or(agreed.judicial_applied_at).is_none() {
                return Err(ApiError::new(
                    Code::Unprocessable,
                    "尚未申请司法确认,不能登记立案日期",
                ));
            }
            let p = AgreementProgress {
                performance,
                performance_note: b.performance_note.map(|n| n.chars().take(2000).collect()),
                judicial_applied_at: applied,
                judicial_filed_at: filed,
                judicial_result: b.judicial_result.map(|r| r.chars().take(500).collect()),
            };
            let actor = user.username.clone();
            state
                .store
                .write(move |c| {
                    Box::pin(async move {
                        cases::update_agreement(c, id, &actor, &p).await?;
                        cases::add_event(
                            c,
                            id,
                            &actor,
                            CaseEvent::Agreement,
                            (None, None),
                            "更新协议履行或司法确认情况",
                        )
                        .await
                    })
                })
                .await?;
            Ok(())
        }
        (status, _) => Err(ApiError::new(
            Code::Conflict,
            format!("案件{},不能登记协议", status.label()),
        )),
    }
}
