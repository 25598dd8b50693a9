//! What smart-security compounds give the rest of the platform: the number of compounds at the
//! standard's lowest level or above, per region, for assessment.

use super::service;
use crate::assessment::{sort_by_path, within, IndicatorSource, Values};
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
            let mut reached: Vec<&str> = progress
                .compounds
                .iter()
                .filter(|c| c.level.is_some())
                .filter_map(|c| atlas.get(&c.code).map(|c| c.path.as_str()))
                .collect();
            sort_by_path(&mut reached, |p| p);
            let out = regions
                .iter()
                .map(|r| {
                    let n = within(&reached, &r.path, |p| p).len();
                    (r.code.clone(), n as f64)
                })
                .collect();
            Ok(HashMap::from([("smart_compounds", out)]))
        })
    }
}
