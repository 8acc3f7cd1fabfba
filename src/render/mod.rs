//! Renderers: one per output format, over the same diagnostics.

pub mod consistency;
pub mod deadlines;
pub mod human;
pub mod json;
pub mod register;
pub mod trace;

use crate::diag::{Diagnostic, Severity};

/// Counts for the summary line and the JSON `summary` object.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub files: usize,
}

impl Summary {
    pub fn of(diags: &[Diagnostic], files: usize) -> Summary {
        Summary {
            errors: diags
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count(),
            warnings: diags
                .iter()
                .filter(|d| d.severity == Severity::Warning)
                .count(),
            files,
        }
    }
}
