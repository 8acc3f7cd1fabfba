//! What the cursor is on in a record file being typed: the table, the key
//! whose value it is in, and the word under it. Read from the lines around
//! the cursor rather than from a parse, because the text being typed is
//! seldom valid TOML (`lead = "` is where completion is asked for).

use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// The table the cursor is in: `""` at the top, else the header's name
    /// (`finding`, `finding.plan`, `follow_up`, `open_finding`, `rules`).
    pub table: String,
    /// The key whose value holds the cursor, or the key the cursor is on.
    pub key: Option<String>,
    /// Whether the cursor is on the key itself (left of its `=`).
    pub on_key: bool,
    /// The word under the cursor: inside a string, its content up to the
    /// quotes; else the run of id characters around it.
    pub word: Range<usize>,
    pub in_string: bool,
}

impl Cursor {
    pub fn word<'t>(&self, text: &'t str) -> &'t str {
        &text[self.word.clone()]
    }

    /// The key, as a `&str` (`""` when none).
    pub fn key(&self) -> &str {
        self.key.as_deref().unwrap_or("")
    }
}

/// Characters of ids, norm ids, finding references and dates.
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/')
}

/// The cursor at byte `offset` of `text`.
pub fn at(text: &str, offset: usize) -> Cursor {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = &text[line_start..line_end];
    let before = &text[line_start..offset];

    let table = table_at(&text[..line_start]);
    let (in_string, quote) = string_state(before);
    let word = if in_string {
        let start = line_start + quote + 1;
        let end = text[offset..line_end]
            .find('"')
            .map_or(line_end, |i| offset + i);
        start..end
    } else {
        let start = before
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_word_char(c))
            .last()
            .map_or(offset, |(i, _)| line_start + i);
        let end = text[offset..line_end]
            .char_indices()
            .find(|&(_, c)| !is_word_char(c))
            .map_or(line_end, |(i, _)| offset + i);
        start..end
    };

    let trimmed = line.trim_start();
    if trimmed.starts_with('[') && !before.contains('=') && !in_string && bare_header(trimmed) {
        return Cursor {
            table: header_name(trimmed).to_owned(),
            key: None,
            on_key: false,
            word,
            in_string,
        };
    }
    let (key, on_key) = match key_of(line) {
        Some((key, eq)) if before.len() > eq => (Some(key), false),
        Some((key, _)) => (Some(key), true),
        None => (array_key(&text[..line_start]), false),
    };
    Cursor {
        table,
        key,
        on_key,
        word,
        in_string,
    }
}

/// Whether the line is a table header (`[x]`, `[[x]]`), not an array value.
fn bare_header(line: &str) -> bool {
    let name = header_name(line);
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

fn header_name(line: &str) -> &str {
    let line = line.split('#').next().unwrap_or(line).trim();
    line.trim_start_matches('[').trim_end_matches(']').trim()
}

/// The table of the last header above (in `above`, the text before the line).
fn table_at(above: &str) -> String {
    above
        .lines()
        .rev()
        .map(str::trim_start)
        .find(|l| l.starts_with('[') && bare_header(l))
        .map(|l| header_name(l).to_owned())
        .unwrap_or_default()
}

/// Whether the end of `before` is inside a basic string, and where its
/// opening quote is.
fn string_state(before: &str) -> (bool, usize) {
    let mut open = None;
    let mut escaped = false;
    for (i, c) in before.char_indices() {
        match c {
            '\\' if open.is_some() && !escaped => {
                escaped = true;
                continue;
            }
            '"' if !escaped => open = if open.is_some() { None } else { Some(i) },
            '#' if open.is_none() => break,
            _ => {}
        }
        escaped = false;
    }
    (open.is_some(), open.unwrap_or(0))
}

/// `key = …` on `line`: the key and the offset of its `=` in the line.
fn key_of(line: &str) -> Option<(String, usize)> {
    let eq = line.find('=')?;
    let key = line[..eq].trim();
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '"'));
    bare.then(|| (key.trim_matches('"').to_owned(), eq))
}

/// The key of an array still open at the end of `above` (a value spread
/// over several lines, like `experts = [` with one id a line).
fn array_key(above: &str) -> Option<String> {
    let mut depth = 0i32;
    for line in above.lines().rev() {
        let t = line.trim_start();
        if t.starts_with('[') && bare_header(t) {
            return None;
        }
        depth += line.matches('[').count() as i32 - line.matches(']').count() as i32;
        if let Some((key, eq)) = key_of(line) {
            let opened = line[eq..].matches('[').count() as i32;
            return (depth > 0 && opened > 0).then_some(key);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cursor(text_with_bar: &str) -> (Cursor, String) {
        let offset = text_with_bar.find('|').unwrap();
        let text = text_with_bar.replace('|', "");
        let c = at(&text, offset);
        let word = c.word(&text).to_owned();
        (c, word)
    }

    #[test]
    fn value_of_a_key() {
        let (c, word) = cursor("kind = \"control\"\nlead = \"an|\"\n");
        assert_eq!(c.key(), "lead");
        assert_eq!(c.table, "");
        assert!(c.in_string && !c.on_key);
        assert_eq!(word, "an");
    }

    #[test]
    fn inside_a_table_and_an_array() {
        let text = "lead = \"a\"\n[[follow_up]]\nfinding = \"2024-11-x/f|1\"\n";
        let (c, word) = cursor(text);
        assert_eq!((c.table.as_str(), c.key()), ("follow_up", "finding"));
        assert_eq!(word, "2024-11-x/f1");
        let (c, word) = cursor("experts = [\n  \"anna\",\n  \"b|\n");
        assert_eq!((c.key(), word.as_str()), ("experts", "b"));
        let (c, _) = cursor("experts = [\"anna\"]\n|");
        assert_eq!(c.key, None);
    }

    #[test]
    fn on_a_key_and_outside_strings() {
        let (c, word) = cursor("[rules]\nvo|g = \"warning\"\n");
        assert_eq!(
            (c.table.as_str(), c.key(), c.on_key),
            ("rules", "vog", true)
        );
        assert_eq!(word, "vog");
        let (c, word) = cursor("norm = C.1|\n");
        assert!(!c.in_string);
        assert_eq!((c.key(), word.as_str()), ("norm", "C.1"));
    }

    #[test]
    fn non_ascii_before_the_cursor() {
        let (c, word) = cursor("summary = \"café 😀\"\nlead = \"dé|\"\n");
        assert_eq!((c.key(), word.as_str()), ("lead", "dé"));
    }
}
