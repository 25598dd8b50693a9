//! The list of areas. Everything that spans areas — the router, the menu, the OpenAPI
//! document, the inbox's notice kinds, the assessment's indicators, the lists, the map, the
//! search box, the portal's desks, the scheduler — reads it. A new area is one line here.

use crate::area::Area;

/// Every area, in menu and table order.
pub const ALL: &[&Area] = &[
    &crate::home::AREA,
    &crate::auth::AREA,
    &crate::org::AREA,
    &crate::mediation::AREA,
    &crate::forces::AREA,
    &crate::requests::AREA,
    &crate::assessment::AREA,
    &crate::lists::AREA,
    &crate::map::AREA,
    &crate::search::AREA,
    &crate::portal::AREA,
    &crate::inbox::AREA,
    &crate::apidoc::AREA,
    &crate::ops::AREA,
];
