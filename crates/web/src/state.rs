//! Application state shared by every handler: the store, the in-memory atlas, the areas
//! served (and through them the sources of the lists, the map and the search box), and the
//! sign-in limiter.

use crate::area::{Area, Source};
use crate::assessment::IndicatorSource;
use crate::auth::Limiter;
use crate::lists::{ListSource, UnitSource};
use crate::map::{LayerSource, MarkerSource, RiskSource};
use crate::search::SearchSource;
use fengqiao_core::geo::{Atlas, AtlasRegion, Shape};
use fengqiao_core::Level;
use fengqiao_store::keys::ServerKey;
use fengqiao_store::{regions, Store, StoreError};
use std::sync::{Arc, RwLock};

/// Settings an operator chooses at start-up.
#[derive(Debug, Clone)]
pub struct Config {
    /// Mark cookies `Secure` (set when served over HTTPS).
    pub secure_cookies: bool,
    /// How long a sign-in lasts.
    pub session_hours: i64,
    /// How often the webhook outbox is checked.
    pub webhook_poll_ms: u64,
    /// Wait before the first retry of a failed webhook delivery; doubled for each further one.
    pub webhook_retry_ms: i64,
    /// Attempts before a delivery goes to the dead-letter list.
    pub webhook_max_attempts: i64,
    /// How long a drawn map may be shown again after the data changed (0: redraw at once).
    pub map_cache_ms: u64,
    /// How long a person's four lists may be shown again after others changed the data
    /// (0: gather them afresh every time); their own changes drop them at once.
    pub list_cache_ms: u64,
    /// Hosts webhooks may reach although they are internal (an SMS gateway on the office
    /// network); every other loopback, private or link-local target is refused.
    pub webhook_allowed_hosts: Vec<String>,
    /// The server key: signs audit checkpoints, seals TOTP secrets. The default is a fresh
    /// key that lives as long as the process (tests); servers load theirs from a file.
    pub key: Arc<ServerKey>,
    /// Where signed audit checkpoints are appended (none: not written).
    pub checkpoints: Option<std::path::PathBuf>,
    /// How often a checkpoint is taken.
    pub checkpoint_every_ms: u64,
    /// The header a trusted reverse proxy puts the client's address in.
    pub client_ip_header: Option<String>,
    /// The proxies whose header is believed; from anyone else it is ignored.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The phone line residents can call, shown on their front page.
    pub hotline: String,
    /// A base map under the grids: a tile URL template (`{z}/{x}/{y}`, `{s}` for
    /// subdomains), e.g. 天地图 with the district's key. None: the grids alone, offline.
    pub map_tiles: Option<String>,
    /// The base map's attribution line.
    pub map_attribution: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            secure_cookies: false,
            session_hours: 12,
            webhook_poll_ms: 1000,
            webhook_retry_ms: 30_000,
            webhook_max_attempts: 6,
            map_cache_ms: 2000,
            list_cache_ms: 1000,
            webhook_allowed_hosts: Vec::new(),
            key: Arc::new(ServerKey::generate()),
            checkpoints: None,
            checkpoint_every_ms: 600_000,
            client_ip_header: None,
            trusted_proxies: Vec::new(),
            hotline: "12345(政务服务便民热线)".into(),
            map_tiles: None,
            map_attribution: String::new(),
        }
    }
}

/// Drawn maps by (region, layer), with the store generation and instant they were drawn at,
/// and the keys being drawn right now (others are shown the previous drawing meanwhile).
#[derive(Default)]
pub struct MapCache {
    pub drawn: std::collections::HashMap<(String, String), (u64, std::time::Instant, Arc<String>)>,
    pub drawing: std::collections::HashSet<(String, String)>,
}

pub struct Inner {
    pub store: Store,
    pub config: Config,
    /// Wrong callback phones when rating: 5 per tracking code and 30 per address in 15
    /// minutes (sign-in failures are counted in the database, see `auth::throttle`).
    pub rating_limiter: Limiter,
    /// Anonymous submissions: 10 per phone and 30 per address an hour.
    pub public_limiter: Limiter,
    /// Tracking-code lookups: 30 a minute per code and 60 per address, so codes cannot be
    /// guessed by the thousand.
    pub track_limiter: Limiter,
    /// Campaign votes: 10 tries a minute per account (a second vote is refused by the
    /// database, this keeps a script from hammering it).
    pub vote_limiter: Limiter,
    /// Phone codes for voter verification: 5 an hour per account.
    pub code_limiter: Limiter,
    atlas: RwLock<Arc<Atlas>>,
    areas: Vec<&'static Area>,
    pub map_cache: std::sync::Mutex<MapCache>,
    /// Gathered lists, shown again while the data under them stands (`lists::cache`).
    pub list_cache: crate::lists::cache::ListCache,
    /// Watchers of live pages, fed by the areas' jobs.
    pub live: crate::live::Hub,
    /// Whether this node runs the jobs that must run on one node only.
    pub leadership: fengqiao_store::leader::Leadership,
}

/// Cheap to clone; every handler receives one.
#[derive(Clone)]
pub struct AppState(pub Arc<Inner>);

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    /// The state of the application with every area of [`crate::areas::ALL`].
    pub fn new(store: Store, atlas: Atlas, config: Config) -> AppState {
        AppState::with_areas(store, atlas, config, crate::areas::ALL.to_vec())
    }

    /// The state with a chosen list of areas (tests plug in areas of their own).
    pub fn with_areas(
        store: Store,
        atlas: Atlas,
        config: Config,
        areas: Vec<&'static Area>,
    ) -> AppState {
        AppState(Arc::new(Inner {
            store,
            config,
            rating_limiter: Limiter::new("rating", std::time::Duration::from_secs(900), 5, 30),
            public_limiter: Limiter::new("public", std::time::Duration::from_secs(3600), 10, 30),
            track_limiter: Limiter::new("track", std::time::Duration::from_secs(60), 30, 60),
            vote_limiter: Limiter::new("vote", std::time::Duration::from_secs(60), 10, 1_000_000),
            code_limiter: Limiter::new("code", std::time::Duration::from_secs(3600), 5, 200),
            atlas: RwLock::new(Arc::new(atlas)),
            areas,
            map_cache: Default::default(),
            list_cache: Default::default(),
            live: Default::default(),
            leadership: Default::default(),
        }))
    }

    /// The areas this application serves.
    pub fn areas(&self) -> &[&'static Area] {
        &self.areas
    }

    /// The current atlas; a snapshot that stays valid while it is used.
    pub fn atlas(&self) -> Arc<Atlas> {
        match self.atlas.read() {
            Ok(a) => a.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Reloads the atlas after regions changed.
    pub async fn reload_atlas(&self) -> Result<(), StoreError> {
        let atlas = Arc::new(load_atlas(&self.store).await?);
        match self.atlas.write() {
            Ok(mut a) => *a = atlas,
            Err(poisoned) => *poisoned.into_inner() = atlas,
        }
        Ok(())
    }

    fn sources(&self) -> impl Iterator<Item = &'static Source> + '_ {
        self.areas.iter().flat_map(|a| a.sources.iter())
    }

    /// Every area's contribution to the four lists, with the area's name.
    pub fn list_sources(&self) -> Vec<(&'static str, &'static dyn ListSource)> {
        self.areas
            .iter()
            .flat_map(|a| a.sources.iter().map(move |s| (a.name, s)))
            .filter_map(|(area, s)| match s {
                Source::List(l) => Some((area, *l)),
                _ => None,
            })
            .collect()
    }

    /// Every area's assessment indicators.
    pub fn indicator_sources(&self) -> Vec<&'static dyn IndicatorSource> {
        self.sources()
            .filter_map(|s| match s {
                Source::Indicators(i) => Some(*i),
                _ => None,
            })
            .collect()
    }

    /// Every area's map layer.
    pub fn layers(&self) -> Vec<&'static dyn LayerSource> {
        self.sources()
            .filter_map(|s| match s {
                Source::Layer(l) => Some(*l),
                _ => None,
            })
            .collect()
    }

    /// Every area's answer to the search box.
    pub fn search_sources(&self) -> Vec<&'static dyn SearchSource> {
        self.sources()
            .filter_map(|s| match s {
                Source::Search(l) => Some(*l),
                _ => None,
            })
            .collect()
    }

    /// Every area's units (teams) with lists of their own.
    pub fn unit_sources(&self) -> Vec<&'static dyn UnitSource> {
        self.sources()
            .filter_map(|s| match s {
                Source::Units(u) => Some(*u),
                _ => None,
            })
            .collect()
    }

    /// Every area's open items for close maps.
    pub fn marker_sources(&self) -> Vec<&'static dyn MarkerSource> {
        self.sources()
            .filter_map(|s| match s {
                Source::Markers(m) => Some(*m),
                _ => None,
            })
            .collect()
    }

    /// Every area's say in how risky a grid is.
    pub fn risk_sources(&self) -> Vec<&'static dyn RiskSource> {
        self.sources()
            .filter_map(|s| match s {
                Source::Risk(r) => Some(*r),
                _ => None,
            })
            .collect()
    }
}

/// Builds the atlas from every stored region. Shapes were validated on the way in; one that
/// no longer parses is logged and left out rather than stopping the server.
pub async fn load_atlas(store: &Store) -> Result<Atlas, StoreError> {
    // Sized once: a vector grown by doubling leaves its earlier copies behind in the peak.
    let count = regions::count(store.pool()).await?;
    let mut out = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
    regions::for_each(store.pool(), |r| {
        let Ok(level) = r.level.parse::<Level>() else {
            tracing::warn!(code = %r.code, level = %r.level, "region with unknown level left out of the atlas");
            return;
        };
        let shape = r
            .geometry
            .as_deref()
            .and_then(|g| match Shape::from_geojson_str(g) {
                Ok(s) => Some(s),
                Err(e) => {
                    tracing::warn!(code = %r.code, error = %e, "stored shape does not parse");
                    None
                }
            });
        out.push(AtlasRegion {
            code: r.code,
            name: r.name,
            level,
            parent_code: r.parent_code,
            path: r.path,
            shape,
        });
    })
    .await?;
    Ok(Atlas::new(out))
}
