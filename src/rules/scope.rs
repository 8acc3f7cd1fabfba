//! `scope` (warning): an audit without its scope on record.

use super::Ctx;
use crate::diag::Diagnostic;
use crate::rules::RuleId;

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for inst in &ctx.facts.institutions {
        for audit in &inst.audits {
            if audit
                .data
                .scope
                .as_deref()
                .is_some_and(|s| !s.trim().is_empty())
            {
                continue;
            }
            out.push(
                ctx.diag(RuleId::Scope, audit.file, audit.data.kind.span(), &audit.id, "audit without its scope on record")
                    .nl("audit zonder vastgelegde reikwijdte (scope)")
                    .hints(
                        "add `scope = \"...\"`: what the audit covered, including pilots and ways of working under staff shortage",
                        "voeg `scope = \"...\"` toe: wat de audit besloeg, inclusief proeftuinen en het handelingsperspectief bij personeelstekort",
                    ),
            );
        }
    }
}
