//! What an area brings to the application, described once: its routes, its API operations and
//! schemas, its navigation, its notice kinds, its assessment indicators, what it feeds to the
//! lists, the map and the search box, its desk at the residents' portal, the documents the
//! coordinator edits, and its background jobs. The application iterates over
//! [`crate::areas::ALL`], which the `areas!` list in `lib.rs` writes: adding an area is its
//! folders and its name in that list.

/// Declares each area's module and the list of areas, [`crate::areas::ALL`], in that order
/// (menu and table order). One name per area, so the module and its registration cannot part.
macro_rules! areas {
    ($($name:ident),+ $(,)?) => {
        $(pub mod $name;)+

        /// The list of areas. Everything that spans areas — the router, the menu, the OpenAPI
        /// document, the inbox's notice kinds, the assessment's indicators, the lists, the
        /// map, the search box, the portal's desks, the scheduler — reads it.
        pub mod areas {
            use crate::area::Area;

            /// Every area, in menu and table order.
            pub const ALL: &[&Area] = &[$(&crate::$name::AREA),+];
        }
    };
}

use crate::apidoc::Op;
use crate::assessment::{Indicator, IndicatorSource};
use crate::lists::{ListSource, UnitSource};
use crate::map::{LayerSource, MarkerSource, RiskSource};
use crate::portal::Desk;
use crate::search::SearchSource;
use crate::state::{AppState, Config};
use axum::Router;
use fengqiao_core::Role;
use fengqiao_store::versioned::Document;
use fengqiao_store::BoxFuture;
use serde_json::Value;
use std::time::Duration;

/// One area of the platform.
pub struct Area {
    /// Short English name; also the tag of its operations in the OpenAPI document.
    pub name: &'static str,
    /// What people call it.
    pub label: &'static str,
    /// Its pages and API.
    pub routes: fn() -> Router<AppState>,
    /// Its `/api/v1` operations, for the OpenAPI document, the reference page and the
    /// authorisation matrix.
    pub ops: &'static [Op],
    /// The JSON schemas its operations name.
    pub schemas: fn() -> Vec<(&'static str, Value)>,
    /// Its entries in the site menu.
    pub nav: &'static [Nav],
    /// The notice kinds it sends to inboxes and webhooks.
    pub events: &'static [Event],
    /// Its columns of the assessment table, with their default weights.
    pub indicators: &'static [Indicator],
    /// What it feeds to the four lists, the map, the assessment and the search box.
    pub sources: &'static [Source],
    /// Its counter at the residents' portal: services it takes and tracking codes it answers.
    pub desk: Option<&'static dyn Desk>,
    /// Documents the coordinator edits, each a versioned table of its own.
    pub documents: &'static [Edited],
    /// Work it does in the background.
    pub jobs: &'static [Job],
}

impl Area {
    /// An area that brings nothing; real areas fill in what they have with `..Area::EMPTY`.
    pub const EMPTY: Area = Area {
        name: "",
        label: "",
        routes: Router::new,
        ops: &[],
        schemas: Vec::new,
        nav: &[],
        events: &[],
        indicators: &[],
        sources: &[],
        desk: None,
        documents: &[],
        jobs: &[],
    };
}

/// An entry of the site menu.
pub struct Nav {
    /// Where it leads; `{region}` stands for the user's own region code.
    pub href: &'static str,
    pub label: &'static str,
    /// Place in the menu, lowest first.
    pub order: u8,
    /// Who sees it.
    pub shown_to: fn(Role) -> bool,
}

impl Nav {
    /// Every signed-in user.
    pub fn everyone(_: Role) -> bool {
        true
    }

    /// Staff only.
    pub fn staff(role: Role) -> bool {
        role.is_staff()
    }

    /// Residents only (staff have their own ways to the same things).
    pub fn residents(role: Role) -> bool {
        !role.is_staff()
    }

    /// The district's coordinators and administrators.
    pub fn district(role: Role) -> bool {
        role.manages_district()
    }

    /// Police officers and station leaders.
    pub fn police(role: Role) -> bool {
        matches!(role, Role::PoliceOfficer | Role::StationLeader)
    }
}

/// A notice kind: its code in inboxes and webhook subscriptions, and its name.
pub struct Event {
    pub code: &'static str,
    pub label: &'static str,
}

/// One thing an area feeds to the shared views.
pub enum Source {
    Risk(&'static dyn RiskSource),
    List(&'static dyn ListSource),
    Layer(&'static dyn LayerSource),
    Indicators(&'static dyn IndicatorSource),
    Search(&'static dyn SearchSource),
    Units(&'static dyn UnitSource),
    Markers(&'static dyn MarkerSource),
}

/// A document the coordinator edits: where it is stored, what it is called, where it is edited.
pub struct Edited {
    pub document: Document,
    pub title: &'static str,
    pub page: &'static str,
}

/// Background work, run by the scheduler every `every` for as long as the server runs.
pub struct Job {
    pub name: &'static str,
    /// Work on shared data (sweeping deadlines, delivering webhooks) runs on the leading node
    /// only; work for this node's own clients or files runs on every node.
    pub on_one_node: bool,
    pub every: fn(&Config) -> Duration,
    pub run: for<'a> fn(&'a AppState) -> BoxFuture<'a, Result<(), String>>,
}
