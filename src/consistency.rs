//! Equal cases treated equally? For each norm, how it was classified at each
//! institution, with the context weighed and the rationale; classifications
//! of one norm that differ while the context factors recorded are the same
//! are flagged: there the dossier does not show why the cases differed.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::clock::Date;
use crate::dossier::Dossier;
use crate::facts::Facts;
use crate::i18n::term_nl;

#[derive(Debug, Serialize)]
pub struct Classification {
    pub institution: String,
    pub subject: String,
    /// The audit's first day.
    pub date: Date,
    pub class: String,
    pub context: Vec<String>,
    pub rationale: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Flag {
    pub a: String,
    pub b: String,
    pub message: String,
    #[serde(skip)]
    pub message_nl: String,
}

#[derive(Debug, Serialize)]
pub struct NormView {
    pub norm: String,
    pub title: Option<String>,
    pub classifications: Vec<Classification>,
    pub flags: Vec<Flag>,
}

/// Every norm with findings (optionally one norm, optionally audits from `since`).
pub fn build(
    dossier: &Dossier,
    facts: &Facts<'_>,
    norm: Option<&str>,
    since: Option<Date>,
) -> Vec<NormView> {
    let mut by_norm: BTreeMap<String, Vec<Classification>> = BTreeMap::new();
    for inst in &facts.institutions {
        for f in inst.findings.values() {
            let finding = f.finding.get_ref();
            let id = finding.norm.get_ref().as_str();
            if norm.is_some_and(|n| n != id) || since.is_some_and(|s| f.audit.data.first_day() < s)
            {
                continue;
            }
            let mut context: Vec<String> = finding
                .context
                .iter()
                .map(|c| c.get_ref().to_string())
                .collect();
            context.sort();
            context.dedup();
            by_norm
                .entry(id.to_owned())
                .or_default()
                .push(Classification {
                    institution: inst.id().to_owned(),
                    subject: f.subject(),
                    date: f.audit.data.first_day(),
                    class: f.original_class().as_str().to_owned(),
                    context,
                    rationale: finding
                        .rationale
                        .as_ref()
                        .map(|r| r.trim().to_owned())
                        .filter(|r| !r.is_empty()),
                });
        }
    }
    by_norm
        .into_iter()
        .map(|(id, mut classifications)| {
            classifications.sort_by(|a, b| {
                (a.date, &a.institution, &a.subject).cmp(&(b.date, &b.institution, &b.subject))
            });
            let mut flags = Vec::new();
            for (i, j) in flagged_pairs(&classifications) {
                let (a, b) = (&classifications[i], &classifications[j]);
                let ctx = if a.context.is_empty() {
                    "none recorded".to_owned()
                } else {
                    a.context.join(", ")
                };
                flags.push(Flag {
                    a: format!("{}/{}", a.institution, a.subject),
                    b: format!("{}/{}", b.institution, b.subject),
                    message: format!(
                        "{} at {} ({}) and {} at {} ({}) with the same context factors ({ctx})",
                        a.class, a.institution, a.subject, b.class, b.institution, b.subject
                    ),
                    message_nl: format!(
                        "{} bij {} ({}) en {} bij {} ({}) met dezelfde contextfactoren ({})",
                        term_nl(&a.class),
                        a.institution,
                        a.subject,
                        term_nl(&b.class),
                        b.institution,
                        b.subject,
                        if a.context.is_empty() {
                            "geen vastgelegd".to_owned()
                        } else {
                            a.context.join(", ")
                        }
                    ),
                });
            }
            let title = dossier
                .scheme
                .norms
                .iter()
                .find(|(n, _)| n.as_str() == id)
                .map(|(_, n)| n.title.clone());
            NormView {
                norm: id,
                title,
                classifications,
                flags,
            }
        })
        .collect()
}

/// The pairs (i, j), i < j, of classifications with the same context and
/// another class, in the order of a loop over i and then j. Found through
/// groups — by context, then by class — so the work is the findings plus the
/// pairs found, not every pair of findings of a norm (8 files of 14,000
/// findings of one norm took 22 s with the pair loop).
fn flagged_pairs(cs: &[Classification]) -> Vec<(usize, usize)> {
    let mut groups: HashMap<&[String], BTreeMap<&str, Vec<usize>>> = HashMap::new();
    for (i, c) in cs.iter().enumerate() {
        groups
            .entry(c.context.as_slice())
            .or_default()
            .entry(c.class.as_str())
            .or_default()
            .push(i);
    }
    let mut out = Vec::new();
    for (i, a) in cs.iter().enumerate() {
        let start = out.len();
        for (class, idx) in &groups[a.context.as_slice()] {
            if *class != a.class {
                let later = &idx[idx.partition_point(|&j| j <= i)..];
                out.extend(later.iter().map(|&j| (i, j)));
            }
        }
        out[start..].sort_unstable();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouped_pairs_are_the_pairs_of_the_pair_loop_in_its_order() {
        let classes = ["critical", "non-critical", "remark"];
        let contexts = [
            vec![],
            vec!["a".to_owned()],
            vec!["a".to_owned(), "b".to_owned()],
        ];
        // A deterministic mix of classes and contexts.
        let cs: Vec<Classification> = (0..60u64)
            .map(|n| {
                let r = n.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32;
                Classification {
                    institution: format!("i{}", r % 4),
                    subject: format!("a/f{n}"),
                    date: crate::clock::Date::from_ymd(2025, 1, 1).unwrap(),
                    class: classes[(r % 3) as usize].to_owned(),
                    context: contexts[((r / 3) % 3) as usize].clone(),
                    rationale: None,
                }
            })
            .collect();
        let mut naive = Vec::new();
        for i in 0..cs.len() {
            for j in i + 1..cs.len() {
                if cs[i].class != cs[j].class && cs[i].context == cs[j].context {
                    naive.push((i, j));
                }
            }
        }
        assert!(naive.len() > 100);
        assert_eq!(flagged_pairs(&cs), naive);
    }
}
