//! A file of the dossier as read: its path, its text and a line index, so a
//! byte span can be shown as `file:line:col` with the source line.

use std::ops::Range;
use std::sync::OnceLock;

/// Files larger than this are not read (rule `io`): no record is this large.
pub const MAX_FILE_SIZE: u64 = 1024 * 1024;

#[derive(Debug)]
pub struct SourceFile {
    /// Relative to the dossier root, `/` separators.
    pub path: String,
    /// The institution the file belongs to, if any.
    pub institution: Option<String>,
    /// The text, when it could be read as UTF-8 (empty otherwise).
    pub text: String,
    /// Where each line starts: built when the first diagnostic about the
    /// file needs it, as most files never get one.
    line_starts: OnceLock<Vec<usize>>,
}

impl SourceFile {
    pub fn new(path: String, institution: Option<String>, text: String) -> SourceFile {
        SourceFile {
            path,
            institution,
            text,
            line_starts: OnceLock::new(),
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(memchr_newlines(&self.text).map(|i| i + 1))
                .collect()
        })
    }

    /// 1-based line and column (in characters) of byte `offset`.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line_starts = self.line_starts();
        let line = line_starts.partition_point(|&s| s <= offset) - 1;
        let start = line_starts[line];
        let col = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, col + 1)
    }

    /// The byte range of 1-based `line`, without its line break.
    pub fn line_range(&self, line: usize) -> Range<usize> {
        let line_starts = self.line_starts();
        let start = line_starts
            .get(line - 1)
            .copied()
            .unwrap_or(self.text.len());
        let end = line_starts
            .get(line)
            .map_or(self.text.len(), |&e| e.saturating_sub(1));
        let end = if end > start && self.text.as_bytes().get(end - 1) == Some(&b'\r') {
            end - 1
        } else {
            end
        };
        start..end.max(start)
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter(|&(_, b)| b == b'\n')
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column() {
        let f = SourceFile::new("a.toml".into(), None, "a = 1\nbé = 2\n".into());
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(6), (2, 1));
        assert_eq!(f.line_col(10), (2, 4));
        assert_eq!(f.line_range(2), 6..13);
    }
}
