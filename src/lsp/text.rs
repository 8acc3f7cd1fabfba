//! Positions and addresses: byte offsets of kmi's spans against the line and
//! character of the Language Server Protocol, in the encoding negotiated
//! (UTF-16 code units by default, UTF-8 bytes when the client offers it),
//! and `file://` URIs against paths relative to the dossier root.

use std::ops::Range;
use std::path::{Path, PathBuf};

use lsp_types::{Position, Range as LspRange, Uri};

/// How the client counts characters within a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    /// The encoding to use for a client offering `offered` (in its order of
    /// preference): UTF-8 when offered, as kmi's spans are byte offsets;
    /// otherwise UTF-16, which every client must support.
    pub fn negotiate(offered: Option<&[lsp_types::PositionEncodingKind]>) -> Encoding {
        let utf8 = offered
            .unwrap_or_default()
            .contains(&lsp_types::PositionEncodingKind::UTF8);
        if utf8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        }
    }

    pub fn kind(self) -> lsp_types::PositionEncodingKind {
        match self {
            Encoding::Utf8 => lsp_types::PositionEncodingKind::UTF8,
            Encoding::Utf16 => lsp_types::PositionEncodingKind::UTF16,
        }
    }

    /// The width of `s` in this encoding.
    fn width(self, s: &str) -> u32 {
        match self {
            Encoding::Utf8 => s.len() as u32,
            Encoding::Utf16 => s.encode_utf16().count() as u32,
        }
    }
}

/// Where each line of a text starts, to turn offsets into positions and back.
pub struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
    encoding: Encoding,
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str, encoding: Encoding) -> LineIndex<'t> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex {
            text,
            starts,
            encoding,
        }
    }

    /// The position of byte `offset` (clamped to the text, and moved back to
    /// a character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        Position::new(line as u32, self.encoding.width(&self.text[start..offset]))
    }

    pub fn range(&self, span: &Range<usize>) -> LspRange {
        LspRange::new(self.position(span.start), self.position(span.end))
    }

    /// The byte offset of `pos`: a line past the end is the end of the text,
    /// a character past the end of its line is the end of that line, and a
    /// position inside a character (half a surrogate pair) is its start.
    pub fn offset(&self, pos: Position) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else {
            return self.text.len();
        };
        let end = self
            .starts
            .get(pos.line as usize + 1)
            .map_or(self.text.len(), |&e| e - 1);
        let line = &self.text[start..end];
        let mut units = 0u32;
        for (i, c) in line.char_indices() {
            if units >= pos.character {
                return start + i;
            }
            units += match self.encoding {
                Encoding::Utf8 => c.len_utf8() as u32,
                Encoding::Utf16 => c.len_utf16() as u32,
            };
            if units > pos.character {
                return start + i;
            }
        }
        end
    }
}

/// Apply one change of `textDocument/didChange` to `text`.
pub fn apply_change(
    text: &mut String,
    change: &lsp_types::TextDocumentContentChangeEvent,
    encoding: Encoding,
) {
    match change.range {
        None => *text = change.text.clone(),
        Some(range) => {
            let index = LineIndex::new(text, encoding);
            let start = index.offset(range.start);
            let end = index.offset(range.end).max(start);
            text.replace_range(start..end, &change.text);
        }
    }
}

/// The `file://` URI of an absolute path.
pub fn path_to_uri(path: &Path) -> Uri {
    let mut s = String::from("file://");
    let path = path.to_string_lossy();
    if !path.starts_with('/') {
        // A Windows path: file:///C:/…
        s.push('/');
    }
    for b in path.replace('\\', "/").bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' | b':' => {
                s.push(b as char)
            }
            _ => s.push_str(&format!("%{b:02X}")),
        }
    }
    s.parse().expect("a file URI built from a path is valid")
}

/// The path of a `file://` URI; `None` for another scheme.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // Skip the authority (empty or `localhost`).
    let path = &rest[rest.find('/')?..];
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let bytes = percent_decode(path);
    let decoded = String::from_utf8(bytes).ok()?;
    // file:///C:/x → C:/x
    let decoded = match decoded.as_bytes() {
        [b'/', drive, b':', ..] if drive.is_ascii_alphabetic() => decoded[1..].to_owned(),
        _ => decoded,
    };
    Some(PathBuf::from(decoded))
}

fn percent_decode(s: &str) -> Vec<u8> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let (Some(hi), Some(lo)) = (hex(bytes.get(i + 1)), hex(bytes.get(i + 2)))
        {
            out.push(hi << 4 | lo);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

fn hex(b: Option<&u8>) -> Option<u8> {
    (*b? as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "a = 1\nsummary = \"café 😀 x\"\nlast";

    #[test]
    fn utf16_counts_code_units() {
        let index = LineIndex::new(TEXT, Encoding::Utf16);
        let x = TEXT.find(" x\"").unwrap() + 1;
        // `summary = "café 😀 ` is 11 + 5 + 2 (surrogate pair) + 1 units.
        assert_eq!(index.position(x), Position::new(1, 19));
        assert_eq!(index.offset(Position::new(1, 19)), x);
        let emoji = TEXT.find('😀').unwrap();
        assert_eq!(index.position(emoji), Position::new(1, 16));
        // The middle of the surrogate pair is the emoji's start.
        assert_eq!(index.offset(Position::new(1, 17)), emoji);
        assert_eq!(index.offset(Position::new(1, 18)), emoji + 4);
    }

    #[test]
    fn utf8_counts_bytes() {
        let index = LineIndex::new(TEXT, Encoding::Utf8);
        let x = TEXT.find(" x\"").unwrap() + 1;
        assert_eq!(index.position(x), Position::new(1, 22));
        assert_eq!(index.offset(Position::new(1, 22)), x);
    }

    #[test]
    fn past_the_end() {
        let index = LineIndex::new(TEXT, Encoding::Utf16);
        assert_eq!(index.offset(Position::new(0, 99)), 5);
        assert_eq!(index.offset(Position::new(9, 0)), TEXT.len());
        assert_eq!(index.position(TEXT.len()), Position::new(2, 4));
    }

    #[test]
    fn incremental_change() {
        let mut text = "name = \"Zoë\"\nroles = []\n".to_owned();
        let change = lsp_types::TextDocumentContentChangeEvent {
            range: Some(LspRange::new(Position::new(0, 11), Position::new(0, 11))),
            range_length: None,
            text: " 😀".to_owned(),
        };
        apply_change(&mut text, &change, Encoding::Utf16);
        assert_eq!(text, "name = \"Zoë 😀\"\nroles = []\n");
    }

    #[test]
    fn uris() {
        let path = Path::new("/tmp/my dossier/people/zoë.toml");
        let uri = path_to_uri(path);
        assert_eq!(
            uri.as_str(),
            "file:///tmp/my%20dossier/people/zo%C3%AB.toml"
        );
        assert_eq!(uri_to_path(&uri).unwrap(), path);
        let other: Uri = "untitled:Untitled-1".parse().unwrap();
        assert_eq!(uri_to_path(&other), None);
    }
}
