//! Dutch beside English: `--lang nl` prints every human-readable report and
//! diagnostic message in Dutch, with the domain's Dutch terms (kritische
//! afwijking, plan van aanpak, verificatieonderzoek, herbeoordeling,
//! overbruggingscertificaat, …). English stays the default; the JSON
//! contracts keep their fields (only the texts change).

use crate::clock::{Deadline, Period};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Nederlands.
    Nl,
}

impl Lang {
    /// The text for this language.
    pub fn pick<'a>(self, en: &'a str, nl: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Nl => nl,
        }
    }
}

/// "4 weken", "3 maanden", "5 jaar", "1 dag".
pub fn period_nl(p: Period) -> String {
    match p {
        Period::Days(1) => "1 dag".to_owned(),
        Period::Days(n) => format!("{n} dagen"),
        Period::Weeks(1) => "1 week".to_owned(),
        Period::Weeks(n) => format!("{n} weken"),
        Period::Months(1) => "1 maand".to_owned(),
        Period::Months(n) => format!("{n} maanden"),
        Period::Years(n) => format!("{n} jaar"),
    }
}

/// "1 dag" / "3 dagen".
pub fn days_nl(n: i64) -> String {
    if n == 1 {
        "1 dag".to_owned()
    } else {
        format!("{n} dagen")
    }
}

/// The Dutch name of a deadline's anchor.
pub fn anchor_nl(name: &str) -> &str {
    match name {
        "report" => "rapport",
        "certificate start" => "start certificaat",
        "suspension" => "schorsing",
        "start" => "start",
        "month end" => "einde maand",
        "VOG" => "VOG",
        "expertise shown" => "deskundigheid aangetoond",
        "first audit here" => "eerste audit hier",
        "valid_until" => "valid_until",
        other => other,
    }
}

/// "rapport 2024-11-08 + 4 weken"
pub fn arithmetic_nl(d: &Deadline) -> String {
    if matches!(d.period, Period::Days(0)) {
        return format!("{} {}", anchor_nl(d.anchor_name), d.anchor);
    }
    format!(
        "{} {} + {}",
        anchor_nl(d.anchor_name),
        d.anchor,
        period_nl(d.period)
    )
}

/// Dutch names of the classes, outcomes and audit kinds.
pub fn term_nl(term: &str) -> &str {
    match term {
        "critical" => "kritisch",
        "non-critical" => "niet-kritisch",
        "remark" => "opmerking",
        "initial" => "initiële audit",
        "control" => "controleaudit",
        "recertification" => "herbeoordeling",
        "verification" => "verificatieonderzoek",
        "extra" => "extra audit",
        "grant" => "verlening",
        "provisional" => "voorlopig certificaat",
        "continue" => "voortzetting",
        "renew" => "verlenging",
        "bridging" => "overbruggingscertificaat",
        "temporary" => "tijdelijk certificaat",
        "suspend" => "schorsing",
        "reinstate" => "opheffing schorsing",
        "withdraw" => "intrekking",
        "refuse" => "weigering",
        "regular" => "regulier",
        other => other,
    }
}

/// Dutch for messages that come without their own translation (the loader's
/// and the history rules'): English templates with `{}` holes, matched in
/// order; what does not match stays English.
const TEMPLATES: &[(&str, &str)] = &[
    ("file not found", "bestand niet gevonden"),
    ("permission denied", "geen toegang"),
    ("cannot read: {}", "kan niet lezen: {}"),
    ("broken symbolic link: {}", "kapotte symbolische link: {}"),
    (
        "symbolic link leads outside the dossier; not followed",
        "symbolische link wijst buiten het dossier; niet gevolgd",
    ),
    (
        "symbolic link in the revision; not followed",
        "symbolische link in de revisie; niet gevolgd",
    ),
    (
        "a directory where a record file was expected",
        "een map waar een recordbestand verwacht werd",
    ),
    (
        "a submodule where a record file was expected",
        "een submodule waar een recordbestand verwacht werd",
    ),
    (
        "file is {} bytes, over the limit of {} bytes; not read",
        "bestand is {} bytes, boven de grens van {} bytes; niet gelezen",
    ),
    (
        "file is over the limit of {} bytes; not read",
        "bestand is groter dan {} bytes; niet gelezen",
    ),
    ("file is not UTF-8 text", "bestand is geen UTF-8-tekst"),
    (
        "not a regular file (a pipe, socket or device); not read",
        "geen gewoon bestand (een pipe, socket of apparaat); niet gelezen",
    ),
    (
        "institution `{}` has no institution.toml",
        "instelling `{}` heeft geen institution.toml",
    ),
    (
        "unexpected directory `{}`: records are in audits/, decisions/ and progress/",
        "onverwachte map `{}`: records staan in audits/, decisions/ en progress/",
    ),
    (
        "a .toml file outside the dossier layout: kmi does not read it",
        "een .toml-bestand buiten de indeling van het dossier: kmi leest het niet",
    ),
    ("bad file name `{}`: {}", "ongeldige bestandsnaam `{}`: {}"),
    (
        "`[rules]` names `{}`, which is not a rule (see `kmi rules`)",
        "`[rules]` noemt `{}`, maar dat is geen regel (zie `kmi rules`)",
    ),
    (
        "`timezone` is `{}`, which is not an IANA time zone like Europe/Amsterdam",
        "`timezone` is `{}`, maar dat is geen IANA-tijdzone zoals Europe/Amsterdam",
    ),
    (
        "`scheme` is `{}`: neither a built-in scheme ({}) nor a .toml file inside the dossier",
        "`scheme` is `{}`: geen ingebouwd schema ({}) en geen .toml-bestand in het dossier",
    ),
    (
        "`extends` names `{}`, which is not a built-in scheme ({})",
        "`extends` noemt `{}`, geen ingebouwd schema ({})",
    ),
    (
        "norm {} names category `{}`, which the scheme does not have ({})",
        "norm {} noemt categorie `{}`, die het schema niet heeft ({})",
    ),
    (
        "{} existed at {} and is gone: records on file are never deleted",
        "{} bestond in {} en is verdwenen: vastgelegde records worden nooit verwijderd",
    ),
    (
        "finding {} ({} on norm {}) existed at {} and is gone",
        "bevinding {} ({} op norm {}) bestond in {} en is verdwenen",
    ),
    (
        "the follow-up of {} in audit {} existed at {} and is gone",
        "de opvolging van {} in audit {} bestond in {} en is verdwenen",
    ),
    (
        "finding {} was {} at {} and is now {}: its class changed in place",
        "bevinding {} was {} in {} en is nu {}: de classificatie is ter plekke gewijzigd",
    ),
    (
        "decision {} changed after the fact (since {}): {}",
        "besluit {} is achteraf gewijzigd (sinds {}): {}",
    ),
    (
        "finding {} was closed by {} at {} and changed after the fact: {}",
        "bevinding {} was gesloten door {} in {} en is achteraf gewijzigd: {}",
    ),
    (
        "the follow-up that closed {} changed after the fact (since {}): {}",
        "de opvolging die {} sloot is achteraf gewijzigd (sinds {}): {}",
    ),
    (
        "{} first recorded on {} ({}), {} days later: more than {} days",
        "{} pas vastgelegd op {} ({}), {} dagen later: meer dan {} dagen",
    ),
    ("did you mean `{}`?", "bedoel je `{}`?"),
    (
        "save the file as UTF-8; record files are TOML text",
        "sla het bestand op als UTF-8; recordbestanden zijn TOML-tekst",
    ),
];

/// Fill `nl` with the holes of `en` matched against `text`.
fn apply(en: &str, nl: &str, text: &str) -> Option<String> {
    let pieces: Vec<&str> = en.split("{}").collect();
    let mut rest = text.strip_prefix(pieces[0])?;
    let mut holes = Vec::new();
    for (i, piece) in pieces.iter().enumerate().skip(1) {
        let last = i == pieces.len() - 1;
        let end = if last {
            if !rest.ends_with(piece) {
                return None;
            }
            rest.len() - piece.len()
        } else {
            rest.find(piece)?
        };
        holes.push(&rest[..end]);
        rest = &rest[end + piece.len()..];
    }
    if pieces.len() == 1 && !rest.is_empty() {
        return None;
    }
    let mut out = String::new();
    let mut holes = holes.into_iter();
    for (i, piece) in nl.split("{}").enumerate() {
        if i > 0 {
            out.push_str(holes.next().unwrap_or(""));
        }
        out.push_str(piece);
    }
    Some(out)
}

/// Dutch for an English message without a translation of its own.
pub fn translate(rule: &str, text: &str) -> Option<String> {
    if rule == "parse" && text != "file is not UTF-8 text" {
        return Some(format!("ongeldige TOML: {text}"));
    }
    TEMPLATES.iter().find_map(|(en, nl)| apply(en, nl, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_fill_their_holes() {
        assert_eq!(
            translate(
                "io",
                "file is 2097152 bytes, over the limit of 1048576 bytes; not read"
            )
            .as_deref(),
            Some("bestand is 2097152 bytes, boven de grens van 1048576 bytes; niet gelezen")
        );
        assert_eq!(
            translate("schema", "did you mean `audits`?").as_deref(),
            Some("bedoel je `audits`?")
        );
        assert_eq!(translate("io", "something else"), None);
        assert!(
            translate("parse", "expected `=`")
                .unwrap()
                .starts_with("ongeldige TOML")
        );
    }
}
