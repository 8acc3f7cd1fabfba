//! `personal-data`: a BSN-like number in a free-text field. The loader scans
//! every string value once while it holds the parsed document; this rule
//! reports what it found.

use super::Ctx;
use crate::diag::Diagnostic;
use crate::rules::RuleId;

/// Whether `s` holds nine consecutive digits (not part of a longer run of
/// digits) that pass the eleven-test of the Dutch citizen service number.
///
/// Every string of every file goes through here, so it looks at one byte in
/// nine where it can: a run of nine digits that starts at `i` or later but
/// before `i + 9` covers byte `i + 8`, so when that byte is no digit the
/// search moves on by nine.
pub fn contains_bsn(s: &str) -> bool {
    let b = s.as_bytes();
    // `i` is where a run of digits may start: b[i - 1] is no digit.
    let mut i = 0;
    while i + 9 <= b.len() {
        if !b[i + 8].is_ascii_digit() {
            i += 9;
            continue;
        }
        let mut start = i + 8;
        while start > i && b[start - 1].is_ascii_digit() {
            start -= 1;
        }
        let mut end = i + 9;
        while end < b.len() && b[end].is_ascii_digit() {
            end += 1;
        }
        if end - start == 9 && passes_eleven_test(&b[start..end]) {
            return true;
        }
        i = end + 1;
    }
    false
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
    for hit in &ctx.dossier.personal_data {
        let file = ctx.dossier.file(hit.file);
        let subject = file
            .path
            .trim_end_matches(".toml")
            .rsplit('/')
            .next()
            .unwrap_or("")
            .to_owned();
        out.push(
            ctx.diag(
                RuleId::PersonalData,
                hit.file,
                hit.span.clone(),
                subject,
                format!("`{}` holds a number that looks like a BSN (citizen service number)", hit.key),
            )
            .nl(format!("`{}` bevat een getal dat op een BSN (burgerservicenummer) lijkt", hit.key))
            .hints(
                "children's and parents' personal data do not belong in the dossier: remove the number, refer to the case by the institution's own file reference",
                "persoonsgegevens van kinderen en ouders horen niet in het dossier: verwijder het nummer en verwijs naar de zaak met het eigen dossiernummer van de instelling",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The straightforward scan `contains_bsn` must agree with.
    fn contains_bsn_naive(s: &str) -> bool {
        let b = s.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if !b[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if i - start == 9 && passes_eleven_test(&b[start..i]) {
                return true;
            }
        }
        false
    }

    proptest::proptest! {
        #[test]
        fn skipping_scan_agrees_with_naive_scan(s in "[0-9a ]{0,40}(111222333|123456782)?[0-9a ]{0,40}") {
            proptest::prop_assert_eq!(contains_bsn(&s), contains_bsn_naive(&s));
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
}
