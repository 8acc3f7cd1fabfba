//! `personal-data`: a BSN-like number in the dossier's text. The rule reads
//! the source text of every file (values and comments alike); only a file
//! with a hit is parsed again, to name the key that holds it.

use std::ops::Range;

use rayon::prelude::*;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::Ctx;
use crate::diag::Diagnostic;
use crate::rules::RuleId;

/// The byte ranges of the BSN-like numbers in `s`: nine digits that pass
/// the eleven-test of the Dutch citizen service number, written as one run
/// (`123456782`, not part of a longer run of digits) or in groups of
/// 3-3-3 or 4-2-3 separated by single spaces or single dots (`123 456 782`,
/// `123.456.782`, `1234.56.782`), not part of a longer such number.
///
/// Every byte of every file goes through here, so it looks at one byte in
/// nine where it can: a number of nine to eleven bytes that starts at `i`
/// or later but before `i + 9` covers byte `i + 8`, so when that byte can be
/// no part of one (no digit, and no separator between two digits) the
/// search moves on by nine.
pub fn find_bsns(s: &str) -> Vec<Range<usize>> {
    let b = s.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let mut out = Vec::new();
    let mut i = 0;
    while i + 9 <= b.len() {
        let at = i + 8;
        let inside = digit(at) || (is_separator(b[at]) && digit(at - 1) && digit(at + 1));
        if !inside {
            i += 9;
            continue;
        }
        // The number-like run around `at`: digits, and single separators
        // between digits.
        let mut start = at;
        while start > 0
            && (digit(start - 1) || (start >= 2 && is_separator(b[start - 1]) && digit(start - 2)))
        {
            start -= 1;
        }
        if !digit(start) {
            start += 1;
        }
        let mut end = at + 1;
        while end < b.len() && (digit(end) || (is_separator(b[end]) && digit(end + 1))) {
            end += 1;
        }
        // Nine digits take nine bytes at least: a date's `2025` is no number.
        if end - start >= 9 {
            matches_in_run(b, start, end, &mut out);
        }
        i = end + 1;
    }
    out
}

fn is_separator(c: u8) -> bool {
    c == b' ' || c == b'.'
}

/// The BSN-like numbers in `b[start..end]`, a run of digit groups joined by
/// single separators.
fn matches_in_run(b: &[u8], start: usize, end: usize, out: &mut Vec<Range<usize>>) {
    // The groups of digits and the separator after each (0 after the last).
    let mut groups: Vec<(usize, usize, u8)> = Vec::new();
    let mut g = start;
    for (k, c) in b[start..end].iter().enumerate() {
        if !c.is_ascii_digit() {
            groups.push((g, start + k, *c));
            g = start + k + 1;
        }
    }
    groups.push((g, end, 0));
    let eleven = |r: Range<usize>| {
        let digits: Vec<u8> = b[r].iter().copied().filter(u8::is_ascii_digit).collect();
        passes_eleven_test(&digits)
    };
    let mut found = Vec::new();
    // Nine digits in one group.
    for &(s, e, _) in &groups {
        if e - s == 9 && eleven(s..e) {
            found.push(s..e);
        }
    }
    // Groups joined by the same separator, the whole chain.
    let mut first = 0;
    while first < groups.len() {
        let sep = groups[first].2;
        let mut last = first;
        while last + 1 < groups.len() && groups[last].2 == sep {
            last += 1;
        }
        let sizes: Vec<usize> = groups[first..=last].iter().map(|(s, e, _)| e - s).collect();
        if (sizes == [3, 3, 3] || sizes == [4, 2, 3]) && eleven(groups[first].0..groups[last].1) {
            found.push(groups[first].0..groups[last].1);
        }
        first = last.max(first + 1);
    }
    found.sort_by_key(|r| r.start);
    out.extend(found);
}

/// 9·d1 + 8·d2 + … + 2·d8 − 1·d9 ≡ 0 (mod 11), and not all zeros.
pub fn passes_eleven_test(digits: &[u8]) -> bool {
    if digits.len() != 9 || digits.iter().all(|d| *d == b'0') {
        return false;
    }
    let sum: i64 = digits
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let v = i64::from(d - b'0');
            if i == 8 { -v } else { v * (9 - i as i64) }
        })
        .sum();
    sum % 11 == 0
}

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let found: Vec<Vec<Diagnostic>> = ctx
        .dossier
        .files
        .par_iter()
        .enumerate()
        .filter_map(|(file, source)| {
            let hits = find_bsns(&source.text);
            (!hits.is_empty()).then(|| diagnostics(ctx, file, &source.text, &hits))
        })
        .collect();
    out.extend(found.into_iter().flatten());
}

/// Where a number was found: in a value (named by its key), in a comment,
/// or elsewhere on a line (a key, or text that does not parse).
enum Place {
    Value(String),
    Comment,
    Line,
}

/// One diagnostic per value, comment or line that holds a number.
fn diagnostics(
    ctx: &Ctx<'_>,
    file: crate::dossier::FileId,
    text: &str,
    hits: &[Range<usize>],
) -> Vec<Diagnostic> {
    let (doc, _) = DeTable::parse_recoverable(text);
    let doc = Spanned::new(doc.span(), DeValue::Table(doc.into_inner()));
    let mut values = Vec::new();
    leaves(&doc, "", &mut values);
    let mut places: Vec<(Range<usize>, Place)> = Vec::new();
    for hit in hits {
        let place = match values
            .iter()
            .find(|(span, _)| span.start <= hit.start && hit.end <= span.end)
        {
            Some((span, key)) => (span.clone(), Place::Value(key.clone())),
            None => {
                let line_start = text[..hit.start].rfind('\n').map_or(0, |n| n + 1);
                match text[line_start..hit.start].find('#') {
                    Some(hash) => {
                        let line_end = text[hit.end..]
                            .find('\n')
                            .map_or(text.len(), |n| hit.end + n);
                        let comment = line_start + hash..line_end;
                        let trimmed = text[comment.clone()].trim_end().len();
                        (comment.start..comment.start + trimmed, Place::Comment)
                    }
                    None => (hit.clone(), Place::Line),
                }
            }
        };
        if !places.iter().any(|(span, _)| *span == place.0) {
            places.push(place);
        }
    }
    let source = ctx.dossier.file(file);
    let subject = source
        .path
        .trim_end_matches(".toml")
        .rsplit('/')
        .next()
        .unwrap_or("")
        .to_owned();
    places
        .into_iter()
        .map(|(span, place)| {
            let (en, nl) = match place {
                Place::Value(key) => (
                    format!("`{key}` holds a number that looks like a BSN (citizen service number)"),
                    format!("`{key}` bevat een getal dat op een BSN (burgerservicenummer) lijkt"),
                ),
                Place::Comment => (
                    "a comment holds a number that looks like a BSN (citizen service number)".to_owned(),
                    "een commentaar bevat een getal dat op een BSN (burgerservicenummer) lijkt".to_owned(),
                ),
                Place::Line => (
                    "this line holds a number that looks like a BSN (citizen service number)".to_owned(),
                    "deze regel bevat een getal dat op een BSN (burgerservicenummer) lijkt".to_owned(),
                ),
            };
            ctx.diag(RuleId::PersonalData, file, span, subject.clone(), en)
                .nl(nl)
                .hints(
                    "children's and parents' personal data do not belong in the dossier: remove the number, refer to the case by the institution's own file reference",
                    "persoonsgegevens van kinderen en ouders horen niet in het dossier: verwijder het nummer en verwijs naar de zaak met het eigen dossiernummer van de instelling",
                )
        })
        .collect()
}

/// Every value that is no table or array, with its span and the key it is
/// under (an array's items are under the array's key).
fn leaves(v: &Spanned<DeValue<'_>>, key: &str, out: &mut Vec<(Range<usize>, String)>) {
    match v.get_ref() {
        DeValue::Array(items) => {
            for item in items.iter() {
                leaves(item, key, out);
            }
        }
        DeValue::Table(t) => {
            for (k, val) in t.iter() {
                leaves(val, k.get_ref().as_ref(), out);
            }
        }
        _ => out.push((v.span(), key.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contains_bsn(s: &str) -> bool {
        !find_bsns(s).is_empty()
    }

    /// The straightforward scan `find_bsns` must agree with: every run of
    /// digit groups, found byte by byte.
    fn find_bsns_naive(s: &str) -> Vec<Range<usize>> {
        let b = s.as_bytes();
        let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if !digit(i) {
                i += 1;
                continue;
            }
            let start = i;
            while i < b.len() && (digit(i) || (is_separator(b[i]) && digit(i + 1))) {
                i += 1;
            }
            matches_in_run(b, start, i, &mut out);
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn skipping_scan_agrees_with_naive_scan(
            s in "[0-9a .]{0,40}(111222333|123456782|123 456 782|123.456.782|1234.56.782)?[0-9a .]{0,40}"
        ) {
            proptest::prop_assert_eq!(find_bsns(&s), find_bsns_naive(&s));
        }
    }

    #[test]
    fn eleven_test() {
        assert!(contains_bsn("client 111222333 seen"));
        assert!(contains_bsn("123456782"));
        assert!(!contains_bsn("123456789"));
        assert!(!contains_bsn("1234567820"));
        assert!(!contains_bsn("000000000"));
        assert!(!contains_bsn("12 families"));
    }

    #[test]
    fn written_with_spaces_or_dots() {
        assert_eq!(find_bsns("child 123 456 782 seen"), vec![6..17]);
        assert_eq!(find_bsns("child 123.456.782."), vec![6..17]);
        assert!(contains_bsn("1234.56.782"));
        assert!(contains_bsn("1234 56 782"));
        assert!(contains_bsn("in 2025 123456782"));
        // Not the eleven-test, mixed separators, other groupings, part of a
        // longer number, or the documented way to write a reference.
        assert!(!contains_bsn("123 456 789"));
        assert!(!contains_bsn("123 456.782"));
        assert!(!contains_bsn("12 3456 782"));
        assert!(!contains_bsn("1 123 456 782"));
        assert!(!contains_bsn("123 456 782 1"));
        assert!(!contains_bsn("123  456  782"));
        assert!(!contains_bsn("1234-56-782"));
    }
}
