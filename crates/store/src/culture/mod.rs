//! Cultural guidance's tables: campaigns and their votes, the heroism fund's books, the
//! boards' deeds, the archive with red sites and their events, legal education, and the
//! village and family rules.

pub mod archive;
pub mod campaigns;
pub mod deeds;
pub mod fund;
pub mod legal;
pub mod rules;
