//! `kmi site`: every page of the example written, every local link resolving,
//! nothing from the network, the same bytes twice, the timeline's bars the
//! dossier implies, names gone with --redact and --public; a small fixture's
//! pages snapshotted; and, where Chromium is installed (.ci/run installs it),
//! every page loaded in a real headless browser with no console error,
//! screenshots of the board and one institution under target/, and one page
//! printed to PDF.

use crate::util::{self, example_str};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

const AS_OF: &str = "2026-11-23";

fn kmi(args: &[&str]) -> (i32, String, String) {
    util::kmi(args).parts()
}

/// Write the example's site with `extra` options; every file by path.
fn site(dossier: &str, extra: &[&str]) -> (tempfile::TempDir, BTreeMap<String, String>) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let mut args = vec!["--dossier", dossier, "--as-of", AS_OF, "site"];
    args.push(out.to_str().unwrap());
    args.extend_from_slice(extra);
    let (code, stdout, stderr) = kmi(&args);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let mut files = BTreeMap::new();
    for e in walkdir::WalkDir::new(&out) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(&out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.insert(rel, std::fs::read_to_string(e.path()).unwrap());
        }
    }
    (dir, files)
}

/// The values of `attr="…"` in `html`.
fn attrs<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!("{attr}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

#[test]
fn every_page_is_written_and_every_local_link_resolves() {
    let (_dir, files) = site(&example_str(), &[]);
    for page in [
        "index.html",
        "deadlines.html",
        "deadlines.ics",
        "people.html",
        "problems.html",
        "register.html",
        "consistency.html",
        "style.css",
        "table.js",
        "i/jbn.html",
        "i/zuidrand.html",
    ] {
        assert!(
            files.contains_key(page),
            "{page} missing: {:?}",
            files.keys()
        );
    }
    let ids: BTreeMap<&str, BTreeSet<&str>> = files
        .iter()
        .map(|(p, html)| (p.as_str(), attrs(html, "id").into_iter().collect()))
        .collect();
    let mut checked = 0;
    for (page, html) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let base = Path::new(page).parent().unwrap_or(Path::new(""));
        for link in attrs(html, "href").into_iter().chain(attrs(html, "src")) {
            assert!(
                !link.starts_with("http:")
                    && !link.starts_with("https:")
                    && !link.starts_with("//"),
                "{page}: a resource from the network: {link}"
            );
            let (file, fragment) = link.split_once('#').unwrap_or((link, ""));
            let target = if file.is_empty() {
                page.clone()
            } else {
                normalize(&base.join(file))
            };
            assert!(
                files.contains_key(&target),
                "{page}: broken link {link} ({target})"
            );
            if !fragment.is_empty() {
                assert!(
                    ids[target.as_str()].contains(fragment),
                    "{page}: no id `{fragment}` in {target}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} links checked");
}

fn normalize(p: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

#[test]
fn the_timeline_has_a_bar_for_every_deviation() {
    let (_dir, files) = site(&example_str(), &[]);
    let (_, json, _) = kmi(&[
        "--dossier",
        &example_str(),
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "trace",
        "jbn",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let deviations = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["class"] != "remark")
        .count();
    let html = &files["i/jbn.html"];
    assert_eq!(html.matches("class=\"bar-finding").count(), deviations);
    let open = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["class"] != "remark" && f["closure"]["state"] == "open")
        .count();
    assert_eq!(html.matches(" open\" x=").count(), open);
    // Every certificate, audit and decision of the institution has its mark.
    let audits = std::fs::read_dir(format!("{}/institutions/jbn/audits", example_str()))
        .unwrap()
        .count();
    assert_eq!(html.matches("<circle class=\"audit\"").count(), audits);
    let decisions = std::fs::read_dir(format!("{}/institutions/jbn/decisions", example_str()))
        .unwrap()
        .count();
    assert_eq!(
        html.matches("<polygon class=\"decision\"").count(),
        decisions
    );
}

#[test]
fn the_same_dossier_gives_the_same_bytes() {
    let (_a, first) = site(&example_str(), &["--redact"]);
    let (_b, second) = site(&example_str(), &["--redact"]);
    assert_eq!(first, second);
}

fn people_names() -> Vec<String> {
    std::fs::read_dir(format!("{}/people", example_str()))
        .unwrap()
        .map(|e| {
            let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
            let line = text.lines().find(|l| l.starts_with("name")).unwrap();
            line.split('"').nth(1).unwrap().to_owned()
        })
        .collect()
}

#[test]
fn redact_and_public_leave_no_name() {
    let names = people_names();
    for opt in ["--redact", "--public"] {
        let (_dir, files) = site(&example_str(), &[opt]);
        for (page, text) in &files {
            for name in &names {
                assert!(!text.contains(name.as_str()), "{opt}: {name} on {page}");
            }
        }
    }
    let (_dir, public) = site(&example_str(), &["--public"]);
    let pages: Vec<&String> = public.keys().filter(|k| k.ends_with(".html")).collect();
    assert_eq!(
        pages,
        ["index.html", "register.html"],
        "--public: only public pages"
    );
    assert!(
        !public["index.html"].contains("critical"),
        "no findings in public"
    );
}

#[test]
fn dutch_pages() {
    let (_dir, files) = site(&example_str(), &["--redact"]);
    let (_dir2, nl) = {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("nl");
        let (code, _, err) = kmi(&[
            "--dossier",
            &example_str(),
            "--as-of",
            AS_OF,
            "--lang",
            "nl",
            "site",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{err}");
        let index = std::fs::read_to_string(out.join("index.html")).unwrap();
        (dir, index)
    };
    assert!(
        nl.contains("<html lang=\"nl\">") && nl.contains("Peildatum"),
        "{nl}"
    );
    assert!(files["index.html"].contains("<html lang=\"en\">"));
}

#[test]
fn writes_only_a_new_dir_or_a_site_it_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let (code, _, err) = kmi(&["--dossier", &example_str(), "site", out.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("not a site kmi wrote"), "{err}");
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine"
    );
    // A site kmi wrote is replaced whole.
    let site_dir = dir.path().join("site");
    for _ in 0..2 {
        let (code, _, err) = kmi(&[
            "--dossier",
            &example_str(),
            "--as-of",
            AS_OF,
            "site",
            site_dir.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{err}");
    }
    assert!(site_dir.join("index.html").is_file());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".kmi-site"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_small_dossier_snapshotted() {
    let fixture = format!("{}/tests/dossiers/deadlines", env!("CARGO_MANIFEST_DIR"));
    let (_dir, files) = site(&fixture, &[]);
    insta::assert_snapshot!("site-small-index", files["index.html"]);
    insta::assert_snapshot!("site-small-institution", files["i/gj.html"]);
}

// ------------------------------------------------------- a real browser

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|c| {
            Command::new("which")
                .arg(c)
                .output()
                .ok()
                .filter(|o| o.status.success())
                .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()))
        })
}

fn headless(chrome: &Path, profile: &Path, args: &[&str]) -> std::process::Output {
    Command::new(chrome)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .expect("chromium runs")
}

#[test]
fn every_page_loads_in_a_real_browser() {
    let Some(chrome) = chromium() else {
        // .ci/run installs Debian's chromium; a machine without it skips.
        eprintln!("skipped: no chromium on this machine");
        return;
    };
    let (dir, files) = site(&example_str(), &[]);
    let root = dir.path().join("site");
    let profile = tempfile::tempdir().unwrap();
    for page in files.keys().filter(|p| p.ends_with(".html")) {
        let url = format!("file://{}", root.join(page).display());
        let out = headless(&chrome, profile.path(), &["--dump-dom", &url]);
        let dom = String::from_utf8_lossy(&out.stdout);
        let log = String::from_utf8_lossy(&out.stderr);
        assert!(dom.contains("</main>"), "{page} did not load: {log}");
        let errors: Vec<&str> = log
            .lines()
            .filter(|l| {
                l.contains("CONSOLE") || l.contains("Uncaught") || l.contains("ERR_FILE_NOT_FOUND")
            })
            .collect();
        assert!(errors.is_empty(), "{page}: {errors:?}");
        if page == "i/jbn.html" {
            assert_eq!(
                dom.matches("class=\"bar-finding").count(),
                files[page].matches("class=\"bar-finding").count(),
                "the browser's DOM has every bar"
            );
        }
    }
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/site-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    for (page, name) in [
        ("index.html", "board.png"),
        ("i/jbn.html", "institution-jbn.png"),
    ] {
        let url = format!("file://{}", root.join(page).display());
        let shot = shots.join(name);
        headless(
            &chrome,
            profile.path(),
            &[
                "--window-size=1280,1400",
                &format!("--screenshot={}", shot.display()),
                &url,
            ],
        );
        let png = std::fs::read(&shot).unwrap();
        assert!(png.starts_with(b"\x89PNG"), "{name} is a PNG");
    }
    let pdf = shots.join("institution-jbn.pdf");
    let url = format!("file://{}", root.join("i/jbn.html").display());
    headless(
        &chrome,
        profile.path(),
        &[
            &format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer",
            &url,
        ],
    );
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"), "a PDF");
}
