//! Pure domain of Fengqiao: values that validate when parsed, the region tree, roles and
//! scopes, and geography. No I/O lives here, so everything can be unit- and property-tested fast.

pub mod atom;
pub mod calendar;
pub mod culture;
pub mod emergency;
pub mod forces;
pub mod geo;
pub mod ids;
pub mod mediation;
pub mod named;
pub mod prevention;
pub mod region;
pub mod risk;
pub mod role;
pub mod rollup;
pub mod services;
pub mod text;
pub mod time;
pub mod xml;

pub use ids::{IdNumber, Phone};
pub use region::{Level, RegionCode};
pub use risk::RiskLevel;
pub use role::Role;
