//! `unknown-reference`: a person, audit, finding, norm or context factor that
//! does not exist.

use crate::rules::RuleId;
use toml::Spanned;

use super::Ctx;
use crate::diag::{Diagnostic, did_you_mean};
use crate::dossier::FileId;
use crate::facts::InstitutionFacts;
use crate::model::{ContextFactor, FindingRef, PersonId};

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let people: Vec<&str> = ctx.dossier.people.keys().map(String::as_str).collect();
    let mut factors: Vec<&str> = ctx
        .dossier
        .scheme
        .context_factors
        .iter()
        .map(String::as_str)
        .collect();
    factors.extend(ctx.dossier.extra_context());
    let norms = &ctx.dossier.scheme.norms;
    for inst in &ctx.facts.institutions {
        for audit in &inst.audits {
            let subject = audit.id.as_str();
            for member in std::iter::once(&audit.data.lead).chain(audit.data.experts.get_ref()) {
                person(ctx, out, audit.file, subject, member, &people);
            }
            for f in &audit.data.finding {
                let f = f.get_ref();
                // Made only for a diagnostic: most references are fine.
                let fsubject = || format!("{}/{}", audit.id, f.id.get_ref());
                let norm = f.norm.get_ref();
                if !norms.is_empty() && !norms.contains_key(norm) {
                    let d = ctx
                        .diag(
                            RuleId::UnknownReference,
                            audit.file,
                            f.norm.span(),
                            fsubject(),
                            format!("norm {norm} is not in the scheme's catalogue"),
                        )
                        .nl(format!(
                            "norm {norm} staat niet in de normencatalogus van het schema"
                        ));
                    out.push(hint(
                        d,
                        did_you_mean(norm.as_str(), norms.keys().map(|n| n.as_str())),
                    ));
                }
                for c in &f.context {
                    if !factors.contains(&c.get_ref().as_str()) {
                        factor(ctx, out, audit.file, &fsubject(), c, &factors);
                    }
                }
            }
            for fu in &audit.data.follow_up {
                finding_ref(ctx, out, inst, audit.file, subject, &fu.get_ref().finding);
            }
        }
        for d in inst.files.decisions.values() {
            let subject = d.id.as_str();
            person(ctx, out, d.file, subject, &d.data.by, &people);
            for a in &d.data.audits {
                if !inst.files.audits.contains_key(a.get_ref().as_str())
                    && !inst.files.unreadable_audits.contains(a.get_ref().as_str())
                {
                    let diag = ctx
                        .diag(
                            RuleId::UnknownReference,
                            d.file,
                            a.span(),
                            subject,
                            format!(
                                "audit `{}` does not exist at institution {}",
                                a.get_ref(),
                                inst.id()
                            ),
                        )
                        .nl(format!(
                            "audit `{}` bestaat niet bij instelling {}",
                            a.get_ref(),
                            inst.id()
                        ));
                    out.push(hint(
                        diag,
                        did_you_mean(
                            a.get_ref().as_str(),
                            inst.files.audits.keys().map(String::as_str),
                        ),
                    ));
                }
            }
            for c in &d.data.context {
                factor(ctx, out, d.file, subject, c, &factors);
            }
            for of in &d.data.open_finding {
                finding_ref(ctx, out, inst, d.file, subject, &of.get_ref().finding);
            }
        }
    }
}

fn hint(d: Diagnostic, suggestion: Option<&str>) -> Diagnostic {
    match suggestion {
        Some(s) => d.hints(format!("did you mean `{s}`?"), format!("bedoel je `{s}`?")),
        None => d,
    }
}

fn person(
    ctx: &Ctx<'_>,
    out: &mut Vec<Diagnostic>,
    file: FileId,
    subject: &str,
    p: &Spanned<PersonId>,
    people: &[&str],
) {
    let id = p.get_ref().as_str();
    // A person whose file did not load exists: that file's own diagnostic says why.
    if ctx.facts.person(id).is_none() && !ctx.dossier.unreadable_people.contains(id) {
        let d = ctx
            .diag(
                RuleId::UnknownReference,
                file,
                p.span(),
                subject,
                format!("person `{id}` does not exist (no people/{id}.toml)"),
            )
            .nl(format!(
                "persoon `{id}` bestaat niet (geen people/{id}.toml)"
            ));
        out.push(hint(d, did_you_mean(id, people.iter().copied())));
    }
}

fn factor(
    ctx: &Ctx<'_>,
    out: &mut Vec<Diagnostic>,
    file: FileId,
    subject: &str,
    c: &Spanned<ContextFactor>,
    factors: &[&str],
) {
    let id = c.get_ref().as_str();
    if !factors.contains(&id) {
        let d = ctx
            .diag(
                RuleId::UnknownReference,
                file,
                c.span(),
                subject,
                format!(
                    "`{id}` is not a context factor of the scheme or of kmi.toml [context] extra"
                ),
            )
            .nl(format!(
                "`{id}` is geen contextfactor van het schema of van kmi.toml [context] extra"
            ));
        out.push(hint(d, did_you_mean(id, factors.iter().copied())));
    }
}

fn finding_ref(
    ctx: &Ctx<'_>,
    out: &mut Vec<Diagnostic>,
    inst: &InstitutionFacts<'_>,
    file: FileId,
    subject: &str,
    r: &Spanned<FindingRef>,
) {
    let FindingRef { audit, finding } = r.get_ref();
    if inst.files.unreadable_audits.contains(audit.as_str()) {
        // It exists; its file's own diagnostic says why it did not load.
        return;
    }
    let Some(a) = inst.files.audits.get(audit.as_str()) else {
        let d = ctx
            .diag(
                RuleId::UnknownReference,
                file,
                r.span(),
                subject,
                format!(
                    "audit `{audit}` does not exist at institution {}",
                    inst.id()
                ),
            )
            .nl(format!(
                "audit `{audit}` bestaat niet bij instelling {}",
                inst.id()
            ));
        out.push(hint(
            d,
            did_you_mean(audit.as_str(), inst.files.audits.keys().map(String::as_str)),
        ));
        return;
    };
    if !a
        .data
        .finding
        .iter()
        .any(|f| f.get_ref().id.get_ref() == finding)
    {
        let ids: Vec<&str> = a
            .data
            .finding
            .iter()
            .map(|f| f.get_ref().id.get_ref().as_str())
            .collect();
        let d = ctx
            .diag(
                RuleId::UnknownReference,
                file,
                r.span(),
                subject,
                format!("audit {audit} has no finding `{finding}`"),
            )
            .nl(format!("audit {audit} heeft geen bevinding `{finding}`"));
        out.push(hint(d, did_you_mean(finding.as_str(), ids.iter().copied())));
    }
}
