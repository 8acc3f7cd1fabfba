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
