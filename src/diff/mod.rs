//! The two comparisons of `kmi diff`: the findings of two audits
//! ([`audits`]) and the dossier at two revisions ([`revisions`]).

pub mod audits;
pub mod revisions;
