//! The dossier layout: which path holds which kind of record, and what is in
//! the wrong place. The walk over the file system and the walk over a git
//! tree (`--rev`) both feed their entries through [`Layout::visit`], and the
//! git diffs classify changed paths with [`classify`], so the layout rules
//! live here once.

use crate::diag::{Diagnostic, did_you_mean};
use crate::ids::RuleId;
use crate::model;

use super::{Kind, file_diag};

/// The directories that hold record files, walked in this order.
pub const TOPS: [&str; 2] = ["people", "institutions"];

/// How deep below the dossier root a walk of `top` goes: `people/<p>.toml`,
/// `institutions/<i>/<dir>/<r>.toml`.
pub fn max_depth(top: &str) -> usize {
    if top == "people" { 1 } else { 3 }
}

/// The subdirectories of an institution.
const RECORD_DIRS: [&str; 3] = ["audits", "decisions", "progress"];

/// A record file to load, found by a walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    pub rel: String,
    pub kind: Kind,
    pub institution: Option<String>,
    pub id: String,
}

/// What a walk found: the record files to load and the diagnostics about
/// entries in the wrong place.
#[derive(Debug, Default)]
pub struct Layout {
    pub planned: Vec<Planned>,
    pub diags: Vec<Diagnostic>,
    /// Temporary files of killed kmi writers (the file-system walk only).
    pub leftovers: Vec<String>,
}

impl Layout {
    /// A symbolic link met by a walk (on disk or in a git tree) at `rel`.
    /// No link is followed; one where the layout has a record file or a
    /// folder of records is an `io` diagnostic, so no record is skipped
    /// without a word. Other links (a `notes.txt` beside the records) are
    /// ignored like the files they stand for.
    pub fn link(&mut self, rel: &str) {
        let parts: Vec<&str> = rel.split('/').collect();
        let top = parts[0];
        let folder = match top {
            "people" => parts.len() == 1,
            "institutions" => parts.len() <= 3,
            _ => false,
        };
        if !folder && !rel.ends_with(".toml") {
            return;
        }
        let institution = parts
            .get(1)
            .filter(|_| top == "institutions")
            .map(|s| (*s).to_owned());
        self.diags.push(file_diag(
            RuleId::Io,
            rel,
            institution,
            super::LINK.to_owned(),
        ));
    }

    /// One entry of a walk under `people/` or `institutions/` (`rel` relative
    /// to the dossier root, `/` separators, the top directory itself
    /// included). `exists(rel)` tells whether a path exists in the same
    /// walk's source; it is asked only for an institution's
    /// `institution.toml`.
    pub fn visit(&mut self, rel: &str, is_dir: bool, exists: &dyn Fn(&str) -> bool) {
        let parts: Vec<&str> = rel.split('/').collect();
        let top = parts[0];
        let is_toml = rel.ends_with(".toml");
        if is_dir && !is_toml {
            if parts.len() == 2
                && top == "institutions"
                && !exists(&format!("{rel}/institution.toml"))
            {
                self.diags.push(
                    file_diag(
                        RuleId::Schema,
                        &format!("{rel}/institution.toml"),
                        Some(parts[1].to_owned()),
                        format!("institution `{}` has no institution.toml", parts[1]),
                    )
                    .nl(format!(
                        "instelling `{}` heeft geen institution.toml",
                        parts[1]
                    )),
                );
            }
            if parts.len() == 3 && !RECORD_DIRS.contains(&parts[2]) {
                let d = file_diag(
                    RuleId::Schema,
                    rel,
                    Some(parts[1].to_owned()),
                    format!(
                        "unexpected directory `{}`: records are in audits/, decisions/ and progress/",
                        parts[2]
                    ),
                )
                .nl(format!(
                    "onverwachte map `{}`: records staan in audits/, decisions/ en progress/",
                    parts[2]
                ));
                self.diags.push(match did_you_mean(parts[2], RECORD_DIRS) {
                    Some(m) => d.hints(format!("did you mean `{m}`?"), format!("bedoel je `{m}`?")),
                    None => d,
                });
            }
            return;
        }
        if !is_toml {
            // `eva.TOML`: meant as a record, but not read as one.
            let name = parts[parts.len() - 1];
            if !is_dir && name.to_lowercase().ends_with(".toml") {
                let fixed = format!("{}.toml", &name[..name.len() - 5]);
                self.diags.push(
                    file_diag(
                        RuleId::Io,
                        rel,
                        kind_at(&parts).1.map(str::to_owned),
                        format!("`{name}` is not read: record files end in `.toml`, in lowercase"),
                    )
                    .nl(format!(
                        "`{name}` wordt niet gelezen: recordbestanden eindigen op `.toml`, in kleine letters"
                    ))
                    .hints(rename_hint(&fixed).0, rename_hint(&fixed).1),
                );
            }
            return;
        }
        let (kind, institution) = kind_at(&parts);
        let institution = institution.map(str::to_owned);
        let Some(kind) = kind else {
            // Files in an unknown directory were reported with that directory.
            let in_unknown_dir = parts.len() == 4 && !RECORD_DIRS.contains(&parts[2]);
            if !in_unknown_dir {
                self.diags.push(
                    file_diag(
                        RuleId::Schema,
                        rel,
                        institution,
                        "a .toml file outside the dossier layout: kmi does not read it".to_owned(),
                    )
                    .nl("een .toml-bestand buiten de indeling van het dossier: kmi leest het niet"),
                );
            }
            return;
        };
        if is_dir {
            self.diags.push(
                file_diag(
                    RuleId::Io,
                    rel,
                    institution,
                    "a directory where a record file was expected".to_owned(),
                )
                .nl("een map waar een recordbestand verwacht werd"),
            );
            return;
        }
        match plan(rel, &parts, kind, institution.clone()) {
            Ok(p) => self.planned.push(p),
            Err(bad) => {
                let d = file_diag(RuleId::Io, rel, institution, bad.message.0).nl(bad.message.1);
                self.diags.push(match bad.hint {
                    Some((en, nl)) => d.hints(en, nl),
                    None => d,
                });
            }
        }
    }
}

/// The kind of record a `.toml` path under `people/` or `institutions/`
/// holds, and its institution.
fn kind_at<'a>(parts: &[&'a str]) -> (Option<Kind>, Option<&'a str>) {
    match (parts[0], parts.len()) {
        ("people", 2) => (Some(Kind::Person), None),
        ("institutions", 3) if parts[2] == "institution.toml" => {
            (Some(Kind::Institution), Some(parts[1]))
        }
        ("institutions", 4) => (
            match parts[2] {
                "audits" => Some(Kind::Audit),
                "decisions" => Some(Kind::Decision),
                "progress" => Some(Kind::Progress),
                _ => None,
            },
            Some(parts[1]),
        ),
        (top, _) => (
            None,
            parts.get(1).copied().filter(|_| top == "institutions"),
        ),
    }
}

/// Why a file's name cannot be a record's: the message and a hint, in
/// English and Dutch.
struct BadName {
    message: (String, String),
    hint: Option<(String, String)>,
}

/// The record a well-placed file holds, or why its name is wrong.
fn plan(
    rel: &str,
    parts: &[&str],
    kind: Kind,
    institution: Option<String>,
) -> Result<Planned, BadName> {
    if institution.as_deref().is_some_and(|i| !model::is_id(i)) {
        return Err(BadName {
            message: (
                format!(
                    "`{}` is not an institution id (lowercase letters, digits and -)",
                    parts[1]
                ),
                format!(
                    "`{}` is geen instellings-id (kleine letters, cijfers en -)",
                    parts[1]
                ),
            ),
            hint: suggest_name(parts[1], "").map(|n| rename_hint(&format!("institutions/{n}/"))),
        });
    }
    let file = parts[parts.len() - 1];
    let stem = file.trim_end_matches(".toml");
    let id_ok = match kind {
        Kind::Institution => true,
        Kind::Progress => is_month_id(stem),
        _ => model::is_id(stem),
    };
    if !id_ok {
        let (what, what_nl) = if kind == Kind::Progress {
            (
                "a progress report's file name must be the month it reports on, e.g. 2025-01.toml",
                "de bestandsnaam van een voortgangsrapportage is de maand waarover zij gaat, bijv. 2025-01.toml",
            )
        } else {
            (
                "a record's id is its file name: lowercase letters, digits and -",
                "de id van een record is zijn bestandsnaam: kleine letters, cijfers en -",
            )
        };
        let hint = if kind == Kind::Progress {
            None
        } else {
            suggest_name(stem, ".toml").map(|n| rename_hint(&n))
        };
        return Err(BadName {
            message: (
                format!("bad file name `{file}`: {what}"),
                format!("ongeldige bestandsnaam `{file}`: {what_nl}"),
            ),
            hint,
        });
    }
    Ok(Planned {
        rel: rel.to_owned(),
        kind,
        institution,
        id: if kind == Kind::Institution {
            parts[1].to_owned()
        } else {
            stem.to_owned()
        },
    })
}

/// The name `kmi new` would give: lowercase, `-` for anything else
/// (`Cor_Smit` → `cor-smit`), with `suffix`; none if nothing is left.
fn suggest_name(stem: &str, suffix: &str) -> Option<String> {
    let mut id = String::new();
    for c in stem.trim().chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-');
    model::is_id(id).then(|| format!("{id}{suffix}"))
}

fn rename_hint(name: &str) -> (String, String) {
    (
        format!("rename it to `{name}` (with `git mv`)"),
        format!("hernoem het naar `{name}` (met `git mv`)"),
    )
}

/// The record a path of the dossier holds, if it is a well-named record
/// file: the diffs of `kmi diff` and `kmi check --since` look only at these.
/// `kmi.toml` is the config; another `.toml` file at the root can only be
/// the dossier's scheme file.
pub fn classify(rel: &str) -> Option<Planned> {
    if rel == "kmi.toml" {
        return Some(Planned {
            rel: rel.to_owned(),
            kind: Kind::Config,
            institution: None,
            id: "kmi".to_owned(),
        });
    }
    let parts: Vec<&str> = rel.split('/').collect();
    if !rel.ends_with(".toml") {
        return None;
    }
    if parts.len() == 1 {
        return Some(Planned {
            rel: rel.to_owned(),
            kind: Kind::Scheme,
            institution: None,
            id: rel.trim_end_matches(".toml").to_owned(),
        });
    }
    if !TOPS.contains(&parts[0]) {
        return None;
    }
    let (kind, institution) = kind_at(&parts);
    plan(rel, &parts, kind?, institution.map(str::to_owned)).ok()
}

pub fn is_month_id(s: &str) -> bool {
    s.len() == 7
        && s.as_bytes()[4] == b'-'
        && s[..4].bytes().all(|b| b.is_ascii_digit())
        && s[5..].parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
        && s[5..].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_record_paths() {
        let a = classify("institutions/jbn/audits/2025-05-initial.toml").unwrap();
        assert_eq!(a.kind, Kind::Audit);
        assert_eq!(a.institution.as_deref(), Some("jbn"));
        assert_eq!(a.id, "2025-05-initial");
        assert_eq!(
            classify("institutions/jbn/institution.toml").unwrap().kind,
            Kind::Institution
        );
        assert_eq!(classify("people/anna.toml").unwrap().kind, Kind::Person);
        assert_eq!(classify("kmi.toml").unwrap().kind, Kind::Config);
        assert!(classify("institutions/jbn/notes/x.toml").is_none());
        assert!(classify("institutions/jbn/progress/2025-13.toml").is_none());
        assert!(classify("README.md").is_none());
    }

    #[test]
    fn suggests_a_file_name_as_kmi_new_makes_it() {
        assert_eq!(
            suggest_name("Cor_Smit", ".toml").as_deref(),
            Some("cor-smit.toml")
        );
        assert_eq!(
            suggest_name("Jan  de Vries", "").as_deref(),
            Some("jan-de-vries")
        );
        assert_eq!(suggest_name("___", ".toml"), None);
    }
}
