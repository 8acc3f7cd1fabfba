//! The certification scheme as data: clocks, categories, the norm catalogue
//! and the context factors. The JB/JR scheme is built in (`schema/jbjr.toml`);
//! a dossier's own scheme file may extend it with a catalogue or other clocks.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use crate::clock::Period;
use crate::model::{ContextFactor, NormId};

/// The source of the built-in JB/JR scheme.
pub const JBJR_SOURCE: &str = include_str!("../schema/jbjr.toml");

/// The built-in schemes by name.
pub fn builtin(name: &str) -> Option<&'static str> {
    match name {
        "jbjr" => Some(JBJR_SOURCE),
        _ => None,
    }
}

pub const BUILTIN_NAMES: &[&str] = &["jbjr"];

/// A scheme file, built-in or the dossier's own.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "scheme")]
pub struct SchemeFile {
    /// A built-in scheme this one starts from ("jbjr").
    #[schemars(with = "Option<String>")]
    pub extends: Option<Spanned<String>>,
    pub name: Option<String>,
    #[serde(default)]
    pub clocks: ClocksFile,
    #[serde(default)]
    pub category: Vec<Category>,
    #[serde(default)]
    #[schemars(with = "Vec<Norm>")]
    pub norm: Vec<Spanned<Norm>>,
    #[serde(default)]
    pub context: ContextFile,
}

/// Clock values; each one left out keeps the value of the scheme extended.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClocksFile {
    pub plan_days: Option<u32>,
    pub verification_months: Option<u32>,
    pub control_audit_months: Option<Vec<u32>>,
    pub validity_years: Option<u32>,
    pub provisional_years: Option<u32>,
    pub bridging_max_months: Option<u32>,
    pub temporary_months: Option<u32>,
    pub suspension_max_months: Option<u32>,
    pub rotation_years: Option<u32>,
    pub rotation_break_years: Option<u32>,
    pub vog_years: Option<u32>,
    pub expertise_years: Option<u32>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContextFile {
    /// The context factors of this scheme.
    #[serde(default)]
    pub factors: Vec<ContextFactor>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Norm {
    pub id: NormId,
    pub title: String,
    /// The id of the category it belongs to.
    #[schemars(with = "String")]
    pub category: Spanned<String>,
}

/// The clocks of a scheme, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clocks {
    pub plan: Period,
    pub verification: Period,
    pub control_audits: Vec<Period>,
    pub validity: Period,
    pub provisional: Period,
    pub bridging_max: Period,
    /// A temporary certificate's validity; the JB/JR scheme gives none
    /// (settled question 7): then the decision's `valid_until` is required.
    pub temporary: Option<Period>,
    pub suspension_max: Period,
    pub rotation: Period,
    pub rotation_break: Period,
    pub vog: Period,
    pub expertise: Period,
}

/// A resolved scheme: what the rules use.
#[derive(Debug, Clone)]
pub struct Scheme {
    pub name: String,
    pub clocks: Clocks,
    pub categories: Vec<Category>,
    /// The norm catalogue; empty when the scheme has none (ids are then checked for form only).
    pub norms: BTreeMap<NormId, Norm>,
    pub context_factors: Vec<String>,
}

impl Scheme {
    /// The built-in JB/JR scheme.
    pub fn jbjr() -> Scheme {
        let file: SchemeFile = toml::from_str(JBJR_SOURCE).expect("the built-in scheme is valid");
        Scheme::resolve(None, &file).expect("the built-in scheme has every clock")
    }

    /// `file` on top of `base`; `Err` names the clocks that stay undefined.
    pub fn resolve(base: Option<&Scheme>, file: &SchemeFile) -> Result<Scheme, Vec<&'static str>> {
        let c = &file.clocks;
        let b = base.map(|s| &s.clocks);
        let mut missing = Vec::new();
        let mut pick = |v: Option<u32>,
                        name: &'static str,
                        make: fn(u32) -> Period,
                        old: Option<Period>|
         -> Period {
            match (v, old) {
                (Some(v), _) => make(v),
                (None, Some(o)) => o,
                (None, None) => {
                    missing.push(name);
                    make(0)
                }
            }
        };
        let plan = pick(
            c.plan_days,
            "plan_days",
            Period::from_days,
            b.map(|b| b.plan),
        );
        let verification = pick(
            c.verification_months,
            "verification_months",
            Period::Months,
            b.map(|b| b.verification),
        );
        let validity = pick(
            c.validity_years,
            "validity_years",
            Period::Years,
            b.map(|b| b.validity),
        );
        let provisional = pick(
            c.provisional_years,
            "provisional_years",
            Period::Years,
            b.map(|b| b.provisional),
        );
        let bridging_max = pick(
            c.bridging_max_months,
            "bridging_max_months",
            Period::Months,
            b.map(|b| b.bridging_max),
        );
        let temporary = c
            .temporary_months
            .map(Period::Months)
            .or_else(|| b.and_then(|b| b.temporary));
        let suspension_max = pick(
            c.suspension_max_months,
            "suspension_max_months",
            Period::Months,
            b.map(|b| b.suspension_max),
        );
        let rotation = pick(
            c.rotation_years,
            "rotation_years",
            Period::Years,
            b.map(|b| b.rotation),
        );
        let rotation_break = pick(
            c.rotation_break_years,
            "rotation_break_years",
            Period::Years,
            b.map(|b| b.rotation_break),
        );
        let vog = pick(c.vog_years, "vog_years", Period::Years, b.map(|b| b.vog));
        let expertise = pick(
            c.expertise_years,
            "expertise_years",
            Period::Years,
            b.map(|b| b.expertise),
        );
        let control_audits = match (&c.control_audit_months, b) {
            (Some(v), _) => v.iter().map(|m| Period::Months(*m)).collect(),
            (None, Some(b)) => b.control_audits.clone(),
            (None, None) => {
                missing.push("control_audit_months");
                Vec::new()
            }
        };
        if !missing.is_empty() {
            return Err(missing);
        }
        let mut categories = base.map(|s| s.categories.clone()).unwrap_or_default();
        for cat in &file.category {
            categories.retain(|c| c.id != cat.id);
            categories.push(cat.clone());
        }
        let mut norms = base.map(|s| s.norms.clone()).unwrap_or_default();
        for n in &file.norm {
            norms.insert(n.get_ref().id.clone(), n.get_ref().clone());
        }
        let mut context_factors = base.map(|s| s.context_factors.clone()).unwrap_or_default();
        for f in &file.context.factors {
            if !context_factors.contains(&f.0) {
                context_factors.push(f.0.clone());
            }
        }
        Ok(Scheme {
            name: file
                .name
                .clone()
                .or_else(|| base.map(|b| b.name.clone()))
                .unwrap_or_default(),
            clocks: Clocks {
                plan,
                verification,
                control_audits,
                validity,
                provisional,
                bridging_max,
                temporary,
                suspension_max,
                rotation,
                rotation_break,
                vog,
                expertise,
            },
            categories,
            norms,
            context_factors,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_scheme_has_the_jbjr_clocks() {
        let s = Scheme::jbjr();
        assert_eq!(s.clocks.plan, Period::Weeks(4));
        assert_eq!(s.clocks.verification, Period::Months(3));
        assert_eq!(
            s.clocks.control_audits,
            vec![Period::Months(12), Period::Months(24)]
        );
        assert_eq!(s.categories.len(), 5);
        assert_eq!(s.context_factors.len(), 11);
        assert!(s.norms.is_empty());
    }
}
