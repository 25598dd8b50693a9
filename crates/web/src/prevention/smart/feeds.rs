//! What smart-security compounds give the rest of the platform: the number of compounds at the
//! standard's lowest level or above, per region, for assessment.

use super::service;
use crate::assessment::{IndicatorSource, Values};
use crate::AppState;
use fengqiao_core::geo::AtlasRegion;
use fengqiao_store::{BoxFuture, StoreError};
use std::collections::HashMap;

pub struct SmartCompounds;

impl IndicatorSource for SmartCompounds {
    fn values<'a>(
        &'a self,
        state: &'a AppState,
        regions: &'a [&'a AtlasRegion],
        _from: i64,
        _to: i64,
    ) -> BoxFuture<'a, Result<Values, StoreError>> {
        Box::pin(async move {
            let atlas = state.atlas();
            let Some(root) = atlas.regions().iter().find(|r| r.parent_code.is_none()) else {
                return Ok(HashMap::new());
            };
            let progress = service::progress(state, root)
                .await
                .map_err(|e| StoreError::Invalid(e.detail))?;
            let reached: Vec<&str> = progress
                .compounds
                .iter()
                .filter(|c| c.level.is_some())
                .map(|c| c.code.as_str())
                .collect();
            let out = regions
                .iter()
                .map(|r| {
                    let n = reached
                        .iter()
                        .filter(|c| atlas.get(c).is_some_and(|c| c.path.starts_with(&r.path)))
                        .count();
                    (r.code.clone(), n as f64)
                })
                .collect();
            Ok(HashMap::from([("smart_compounds", out)]))
        })
    }
}
