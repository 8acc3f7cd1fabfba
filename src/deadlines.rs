//! Every deadline the dossier implies as of a date: what is due, overdue and
//! coming. The due dates come from the same computations the `check` rules
//! use (`facts`, `timeline`, `rules::audit_cycle::obligations`,
//! `rules::progress_reports::reports_due`), so a deadline is overdue exactly
//! when `check` reports it.

use serde::Serialize;

use crate::clock::{Date, Deadline};
use crate::dossier::Dossier;
use crate::facts::Facts;
use crate::i18n::Lang;
use crate::model::{AuditKind, Class, Role};
use crate::rules::audit_cycle::obligations;
use crate::rules::progress_reports::{received, reports_due};
use crate::rules::rotation::rotation_start;
use crate::timeline::{self, CertKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Plan,
    Verification,
    FollowUp,
    ControlAudit,
    Recertification,
    CertificateEnd,
    BridgingEnd,
    ProgressReport,
    Vog,
    Expertise,
    Rotation,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Plan => "plan",
            Kind::Verification => "verification",
            Kind::FollowUp => "follow-up",
            Kind::ControlAudit => "control-audit",
            Kind::Recertification => "recertification",
            Kind::CertificateEnd => "certificate-end",
            Kind::BridgingEnd => "bridging-end",
            Kind::ProgressReport => "progress-report",
            Kind::Vog => "vog",
            Kind::Expertise => "expertise",
            Kind::Rotation => "rotation",
        }
    }
}

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

struct Builder<'a> {
    lang: Lang,
    as_of: Date,
    window_end: Date,
    dossier: &'a Dossier,
    items: Vec<Item>,
}

impl Builder<'_> {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        kind: Kind,
        deadline: Deadline,
        institution: Option<&str>,
        subject: String,
        file: usize,
        person: Option<&str>,
        what: String,
    ) {
        let due = deadline.due;
        let status = if due < self.as_of {
            Status::Overdue
        } else if due <= self.window_end {
            Status::Due
        } else {
            Status::Upcoming
        };
        self.items.push(Item {
            kind,
            due,
            status,
            institution: institution.map(str::to_owned),
            subject,
            file: self.dossier.file(file).path.clone(),
            person: person.map(str::to_owned),
            what,
            nth: 0,
            arithmetic: match self.lang {
                Lang::En => deadline.arithmetic(),
                Lang::Nl => crate::i18n::arithmetic_nl(&deadline),
            },
        });
    }
}

/// Every unmet deadline as of `as_of`; `within` days set the window that
/// separates `due` from `upcoming`. Sorted: overdue first, then by date.
pub fn compute(dossier: &Dossier, facts: &Facts<'_>, as_of: Date, within: u32) -> Vec<Item> {
    compute_in(dossier, facts, as_of, within, Lang::En)
}

/// [`compute`], with `what` and `arithmetic` in `lang`.
pub fn compute_in(
    dossier: &Dossier,
    facts: &Facts<'_>,
    as_of: Date,
    within: u32,
    lang: Lang,
) -> Vec<Item> {
    let clocks = &dossier.scheme.clocks;
    let mut b = Builder {
        lang,
        as_of,
        window_end: as_of.add_days(within.into()),
        dossier,
        items: Vec::new(),
    };
    for inst in &facts.institutions {
        let iid = Some(inst.id());
        for f in inst.findings.values() {
            let finding = f.finding.get_ref();
            if let Some(dl) = f.plan_deadline(clocks)
                && finding.plan.is_none()
            {
                b.push(
                    Kind::Plan,
                    dl,
                    iid,
                    f.subject(),
                    f.audit.file,
                    None,
                    match lang {
                        Lang::En => {
                            format!("plan of action ({} finding)", f.original_class().as_str())
                        }
                        Lang::Nl => format!(
                            "plan van aanpak ({})",
                            crate::i18n::term_nl(f.original_class().as_str())
                        ),
                    },
                );
            }
            if let Some(dl) = f.verification_deadline(clocks)
                && f.verified_by().is_none()
            {
                b.push(
                    Kind::Verification,
                    dl,
                    iid,
                    f.subject(),
                    f.audit.file,
                    None,
                    lang.pick(
                        "verification of the critical finding",
                        "verificatie van de kritische afwijking",
                    )
                    .to_owned(),
                );
            }
        }
        // The certificate in force today and what it owes.
        let current = timeline::in_force(&inst.certificates, as_of);
        for cert in &inst.certificates {
            for ob in obligations(inst, cert, clocks) {
                if ob.held.is_some() {
                    continue;
                }
                let (kind, what) = match ob.kind {
                    AuditKind::Control => (
                        Kind::ControlAudit,
                        format!(
                            "{} {}",
                            lang.pick("control audit", "controleaudit"),
                            ob.number
                        ),
                    ),
                    _ => (
                        Kind::Recertification,
                        lang.pick("re-assessment (recertification audit)", "herbeoordeling")
                            .to_owned(),
                    ),
                };
                b.push(
                    kind,
                    ob.deadline,
                    iid,
                    cert.decision.id.clone(),
                    cert.decision.file,
                    None,
                    what,
                );
                if let Some(last) = b.items.last_mut() {
                    last.nth = ob.number;
                }
            }
            for due in reports_due(cert) {
                if received(inst, &due.month).is_none() {
                    b.push(
                        Kind::ProgressReport,
                        due.deadline,
                        iid,
                        format!("progress/{}", due.month),
                        cert.decision.file,
                        None,
                        match lang {
                            Lang::En => {
                                format!("progress report on {} (end of the next month)", due.month)
                            }
                            Lang::Nl => format!(
                                "voortgangsrapportage over {} (einde volgende maand)",
                                due.month
                            ),
                        },
                    );
                }
            }
        }
        if let Some(cert) = current {
            let kind = if cert.kind == CertKind::Bridging {
                Kind::BridgingEnd
            } else {
                Kind::CertificateEnd
            };
            let dl = if cert.decision.data.valid_until.is_some() {
                Deadline {
                    anchor_name: "valid_until",
                    anchor: cert.end,
                    period: crate::clock::Period::Days(0),
                    due: cert.end,
                }
            } else {
                Deadline::new("certificate start", cert.start, cert.default_period)
            };
            b.push(
                kind,
                dl,
                iid,
                cert.decision.id.clone(),
                cert.decision.file,
                None,
                match lang {
                    Lang::En => format!("{} certificate ends (last valid day)", cert.kind.as_str()),
                    Lang::Nl => format!(
                        "einde certificaat ({}), laatste geldige dag",
                        crate::i18n::term_nl(cert.kind.as_str())
                    ),
                },
            );
            // Deviations still open wait for the next control audit or re-assessment.
            let next = obligations(inst, cert, clocks)
                .into_iter()
                .filter(|o| o.held.is_none())
                .min_by_key(|o| o.deadline.due);
            if let Some(next) = next {
                for f in inst
                    .open_on(as_of)
                    .filter(|f| f.class_on(as_of) == Class::NonCritical)
                {
                    b.push(
                        Kind::FollowUp,
                        next.deadline,
                        iid,
                        f.subject(),
                        f.audit.file,
                        None,
                        lang.pick(
                            "follow-up at the next control audit or re-assessment",
                            "opvolging bij de volgende controleaudit of herbeoordeling",
                        )
                        .to_owned(),
                    );
                }
            }
        }
        // Rotation limits of the people who audit here and may still.
        for person in dossier.people.values() {
            if person.data.left.is_some_and(|l| l < as_of) {
                continue;
            }
            let Some(history) = facts.person_audits.get(&(person.id.as_str(), inst.id())) else {
                continue;
            };
            let Some(last) = history.iter().map(|a| a.data.last_day()).max() else {
                continue;
            };
            if clocks.rotation_break.after(last) <= as_of {
                continue; // a full break: the count starts again at their next audit here
            }
            let Some(start) = rotation_start(
                history
                    .iter()
                    .map(|a| (a.data.first_day(), a.data.last_day())),
                as_of,
                clocks.rotation_break,
            ) else {
                continue;
            };
            let dl = Deadline::new("first audit here", start, clocks.rotation);
            b.push(
                Kind::Rotation,
                dl,
                iid,
                person.id.clone(),
                person.file,
                Some(&person.id),
                lang.pick(
                    "last day to start an audit here (rotation)",
                    "laatste dag om hier een audit te beginnen (rotatie)",
                )
                .to_owned(),
            );
        }
    }
    for person in dossier.people.values() {
        let p = &person.data;
        if p.left.is_some_and(|l| l < as_of) {
            continue;
        }
        let audits_or_decides = p.roles.iter().any(|r| {
            matches!(
                r,
                Role::LeadAuditor | Role::Expert | Role::DecisionMaker | Role::DeputyDecisionMaker
            )
        });
        if audits_or_decides && let Some(v) = p.vog.iter().max() {
            let dl = Deadline::new("VOG", *v, clocks.vog);
            b.push(
                Kind::Vog,
                dl,
                None,
                person.id.clone(),
                person.file,
                Some(&person.id),
                lang.pick(
                    "VOG expires (last valid day)",
                    "VOG verloopt (laatste geldige dag)",
                )
                .to_owned(),
            );
        }
        if p.roles.contains(&Role::Expert)
            && let Some(e) = p.expertise.iter().max()
        {
            let dl = Deadline::new("expertise shown", *e, clocks.expertise);
            b.push(
                Kind::Expertise,
                dl,
                None,
                person.id.clone(),
                person.file,
                Some(&person.id),
                lang.pick(
                    "expertise to be shown again",
                    "deskundigheid opnieuw aantonen",
                )
                .to_owned(),
            );
        }
    }
    let mut items = b.items;
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
