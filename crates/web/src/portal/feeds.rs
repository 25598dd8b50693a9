//! What the portal gives assessment: residents' satisfaction (群众满意度), the average of their
//! ratings as a percentage of five stars, per region.

use crate::assessment::{common_scope, sort_by_path, within, IndicatorSource, Values};
use crate::AppState;
use fengqiao_core::geo::AtlasRegion;
use fengqiao_store::{ratings, BoxFuture, StoreError};
use std::collections::HashMap;

pub struct Satisfaction;

impl IndicatorSource for Satisfaction {
    fn values<'a>(
        &'a self,
        state: &'a AppState,
        regions: &'a [&'a AtlasRegion],
        from: i64,
        to: i64,
    ) -> BoxFuture<'a, Result<Values, StoreError>> {
        Box::pin(async move {
            let mut by_grid = ratings::by_grid(state.store.pool(), &common_scope(regions), from, to).await?;
            sort_by_path(&mut by_grid, |g| &g.0);
            let mut out = HashMap::new();
            for r in regions {
                let (mut n, mut stars) = (0, 0);
                for (_, count, sum) in within(&by_grid, &r.path, |g| &g.0) {
                    n += count;
                    stars += sum;
                }
                if n > 0 {
                    out.insert(r.code.clone(), stars as f64 / n as f64 / 5.0 * 100.0);
                }
            }
            Ok(HashMap::from([("satisfaction", out)]))
        })
    }
}
