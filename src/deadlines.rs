//! Every deadline the dossier implies as of a date: what is due, overdue and
//! coming. Each row is an unmet obligation of `obligations`, the same data
//! the `check` rules judge, so a plan, verification, control audit,
//! re-assessment or progress report is overdue here exactly when `check`
//! reports it unmet and past due. VOG, expertise and rotation rows are
//! reminders about the people who still serve.

use serde::Serialize;

use crate::clock::Date;
use crate::dossier::Dossier;
use crate::facts::Facts;
use crate::facts::obligations::{About, Obligation};
use crate::i18n::Lang;

pub use crate::facts::obligations::Kind;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The due date has passed and the obligation is unmet.
    Overdue,
    /// Due within the window (today through today + `--within` days).
    Due,
    /// Due later than the window.
    Upcoming,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Overdue => "overdue",
            Status::Due => "due",
            Status::Upcoming => "upcoming",
        }
    }
}

/// One deadline. The serialized form is the JSON contract of
/// `kmi deadlines --format json` (`kind`, `due`, `status`, `institution`,
/// `subject`, `file`), with `person`, `what` and `arithmetic` added.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Item {
    pub kind: Kind,
    pub due: Date,
    pub status: Status,
    pub institution: Option<String>,
    pub subject: String,
    pub file: String,
    /// The person the deadline is about (VOG, expertise, rotation).
    pub person: Option<String>,
    /// What is due, in words.
    pub what: String,
    /// How the due date was computed, e.g. "report 2025-06-27 + 4 weeks".
    pub arithmetic: String,
    /// Tells apart obligations of one record (control audit 1 and 2).
    #[serde(skip)]
    pub nth: usize,
}

impl Item {
    /// Days past due as of `as_of` (0 when not overdue).
    pub fn days_overdue(&self, as_of: Date) -> i64 {
        self.due.days_until(as_of).max(0)
    }

    /// A stable identity: the same obligation keeps it when its due date moves
    /// (used for calendar UIDs).
    pub fn key(&self) -> String {
        format!(
            "{}/{}/{}/{}",
            self.kind.as_str(),
            self.institution.as_deref().unwrap_or("-"),
            self.subject,
            self.nth
        )
    }
}

/// Every unmet deadline as of the facts' date; `within` days set the window
/// that separates `due` from `upcoming`. Sorted: overdue first, then by date.
pub fn compute(dossier: &Dossier, facts: &Facts<'_>, within: u32) -> Vec<Item> {
    compute_in(dossier, facts, within, Lang::En)
}

/// [`compute`], with `what` and `arithmetic` in `lang`.
pub fn compute_in(dossier: &Dossier, facts: &Facts<'_>, within: u32, lang: Lang) -> Vec<Item> {
    let as_of = facts.as_of;
    let window_end = as_of.add_days(within.into());
    let mut items: Vec<Item> = facts
        .obligations
        .iter()
        .filter(|o| o.met.is_none())
        .map(|o| {
            let due = o.deadline.due;
            Item {
                kind: o.kind,
                due,
                status: if due < as_of {
                    Status::Overdue
                } else if due <= window_end {
                    Status::Due
                } else {
                    Status::Upcoming
                },
                institution: o.institution.clone(),
                subject: o.subject.clone(),
                file: dossier.file(o.file).path.clone(),
                person: o.person.clone(),
                what: what(o, lang),
                arithmetic: match lang {
                    Lang::En => o.deadline.arithmetic(),
                    Lang::Nl => crate::i18n::arithmetic_nl(&o.deadline),
                },
                nth: o.nth,
            }
        })
        .collect();
    items.sort_by(|a, b| {
        (a.status == Status::Overdue)
            .cmp(&(b.status == Status::Overdue))
            .reverse()
            .then(a.due.cmp(&b.due))
            .then(a.kind.cmp(&b.kind))
            .then(a.institution.cmp(&b.institution))
            .then(a.subject.cmp(&b.subject))
    });
    items
}

/// What is due, in words.
fn what(o: &Obligation, lang: Lang) -> String {
    match (o.kind, &o.about) {
        (Kind::Plan, About::Finding(class)) => match lang {
            Lang::En => format!("plan of action ({} finding)", class.as_str()),
            Lang::Nl => format!("plan van aanpak ({})", crate::i18n::term_nl(class.as_str())),
        },
        (Kind::Verification, _) => lang
            .pick(
                "verification of the critical finding",
                "verificatie van de kritische afwijking",
            )
            .to_owned(),
        (Kind::ControlAudit, About::ControlAudit(n)) => {
            format!("{} {n}", lang.pick("control audit", "controleaudit"))
        }
        (Kind::Recertification, _) => lang
            .pick("re-assessment (recertification audit)", "herbeoordeling")
            .to_owned(),
        (Kind::ProgressReport, About::ProgressReport { month, .. }) => match lang {
            Lang::En => format!("progress report on {month} (end of the next month)"),
            Lang::Nl => format!("voortgangsrapportage over {month} (einde volgende maand)"),
        },
        (Kind::CertificateEnd | Kind::BridgingEnd, About::CertificateEnd(kind)) => match lang {
            Lang::En => format!("{} certificate ends (last valid day)", kind.as_str()),
            Lang::Nl => format!(
                "einde certificaat ({}), laatste geldige dag",
                crate::i18n::term_nl(kind.as_str())
            ),
        },
        (Kind::FollowUp, _) => lang
            .pick(
                "follow-up at the next control audit or re-assessment",
                "opvolging bij de volgende controleaudit of herbeoordeling",
            )
            .to_owned(),
        (Kind::Rotation, _) => lang
            .pick(
                "last day to start an audit here (rotation)",
                "laatste dag om hier een audit te beginnen (rotatie)",
            )
            .to_owned(),
        (Kind::Vog, _) => lang
            .pick(
                "VOG expires (last valid day)",
                "VOG verloopt (laatste geldige dag)",
            )
            .to_owned(),
        (Kind::Expertise, _) => lang
            .pick(
                "expertise to be shown again",
                "deskundigheid opnieuw aantonen",
            )
            .to_owned(),
        (kind, _) => kind.as_str().to_owned(),
    }
}
