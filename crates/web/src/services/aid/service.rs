//! Emergency aid's workflow: a resident (or staff for them) applies with a checked ID number;
//! the community, the town and a department decide in turn with their reasons, each told when
//! it is their turn; the department records the payment. Other applications by the same ID
//! number are shown to reviewers. An urgent case notifies the town's command centre and its
//! joint emergency rescue team at once. The applicant follows it all by tracking code.

use crate::error::{ApiError, Code};
use crate::session::User;
use crate::AppState;
use fengqiao_core::services::aid::{self as rules, AidKind, AidStatus, Stage};
use fengqiao_core::{IdNumber, Level, Phone, Role};
use fengqiao_store::audit::{self, Entry};
use fengqiao_store::services::aid::{self as store, AidRow, DecisionRow, NewAid};
use fengqiao_store::{accounts, forces, inbox, now_ms, Conn, StoreError};
use serde::Deserialize;

fn unprocessable(m: impl Into<String>) -> ApiError {
    ApiError::new(Code::Unprocessable, m)
}

/// An application as the applicant gives it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AidBody {
    pub kind: String,
    pub applicant_name: String,
    pub id_number: String,
    pub phone: String,
    pub grid_code: Option<String>,
    /// Where the applicant lives, naming a compound, when no grid is given.
    pub address: Option<String>,
    pub situation: String,
    /// Yuan asked for (0 for legal aid).
    #[serde(default)]
    pub amount_asked: i64,
    #[serde(default)]
    pub urgent: bool,
}

/// Who is told when an application reaches a step: the community's staff, the town's command
/// centre, the district's department staff.
async fn reviewers(c: &mut Conn, path: &str, stage: Stage) -> Result<Vec<String>, StoreError> {
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    let (code, role) = match stage {
        Stage::Community => (parts.get(2), "community_staff"),
        Stage::Town => (parts.get(1), "town_command"),
        Stage::Department => (parts.first(), "department_staff"),
    };
    match code {
        Some(code) => accounts::usernames_with_role(c, code, role).await,
        None => Ok(Vec::new()),
    }
}

/// Takes an application; answers its id and tracking code.
pub async fn apply(state: &AppState, user: &User, a: AidBody) -> Result<(i64, String), ApiError> {
    let kind: AidKind = a.kind.trim().parse().map_err(|e: fengqiao_core::named::UnknownName| unprocessable(e.to_string()))?;
    let name = a.applicant_name.trim().to_owned();
    if !(2..=30).contains(&name.chars().count()) {
        return Err(unprocessable("申请人姓名应为 2 到 30 字"));
    }
    let id_number: IdNumber = a.id_number.trim().parse().map_err(|e| unprocessable(format!("身份证号:{e}")))?;
    let phone: Phone = a.phone.trim().parse().map_err(|e| unprocessable(format!("联系电话:{e}")))?;
    let situation = a.situation.trim().to_owned();
    if !(10..=3_000).contains(&situation.chars().count()) {
        return Err(unprocessable("请说明困难情况(10 到 3000 字)"));
    }
    if !(0..=rules::MAX_PAYMENT_YUAN).contains(&a.amount_asked) {
        return Err(unprocessable(format!("申请金额应在 0 到 {} 元之间", rules::MAX_PAYMENT_YUAN)));
    }
    let place = crate::org::place::resolve(&state.atlas(), None, a.grid_code.as_deref(), a.address.as_deref())?;
    if let Some(scope) = user.scope() {
        if !scope.contains_path(&place.grid.path) {
            return Err(unprocessable(format!("{} 不在您的管辖范围内", place.grid.name)));
        }
    }
    let town_path = state.atlas().ancestor(&place.grid, Level::Town).map(|t| t.path.clone()).unwrap_or_default();
    let new = NewAid {
        tracking_code: fengqiao_core::ids::tracking::new("JZ"),
        kind: kind.as_str().into(),
        applicant_name: name,
        id_number: id_number.as_str().into(),
        phone: phone.as_str().into(),
        grid_code: place.grid.code.clone(),
        region_path: place.grid.path.clone(),
        situation,
        amount_asked: a.amount_asked,
        urgent: a.urgent,
        created_by: user.username.clone(),
        created_at: now_ms(),
    };
    let actor = user.username.clone();
    let code = new.tracking_code.clone();
    let id = state
        .store
        .write(move |c| {
            Box::pin(async move {
                let id = store::insert(c, &new).await?;
                audit::append(c, &Entry { actor: &actor, action: "aid.apply", record_type: "aid_application", record_id: &id.to_string(), detail: &new.kind }).await?;
                let notice = |kind: &str, title: String| inbox::Notice {
                    kind: kind.into(),
                    title,
                    link: format!("/aid/{id}"),
                    tracking_code: Some(new.tracking_code.clone()),
                    region_path: new.region_path.clone(),
                };
                let to = reviewers(c, &new.region_path, Stage::Community).await?;
                inbox::notify(c, &to, &notice("aid", format!("{}申请待社区初审", kind.label())), new.created_at).await?;
                if new.urgent {
                    // The town's command centre and every member of its joint rescue team
                    // who has an account.
                    let mut to = reviewers(c, &new.region_path, Stage::Town).await?;
                    to.extend(forces::member_usernames_of_kind(c, &town_path, "emergency_rescue_team").await?);
                    to.sort();
                    to.dedup();
                    inbox::notify(c, &to, &notice("aid_urgent", format!("紧急:{}申请,请联合应急救援队关注", kind.label())), new.created_at).await?;
                }
                Ok(id)
            })
        })
        .await?;
    Ok((id, code))
}

/// The step a user decides at, by role.
pub fn stage_of(user: &User) -> Option<Stage> {
    match user.role {
        Role::CommunityStaff => Some(Stage::Community),
        Role::TownCommand => Some(Stage::Town),
        Role::DepartmentStaff => Some(Stage::Department),
        _ => None,
    }
}

/// An application the caller may see: staff whose scope holds it, or its applicant.
pub async fn visible(state: &AppState, user: &User, id: i64) -> Result<AidRow, ApiError> {
    store::by_id(state.store.pool(), id)
        .await?
        .filter(|a| match user.scope() {
            Some(s) => s.contains_path(&a.region_path),
            None => a.created_by == user.username,
        })
        .ok_or_else(|| ApiError::not_found("没有这项救助申请,或您无权查看"))
}

/// A step's decision.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DecisionBody {
    pub approve: bool,
    pub reasons: String,
    /// The checklist items the reviewer confirmed.
    #[serde(default)]
    pub checked: Vec<String>,
}

pub async fn decide(state: &AppState, user: &User, id: i64, d: DecisionBody) -> Result<AidStatus, ApiError> {
    let stage = stage_of(user).ok_or_else(|| ApiError::forbidden("由社区、镇街指挥中心和部门工作人员依次审核"))?;
    let a = visible(state, user, id).await?;
    let at = AidStatus::parse(&a.status).ok_or_else(|| ApiError::internal("未知的申请状态"))?;
    let next = rules::decide(at, stage, d.approve, &d.reasons).map_err(|e| ApiError::new(Code::Conflict, e.to_string()))?;
    let kind = AidKind::parse(&a.kind).unwrap_or(AidKind::Hardship);
    let checked: Vec<&str> = kind.checklist().iter().copied().filter(|item| d.checked.iter().any(|c| c == item)).collect();
    if d.approve && checked.len() < kind.checklist().len() {
        return Err(unprocessable(format!("通过前须逐项核实:{}", kind.checklist().iter().filter(|i| !checked.contains(i)).copied().collect::<Vec<_>>().join("、"))));
    }
    let row = DecisionRow {
        stage: stage.as_str().into(),
        approve: i64::from(d.approve),
        reasons: d.reasons.trim().chars().take(2_000).collect(),
        checked: checked.join("\n"),
        decided_by: user.username.clone(),
        decided_at: now_ms(),
    };
    state
        .store
        .write(move |c| {
            Box::pin(async move {
                let current = store::load(c, id).await?.ok_or(StoreError::NotFound)?;
                if current.updated_at != a.updated_at {
                    return Err(StoreError::Conflict("这项申请刚刚已被审核,请刷新后再看".into()));
                }
                store::decide(c, id, &row, next.as_str()).await?;
                audit::append(c, &Entry { actor: &row.decided_by, action: "aid.decide", record_type: "aid_application", record_id: &id.to_string(), detail: next.as_str() }).await?;
                if let Some(stage) = next.stage() {
                    let to = reviewers(c, &a.region_path, stage).await?;
                    let notice = inbox::Notice { kind: "aid".into(), title: format!("{}申请待{}", kind.label(), stage.label()), link: format!("/aid/{id}"), tracking_code: Some(a.tracking_code.clone()), region_path: a.region_path.clone() };
                    inbox::notify(c, &to, &notice, row.decided_at).await?;
                }
                Ok(())
            })
        })
        .await?;
    Ok(next)
}

/// The department records the payment of an approved application.
pub async fn pay(state: &AppState, user: &User, id: i64, amount: i64, note: &str) -> Result<(), ApiError> {
    if user.role != Role::DepartmentStaff {
        return Err(ApiError::forbidden("救助金发放由部门登记"));
    }
    let a = visible(state, user, id).await?;
    if a.status != AidStatus::Approved.as_str() {
        return Err(ApiError::new(Code::Conflict, format!("申请{},不能登记发放", AidStatus::parse(&a.status).map_or("", AidStatus::label))));
    }
    if !(1..=rules::MAX_PAYMENT_YUAN).contains(&amount) {
        return Err(unprocessable(format!("发放金额应在 1 到 {} 元之间", rules::MAX_PAYMENT_YUAN)));
    }
    let (actor, note) = (user.username.clone(), note.trim().chars().take(500).collect::<String>());
    state
        .store
        .write(move |c| {
            Box::pin(async move {
                let current = store::load(c, id).await?.ok_or(StoreError::NotFound)?;
                if current.status != "approved" {
                    return Err(StoreError::Conflict("这项申请刚刚已登记发放".into()));
                }
                store::pay(c, id, amount, &actor, &note, now_ms()).await?;
                audit::append(c, &Entry { actor: &actor, action: "aid.pay", record_type: "aid_application", record_id: &id.to_string(), detail: &amount.to_string() }).await?;
                Ok(())
            })
        })
        .await?;
    Ok(())
}

/// Attaches a document (PDF, JPEG or PNG by its bytes): the applicant while it is open, or
/// staff who can see it.
pub async fn attach(state: &AppState, user: &User, id: i64, name: &str, data: Vec<u8>) -> Result<i64, ApiError> {
    let a = visible(state, user, id).await?;
    if !AidStatus::parse(&a.status).is_some_and(AidStatus::is_open) {
        return Err(ApiError::new(Code::Conflict, "申请已办结,不再补充材料"));
    }
    let doc = crate::upload::document(data)?;
    let name: String = name.trim().chars().filter(|c| !c.is_control()).take(80).collect();
    let name = if name.is_empty() { "证明材料".to_owned() } else { name };
    let actor = user.username.clone();
    Ok(state
        .store
        .write(move |c| {
            Box::pin(async move {
                let doc_id = store::add_document(c, id, &name, doc.content_type, &doc.data, &actor, now_ms()).await?;
                audit::append(c, &Entry { actor: &actor, action: "aid.document", record_type: "aid_application", record_id: &id.to_string(), detail: doc.content_type }).await?;
                Ok(doc_id)
            })
        })
        .await?)
}
