//! Renderers of `kmi deadlines`: one file per format.

pub mod csv;
pub mod ics;
pub mod json;
pub mod table;
pub mod yaml;
