//! Application state shared by every handler: the store, the in-memory atlas, the sources
//! that colour the map, and the sign-in limiter.

use crate::assessment::IndicatorSource;
use crate::auth::Limiter;
use crate::lists::ListSource;
use crate::map::{LayerSource, RiskSource};
use crate::search::SearchSource;
use fengqiao_core::geo::{Atlas, AtlasRegion, Shape};
use fengqiao_core::Level;
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
    pub limiter: Limiter,
    /// Anonymous submissions: 10 per phone and 30 per address an hour.
    pub public_limiter: Limiter,
    atlas: RwLock<Arc<Atlas>>,
    risk_sources: RwLock<Vec<Arc<dyn RiskSource>>>,
    list_sources: RwLock<Vec<Arc<dyn ListSource>>>,
    layers: RwLock<Vec<Arc<dyn LayerSource>>>,
    indicators: RwLock<Vec<Arc<dyn IndicatorSource>>>,
    searchers: RwLock<Vec<Arc<dyn SearchSource>>>,
    pub map_cache: std::sync::Mutex<MapCache>,
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
    /// The state with every built-in area's list and risk sources registered.
    pub fn new(store: Store, atlas: Atlas, config: Config) -> AppState {
        let state = AppState(Arc::new(Inner {
            store,
            config,
            limiter: Limiter::default(),
            public_limiter: Limiter::new(std::time::Duration::from_secs(3600), 10, 30),
            atlas: RwLock::new(Arc::new(atlas)),
            risk_sources: RwLock::new(Vec::new()),
            list_sources: RwLock::new(Vec::new()),
            layers: RwLock::new(Vec::new()),
            indicators: RwLock::new(Vec::new()),
            searchers: RwLock::new(Vec::new()),
            map_cache: Default::default(),
        }));
        state.add_search_source(Arc::new(crate::search::RegionSearch));
        crate::mediation::feeds::register(&state);
        crate::forces::register(&state);
        crate::requests::feeds::register(&state);
        crate::portal::feeds::register(&state);
        state
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

    /// Plugs an area's risk source into the map.
    pub fn add_risk_source(&self, source: Arc<dyn RiskSource>) {
        match self.risk_sources.write() {
            Ok(mut v) => v.push(source),
            Err(poisoned) => poisoned.into_inner().push(source),
        }
    }

    /// Plugs an area's contribution into the four lists.
    pub fn add_list_source(&self, source: Arc<dyn ListSource>) {
        match self.list_sources.write() {
            Ok(mut v) => v.push(source),
            Err(poisoned) => poisoned.into_inner().push(source),
        }
    }

    pub fn list_sources(&self) -> Vec<Arc<dyn ListSource>> {
        match self.list_sources.read() {
            Ok(v) => v.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Plugs an area's assessment indicators in.
    pub fn add_indicator_source(&self, source: Arc<dyn IndicatorSource>) {
        match self.indicators.write() {
            Ok(mut v) => v.push(source),
            Err(poisoned) => poisoned.into_inner().push(source),
        }
    }

    pub fn indicator_sources(&self) -> Vec<Arc<dyn IndicatorSource>> {
        match self.indicators.read() {
            Ok(v) => v.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Plugs an area's map layer in.
    pub fn add_layer(&self, layer: Arc<dyn LayerSource>) {
        match self.layers.write() {
            Ok(mut v) => v.push(layer),
            Err(poisoned) => poisoned.into_inner().push(layer),
        }
    }

    pub fn layers(&self) -> Vec<Arc<dyn LayerSource>> {
        match self.layers.read() {
            Ok(v) => v.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Plugs an area's answer into the search box.
    pub fn add_search_source(&self, source: Arc<dyn SearchSource>) {
        match self.searchers.write() {
            Ok(mut v) => v.push(source),
            Err(poisoned) => poisoned.into_inner().push(source),
        }
    }

    pub fn search_sources(&self) -> Vec<Arc<dyn SearchSource>> {
        match self.searchers.read() {
            Ok(v) => v.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    pub fn risk_sources(&self) -> Vec<Arc<dyn RiskSource>> {
        match self.risk_sources.read() {
            Ok(v) => v.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }
}

/// Builds the atlas from every stored region. Shapes were validated on the way in; one that
/// no longer parses is logged and left out rather than stopping the server.
pub async fn load_atlas(store: &Store) -> Result<Atlas, StoreError> {
    let rows = regions::all(store.pool()).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let Ok(level) = r.level.parse::<Level>() else {
            tracing::warn!(code = %r.code, level = %r.level, "region with unknown level left out of the atlas");
            continue;
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
    }
    Ok(Atlas::new(out))
}
