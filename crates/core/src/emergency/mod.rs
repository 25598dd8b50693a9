//! Emergency command (两级应急指挥), drills and residents' tip-offs: the rules, with no I/O.
//! Incidents are commanded by the town and taken over by the district from severity II; the
//! log of an incident only grows; public warnings are CAP 1.2 alerts; tips carry receipts.

pub mod cap;
pub mod drill;
pub mod incident;
pub mod tip;
