//! People by name. Records keep usernames (stable, unique); pages show "王芳(网格员)". The
//! platform's own actors — the deadline sweep, the demo loader, an anonymous resident — have
//! names too, so no page shows "system" or "gw0001".

use crate::AppState;
use fengqiao_core::Role;
use fengqiao_store::{accounts, StoreError};
use std::collections::{BTreeSet, HashMap};

/// The names of actors that are not accounts.
pub fn special(actor: &str) -> Option<&'static str> {
    match actor {
        "system" => Some("系统(自动)"),
        "demo" => Some("演示数据"),
        "anonymous" | "resident" => Some("居民"),
        "open311" => Some("外部系统"),
        _ => None,
    }
}

/// How each of these usernames is shown: the account's name and role, a special actor's
/// name, or — for an account that no longer exists — the username itself.
pub async fn names<'a>(
    state: &AppState,
    usernames: impl IntoIterator<Item = &'a str>,
) -> Result<Names, StoreError> {
    let wanted: BTreeSet<&str> = usernames
        .into_iter()
        .filter(|u| !u.is_empty() && special(u).is_none())
        .collect();
    let wanted: Vec<&str> = wanted.into_iter().collect();
    let found = accounts::names_of(state.store.pool(), &wanted).await?;
    Ok(Names::of_accounts(found))
}

/// Shown names by username.
#[derive(Debug, Default)]
pub struct Names(HashMap<String, String>);

impl Names {
    /// Names from accounts already read: (username, name, role).
    pub fn of_accounts(found: Vec<(String, String, String)>) -> Names {
        Names(
            found
                .into_iter()
                .map(|(username, name, role)| {
                    let role = role.parse::<Role>().map_or("", Role::label);
                    (username, format!("{name}({role})"))
                })
                .collect(),
        )
    }

    /// The name to show for an actor.
    pub fn of(&self, actor: &str) -> String {
        if let Some(s) = special(actor) {
            return s.to_owned();
        }
        self.0
            .get(actor)
            .cloned()
            .unwrap_or_else(|| actor.to_owned())
    }
}
