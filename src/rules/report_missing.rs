//! `report-missing` (warning; settled question 4): an audit with critical or
//! non-critical findings whose last day has passed without a `report`.
//! Without the report neither the plan nor the verification clock can
//! start, so such a finding would otherwise owe nothing, for ever.

use super::Ctx;
use crate::diag::Diagnostic;
use crate::model::Class;
use crate::rules::RuleId;

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for inst in &ctx.facts.institutions {
        for audit in &inst.audits {
            let a = &audit.data;
            // A planned audit (as of the date) has no findings yet; an audit
            // still running owes no report.
            if crate::asof::is_planned(a.first_day(), ctx.as_of)
                || a.last_day() >= ctx.as_of
                || a.report.is_some()
            {
                continue;
            }
            let (mut critical, mut non_critical) = (0usize, 0usize);
            for f in &a.finding {
                match f.get_ref().class.get_ref() {
                    Class::Critical => critical += 1,
                    Class::NonCritical => non_critical += 1,
                    Class::Remark => {}
                }
            }
            if critical + non_critical == 0 {
                continue;
            }
            let last = a.last_day();
            let passed = last.days_until(ctx.as_of);
            out.push(
                ctx.diag(
                    RuleId::ReportMissing,
                    audit.file,
                    a.days.span(),
                    &audit.id,
                    format!(
                        "audit ended {last} with {critical} critical and {non_critical} non-critical finding(s), but has no `report` ({} after it, as of {}): the plan and verification clocks cannot start",
                        crate::clock::days(passed),
                        ctx.as_of
                    ),
                )
                .nl(format!(
                    "audit eindigde {last} met {critical} kritieke en {non_critical} niet-kritieke bevinding(en), maar heeft geen `report` ({} erna, op {}): de termijnen voor plan van aanpak en verificatie kunnen niet ingaan",
                    crate::i18n::days_nl(passed),
                    ctx.as_of
                ))
                .hints(
                    "record the date the report was sent in `report`",
                    "leg de datum waarop het rapport is verzonden vast in `report`",
                ),
            );
        }
    }
}
