//! `--format sarif`: SARIF 2.1.0, for GitHub code scanning and other SARIF
//! viewers.
//!
//! Every rule is in `tool.driver.rules` with its documentation page as help,
//! so a viewer explains a result without kmi at hand; rules the dossier
//! re-levels in `[rules]` are listed as configuration overrides. Artifact
//! URIs are relative to `%SRCROOT%`, the directory kmi ran in (see
//! [`Report::path`]); regions are 1-based, columns in Unicode code points.
//! No source snippets: audit contents are confidential.

use std::collections::BTreeMap;

use serde_json::json;
use serde_sarif::sarif::{
    ArtifactLocation, ConfigurationOverride, Invocation, Location, Message,
    MultiformatMessageString, PhysicalLocation, PropertyBag, Region, ReportingConfiguration,
    ReportingDescriptor, ReportingDescriptorReference, Result as SarifResult, ResultLevel, Run,
    Sarif, Tool, ToolComponent,
};

use super::{Report, message_with_hint};
use crate::diag::{Diagnostic, Severity};
use crate::rules::{REGISTRY, Rule};

/// The `$schema` of the output: the OASIS SARIF 2.1.0 schema (errata 01).
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The base the artifact URIs are relative to.
pub const SRCROOT: &str = "%SRCROOT%";

/// The key of kmi's fingerprint in `partialFingerprints`.
const FINGERPRINT_KEY: &str = "kmi/v1";

pub fn render(report: &Report<'_>) -> String {
    let driver = ToolComponent::builder()
        .name("kmi")
        .full_name(format!("kmi {}", env!("CARGO_PKG_VERSION")))
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .rules(REGISTRY.iter().map(descriptor).collect::<Vec<_>>())
        .build();
    let fingerprints = report.fingerprints();
    let results: Vec<SarifResult> = report
        .diags
        .iter()
        .zip(fingerprints)
        .map(|(d, fp)| result(report, d, fp))
        .collect();
    let srcroot = ArtifactLocation::builder()
        .description(text("the directory kmi check ran in"))
        .build();
    let mut run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .original_uri_base_ids(BTreeMap::from([(SRCROOT.to_owned(), srcroot)]))
        .column_kind(json!("unicodeCodePoints"))
        .results(results)
        .build();
    let overrides = overrides(report);
    if !overrides.is_empty() {
        run.invocations = Some(vec![
            Invocation::builder()
                .execution_successful(true)
                .rule_configuration_overrides(overrides)
                .build(),
        ]);
    }
    let log = Sarif::builder()
        .schema(SCHEMA_URI)
        .version(json!("2.1.0"))
        .runs(vec![run])
        .build();
    let mut s = serde_json::to_string_pretty(&log).expect("SARIF serializes");
    s.push('\n');
    s
}

fn text(s: impl Into<String>) -> Message {
    Message::builder().text(s.into()).build()
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A rule's descriptor: its stable id, a friendly name, the summary line and
/// the documentation page.
fn descriptor(rule: &Rule) -> ReportingDescriptor {
    let full = match rule.dutch() {
        "" => rule.summary().to_owned(),
        dutch => format!("{} (Dutch: {dutch})", rule.summary()),
    };
    ReportingDescriptor::builder()
        .id(rule.id)
        .name(pascal_case(rule.id))
        .short_description(
            MultiformatMessageString::builder()
                .text(rule.summary())
                .build(),
        )
        .full_description(MultiformatMessageString::builder().text(full).build())
        .help(
            MultiformatMessageString::builder()
                .text(rule.doc)
                .markdown(rule.doc)
                .build(),
        )
        .default_configuration(
            ReportingConfiguration::builder()
                .level(json!(level(rule.default)))
                .build(),
        )
        .build()
}

/// `plan-deadline` → `PlanDeadline`, the form SARIF suggests for `name`.
fn pascal_case(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

fn rule_index(id: &str) -> i64 {
    REGISTRY
        .iter()
        .position(|r| r.id == id)
        .expect("diagnostics name registered rules") as i64
}

/// The rules whose level the dossier's `[rules]` changes.
fn overrides(report: &Report<'_>) -> Vec<ConfigurationOverride> {
    REGISTRY
        .iter()
        .filter_map(|rule| {
            let configured = crate::rules::severity(report.dossier, rule);
            if configured == Some(rule.default) {
                return None;
            }
            let configuration = match configured {
                Some(s) => ReportingConfiguration::builder()
                    .level(json!(level(s)))
                    .build(),
                None => ReportingConfiguration::builder().enabled(false).build(),
            };
            Some(
                ConfigurationOverride::builder()
                    .configuration(configuration)
                    .descriptor(
                        ReportingDescriptorReference::builder()
                            .id(rule.id)
                            .index(rule_index(rule.id))
                            .build(),
                    )
                    .build(),
            )
        })
        .collect()
}

fn result(report: &Report<'_>, d: &Diagnostic, fingerprint: String) -> SarifResult {
    let mut region = Region::builder()
        .start_line(d.line as i64)
        .start_column(d.column as i64)
        .build();
    if let Some((line, column)) = report.end(d) {
        region.end_line = Some(line as i64);
        region.end_column = Some(column as i64);
    }
    let artifact = ArtifactLocation::builder()
        .uri(uri(&report.path(&d.file)))
        .uri_base_id(SRCROOT)
        .build();
    let location = Location::builder()
        .physical_location(
            PhysicalLocation::builder()
                .artifact_location(artifact)
                .region(region)
                .build(),
        )
        .build();
    let mut properties = BTreeMap::from([("subject".to_owned(), json!(d.subject))]);
    if let Some(institution) = &d.institution {
        properties.insert("institution".to_owned(), json!(institution));
    }
    SarifResult::builder()
        .rule_id(d.rule)
        .rule_index(rule_index(d.rule))
        .level(match d.severity {
            Severity::Error => ResultLevel::Error,
            Severity::Warning => ResultLevel::Warning,
        })
        .message(text(message_with_hint(d)))
        .locations(vec![location])
        .partial_fingerprints(BTreeMap::from([(FINGERPRINT_KEY.to_owned(), fingerprint)]))
        .properties(
            PropertyBag::builder()
                .additional_properties(properties)
                .build(),
        )
        .build()
}

/// A relative path as a URI reference: every byte outside the unreserved
/// set and `/` percent-encoded (a file name may hold spaces or `%`).
pub fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded_relative_references() {
        assert_eq!(uri("people/anna-jansen.toml"), "people/anna-jansen.toml");
        assert_eq!(uri("people/Anna Jansen.toml"), "people/Anna%20Jansen.toml");
        assert_eq!(uri("people/100%é.toml"), "people/100%25%C3%A9.toml");
    }

    #[test]
    fn names_are_pascal_case() {
        assert_eq!(pascal_case("plan-deadline"), "PlanDeadline");
        assert_eq!(pascal_case("io"), "Io");
    }
}
