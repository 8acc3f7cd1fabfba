//! `--lang nl`: Dutch reports and diagnostics, with the domain's Dutch terms;
//! the JSON contracts keep their structure.

use crate::util::{self, example_str, write_files};

fn kmi(args: &[&str]) -> (i32, String) {
    let ex = example_str();
    let mut full = vec!["--dossier", ex.as_str(), "--as-of", "2026-11-23"];
    full.extend_from_slice(args);
    let run = util::kmi(&full);
    (run.code, run.stdout)
}

#[test]
fn dutch_snapshots() {
    for (name, args) in [
        ("check", vec!["check"]),
        ("deadlines", vec!["deadlines", "--hide-upcoming"]),
        ("trace", vec!["trace", "jbn/2024-11-recertification/f1"]),
        (
            "trace-decision",
            vec!["trace", "--decision", "jbn/2024-12-17-bridging"],
        ),
        ("register", vec!["register"]),
        ("consistency", vec!["consistency", "--norm", "C.1.1"]),
        ("rules", vec!["rules"]),
    ] {
        let mut full = vec!["--lang", "nl"];
        full.extend(args);
        let (_, out) = kmi(&full);
        insta::assert_snapshot!(format!("nl-{name}"), out);
    }
}

#[test]
fn dutch_terms_are_used() {
    let (_, out) = kmi(&["--lang", "nl", "check"]);
    assert!(
        out.contains("plan van aanpak uiterlijk 2025-03-21 (rapport 2025-02-21 + 4 weken)"),
        "{out}"
    );
    assert!(out.contains("fouten en 3 waarschuwingen gevonden"), "{out}");
    let (_, out) = kmi(&["--lang", "nl", "--format", "markdown", "register"]);
    assert!(out.contains("niet onder accreditatie"));
    let (_, out) = kmi(&[
        "--lang",
        "nl",
        "trace",
        "--decision",
        "jbn/2024-12-17-bridging",
    ]);
    assert!(out.contains("overbruggingscertificaat"));
}

fn shape(v: &serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Object(m) => m.iter().map(|(k, v)| (k.clone(), shape(v))).collect(),
        serde_json::Value::Array(a) => a.iter().map(shape).collect(),
        _ => serde_json::Value::Null,
    }
}

#[test]
fn the_json_contracts_keep_their_shape_in_dutch() {
    for args in [
        vec!["check"],
        vec!["deadlines"],
        vec!["register"],
        vec!["trace", "jbn"],
    ] {
        let mut en = vec!["--format", "json"];
        en.extend(args.iter().copied());
        let mut nl = vec!["--lang", "nl", "--format", "json"];
        nl.extend(args.iter().copied());
        let (_, a) = kmi(&en);
        let (_, b) = kmi(&nl);
        let a: serde_json::Value = serde_json::from_str(&a).unwrap();
        let b: serde_json::Value = serde_json::from_str(&b).unwrap();
        assert_eq!(shape(&a), shape(&b), "{args:?}");
    }
    let (_, nl) = kmi(&["--lang", "nl", "--format", "json", "check"]);
    assert!(nl.contains("\"rule\": \"plan-deadline\""));
    assert!(nl.contains("plan van aanpak"));
}

// ------------------------------------------------ no English left in Dutch

/// Words that are English and not Dutch: one of them in a Dutch message or
/// hint is a text that was not translated where it was made.
const ENGLISH: &[&str] = &[
    "the",
    "and",
    "not",
    "does",
    "has",
    "have",
    "with",
    "without",
    "which",
    "must",
    "should",
    "found",
    "expected",
    "missing",
    "unknown",
    "more",
    "than",
    "after",
    "before",
    "since",
    "write",
    "use",
    "did",
    "you",
    "mean",
    "its",
    "this",
    "that",
    "invalid",
    "string",
    "value",
    "table",
    "list",
    "exist",
    "exists",
    "days",
    "file",
    "name",
    "names",
    "finding",
    "decision",
    "person",
    "institution",
    "report",
    "received",
    "accepted",
    "closed",
    "overdue",
    "due",
    "certificate",
    "rule",
    "key",
    "folder",
    "move",
    "read",
    "directory",
    "rename",
    "quotes",
    "into",
    "from",
    // Not `is`, `was`, `of`, `in`, `record`, `letters`, `later`: Dutch as well.
    "changed",
    "gone",
    "never",
    "first",
    "recorded",
    "were",
    "a",
    "an",
    "to",
    "by",
    "on",
    "at",
    "for",
    "it",
    "be",
    "or",
    "no",
    "every",
    "each",
    "only",
    "still",
    "add",
    "here",
    "needs",
    "template",
    "straight",
    "lowercase",
    "digits",
];

/// The words of `text` outside `code`, "quoted values", ids and numbers.
fn prose_words(text: &str) -> Vec<String> {
    let mut prose = String::new();
    let mut in_code = false;
    let mut in_quote = false;
    let mut in_table = 0;
    for c in text.chars() {
        match c {
            '`' if !in_quote => in_code = !in_code,
            '"' if !in_code => in_quote = !in_quote,
            _ if in_code || in_quote => {}
            // `[[follow_up]]`, `[finding.plan]`: table names.
            '[' => in_table += 1,
            ']' => in_table -= 1,
            _ if in_table > 0 => {}
            _ => prose.push(c),
        }
    }
    // `closed = true`: a key as written in the file.
    let tokens: Vec<&str> = prose.split_whitespace().collect();
    let prose: Vec<&str> = tokens
        .iter()
        .enumerate()
        .filter(|(i, t)| **t != "=" && tokens.get(i + 1) != Some(&"="))
        .map(|(_, t)| *t)
        .collect();
    prose
        .join(" ")
        .split(|c: char| c.is_whitespace() || ",;:()[]{}!?…—".contains(c))
        .map(|w| w.trim_matches(|c: char| ".'".contains(c)))
        .filter(|w| !w.is_empty())
        // Ids, dates, norms, paths and key names: not prose.
        .filter(|w| !w.contains(|c: char| c.is_ascii_digit() || "-/_.=<>@".contains(c)))
        // Category and class letters: `A`, `B`.
        .filter(|w| !(w.len() == 1 && w.chars().all(|c| c.is_ascii_uppercase())))
        .map(str::to_lowercase)
        .collect()
}

/// The English words in the messages and hints of `kmi --lang nl check`'s
/// GitHub annotations (one per diagnostic, message and hint together).
fn english_in(stdout: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in stdout.lines().filter(|l| l.starts_with("::")) {
        let text = line.splitn(3, "::").nth(2).unwrap_or("");
        let text = text
            .replace("%0A", "\n")
            .replace("%0D", "")
            .replace("%25", "%");
        for part in text.lines() {
            // The format's label of the hint, not a message.
            let part = part.strip_prefix("help: ").unwrap_or(part);
            let english: Vec<String> = prose_words(part)
                .into_iter()
                .filter(|w| ENGLISH.contains(&w.as_str()))
                .collect();
            if !english.is_empty() {
                found.push(format!("{english:?} in: {part}"));
            }
        }
    }
    found
}

fn check_nl(dossier: &std::path::Path, as_of: &str, extra: &[&str]) -> String {
    check_lang(dossier, as_of, "nl", extra)
}

fn check_lang(dossier: &std::path::Path, as_of: &str, lang: &str, extra: &[&str]) -> String {
    let dir = dossier.to_str().expect("a UTF-8 path");
    let mut args = vec![
        "--dossier",
        dir,
        "--as-of",
        as_of,
        "--lang",
        lang,
        "--format",
        "github",
        "check",
    ];
    args.extend_from_slice(extra);
    util::kmi(&args).stdout
}

const KMI: &[u8] = b"[dossier]\nname = \"Test\"\nscheme = \"jbjr\"\n";
const ANNA: &[u8] = b"name = \"Anna Jansen\"\nroles = [\"lead-auditor\"]\nqualified = 2015-01-12\nvog = [2023-01-10]\n";
const GI: &[u8] = b"name = \"GI\"\nmeasures = [\"child-protection\"]\n";

/// The loader's cases: every kind of file it cannot read or does not accept.
fn loader_cases() -> Vec<Vec<(&'static str, &'static [u8])>> {
    let base = |extra: &[(&'static str, &'static [u8])]| {
        let mut files: Vec<(&'static str, &'static [u8])> = vec![
            ("kmi.toml", KMI),
            ("people/anna-jansen.toml", ANNA),
            ("institutions/gi/institution.toml", GI),
        ];
        files.extend_from_slice(extra);
        files
    };
    vec![
        base(&[("people/Cor_Smit.toml", ANNA)]),
        base(&[("people/eva.TOML", ANNA)]),
        base(&[("institutions/gi/audit/x.toml", b"kind = \"initial\"\n")]),
        base(&[("institutions/gi/notes/x.toml", b"")]),
        base(&[("institutions/bad/audits/2025-05-initial.toml", b"")]),
        base(&[("institutions/gi/progress/2025-13.toml", b"received = 2025-01-01\n")]),
        base(&[("people/cor-smit.toml", b"name = \xff\"x\"\n")]),
        base(&[("people/cor-smit.toml", "name = “Cor Smit”\nroles = []\n".as_bytes())]),
        base(&[("people/cor-smit.toml", b"name = \"Cor Smit\nroles = []\n")]),
        base(&[("people/cor-smit.toml", b"name = \"Cor\"\nroles = [\"expert\"]\nvog = [2025/10/07]\n")]),
        base(&[("people/cor-smit.toml", b"name = \"Cor\"\nroles = \"expert\"\nvogs = [\"20-09-2025\"]\nleft = \"2025-01-01\"\n")]),
        base(&[("people/cor-smit.toml", b"roles = [\"deskundige\"]\nqualified = 2025-02-30\n")]),
        base(&[(
            "institutions/gi/audits/2025-05-initial.toml",
            b"kind = \"initieel\"\ndays = []\nlead = \"Anna\"\nexperts = []\n[[finding]]\nid = \"F 1\"\nnorm = \"x\"\nclass = \"kritisch\"\nsummary = \"TODO\"\n[[follow_up]]\nfinding = \"f1\"\n",
        )]),
        base(&[(
            "institutions/gi/audits/2025-05-initial.toml",
            b"date = 2025-05-08\noutcome = \"grant\"\nby = \"anna-jansen\"\n",
        )]),
        base(&[(
            "institutions/gi/progress/2025-01.toml",
            b"received = 2025-02-01\nsummary = \"TODO\"\n",
        )]),
        base(&[("institutions/gi/decisions/d.toml", b"date = 2025-01-01\noutcome = \"verlening\"\nby = 3\n")]),
        vec![
            ("kmi.toml", b"[dossier]\nname = \"T\"\nscheme = \"jbjr\"\ntimezone = \"Amsterdam\"\n[rules]\nscoop = \"off\"\nvog = \"eror\"\n"),
            ("institutions/x/audits/a.toml", b""),
        ],
        vec![
            ("kmi.toml", b"[dossier]\nname = \"T\"\nscheme = \"scheme.toml\"\n"),
            (
                "scheme.toml",
                b"extends = \"jbjrr\"\nname = 3\n[[norm]]\nid = \"9.9\"\ntitle = \"x\"\ncategory = \"nope\"\n",
            ),
        ],
        vec![
            ("kmi.toml", b"[dossier]\nname = \"T\"\nscheme = \"scheme.toml\"\n"),
            ("scheme.toml", b"[[norm]]\nid = \"9.9\"\ntitle = \"x\"\ncategory = \"nope\"\n"),
        ],
        vec![("kmi.toml", b"[dossier]\nname = \"T\"\nscheme = \"jbjr.tml\"\n")],
    ]
}

#[test]
fn no_english_left_in_dutch_diagnostics() {
    let mut problems = Vec::new();
    // Every rule's failing case.
    let rules = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules");
    let mut dirs: Vec<_> = std::fs::read_dir(&rules)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    for dir in dirs {
        let as_of = std::fs::read_to_string(dir.join("as-of"))
            .map(|s| s.trim().to_owned())
            .unwrap_or_else(|_| "2026-11-23".to_owned());
        let out = check_nl(&dir.join("fail"), &as_of, &[]);
        assert!(out.contains("::"), "{}: no diagnostics", dir.display());
        for e in english_in(&out) {
            problems.push(format!("{}: {e}", dir.display()));
        }
    }
    // The loader's cases.
    for (n, files) in loader_cases().into_iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        write_files(dir.path(), &files);
        let out = check_nl(dir.path(), "2026-11-23", &[]);
        assert!(out.contains("::"), "loader case {n}: no diagnostics");
        for e in english_in(&out) {
            problems.push(format!("loader case {n}: {e}"));
        }
    }
    // The history rules' cases.
    let repo = history_case();
    let out = check_nl(repo.path(), "2026-01-15", &["--since", "HEAD"]);
    for rule in [
        "history-deleted",
        "history-rewritten",
        "history-reclassified",
        "history-backdated",
    ] {
        assert!(out.contains(rule), "{rule} not in: {out}");
    }
    for e in english_in(&out) {
        problems.push(format!("history: {e}"));
    }
    // The backdated warning's hint names what silences it.
    let en = check_lang(repo.path(), "2026-01-15", "en", &["--since", "HEAD"]);
    assert!(en.contains("`[history] backdate_days`"), "{en}");
    assert!(en.contains("from a later revision"), "{en}");
    assert!(
        problems.is_empty(),
        "English left over:\n{}",
        problems.join("\n")
    );
}

/// A repository whose working tree breaks every history rule since HEAD.
fn history_case() -> tempfile::TempDir {
    const AUDIT: &[u8] = b"kind = \"initial\"\ndays = [2025-01-08]\nreport = 2025-01-20\nlead = \"anna-jansen\"\nexperts = []\nscope = \"All\"\n\n[[finding]]\nid = \"f1\"\nnorm = \"4.2\"\nclass = \"critical\"\nsummary = \"One.\"\nrationale = \"Why.\"\n\n[[finding]]\nid = \"f2\"\nnorm = \"4.3\"\nclass = \"non-critical\"\nsummary = \"Two.\"\nrationale = \"Why.\"\n\n[[finding]]\nid = \"f3\"\nnorm = \"4.4\"\nclass = \"remark\"\nsummary = \"Three.\"\n";
    const VERIFICATION: &[u8] = b"kind = \"verification\"\ndays = [2025-03-08]\nreport = 2025-03-10\nlead = \"anna-jansen\"\nexperts = []\nscope = \"f1\"\n\n[[follow_up]]\nfinding = \"2025-01-initial/f1\"\nimplemented = true\neffective = true\nclosed = true\n";
    const DECISION: &[u8] = b"date = 2025-04-01\noutcome = \"grant\"\nby = \"anna-jansen\"\naudits = [\"2025-01-initial\"]\nchecklist = true\nconsiderations = \"Fine.\"\n";
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("kmi.toml", KMI),
            ("people/anna-jansen.toml", ANNA),
            ("institutions/gi/institution.toml", GI),
            ("institutions/gi/audits/2025-01-initial.toml", AUDIT),
            (
                "institutions/gi/audits/2025-03-verification.toml",
                VERIFICATION,
            ),
            ("institutions/gi/decisions/2025-04-01-grant.toml", DECISION),
        ],
    );
    let repo = git2::Repository::init(dir.path()).unwrap();
    let mut index = repo.index().unwrap();
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig =
        git2::Signature::new("Test", "t@example.org", &git2::Time::new(1_743_500_000, 0)).unwrap();
    repo.commit(Some("HEAD"), &sig, &sig, "start", &tree, &[])
        .unwrap();
    // Since HEAD: a decision deleted, a finding removed, one reclassified in
    // place, a closed one rewritten, the follow-up that closed it changed,
    // and a plan received long before it was recorded.
    std::fs::remove_file(
        dir.path()
            .join("institutions/gi/decisions/2025-04-01-grant.toml"),
    )
    .unwrap();
    let audit = String::from_utf8(AUDIT.to_vec()).unwrap();
    let audit = audit
        .replace("summary = \"One.\"", "summary = \"One, rewritten.\"")
        .replace("class = \"non-critical\"", "class = \"remark\"")
        .replace(
            "summary = \"Two.\"\nrationale = \"Why.\"\n",
            "summary = \"Two.\"\nrationale = \"Why.\"\n\n[finding.plan]\nreceived = 2025-02-10\n",
        );
    let audit = &audit[..audit.find("\n[[finding]]\nid = \"f3\"").unwrap()];
    std::fs::write(
        dir.path()
            .join("institutions/gi/audits/2025-01-initial.toml"),
        audit,
    )
    .unwrap();
    let verification = String::from_utf8(VERIFICATION.to_vec())
        .unwrap()
        .replace("effective = true", "effective = false");
    std::fs::write(
        dir.path()
            .join("institutions/gi/audits/2025-03-verification.toml"),
        verification,
    )
    .unwrap();
    dir
}

#[test]
fn the_english_detector_finds_english_and_passes_dutch() {
    let line = |m: &str| format!("::error file=x.toml,line=1::{m}");
    assert!(!english_in(&line("person `x` does not exist (no people/x.toml)")).is_empty());
    assert!(!english_in(&line("bestand niet gevonden%0Ahelp: did you mean `x`?")).is_empty());
    assert!(english_in(&line("persoon `x` bestaat niet (geen people/x.toml)")).is_empty());
    assert!(english_in(&line("voeg een [[follow_up]] toe met finding = \"a/f1\"")).is_empty());
}
