//! The example dossier, corrupted in a few thousand deterministic ways —
//! flipped bytes, dropped and duplicated lines, values of the wrong type,
//! impossible dates, truncated files, swapped ids and files, duplicated
//! tables, bad file names — each checked in-process through the library
//! (load, facts, every rule, both renderers). Every run must end as `kmi
//! check` would end with exit 0 or 1: no panic. Every diagnostic has a place,
//! and a corrupted file that no longer parses or deserializes has a
//! diagnostic of its own with a line.
//!
//! The mutations come from a seeded PRNG written here, so a failure names a
//! mutation that reproduces on every machine: `KMI_MUTATIONS=N` runs more.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::sync::Once;

use kmi::clock::Date;
use kmi::diag::Diagnostic;
use kmi::facts::Facts;
use kmi::render::{self, Summary};

/// How many corrupted dossiers a normal `cargo test` checks.
const DEFAULT_MUTATIONS: usize = 3000;
const SEED: u64 = 0x6b6d_6920_6d75_7461;

/// SplitMix64: small, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

type Files = BTreeMap<String, Vec<u8>>;

fn example_files() -> Files {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/dossier");
    walkdir::WalkDir::new(&root)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("the example is readable"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(&root).expect("inside the root");
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            (rel, std::fs::read(e.path()).expect("readable"))
        })
        .collect()
}

/// One corruption of the dossier: what was done, and to which file.
struct Mutation {
    /// The file that was corrupted (after a rename: its new path).
    file: String,
    what: String,
    /// Whether the file may legitimately lose its diagnostic-of-its-own
    /// (it was renamed away or swapped with another valid file).
    moved: bool,
}

impl fmt::Display for Mutation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.what)
    }
}

/// Values of every TOML type, and some that are not TOML at all.
const VALUES: &[&str] = &[
    "\"text\"",
    "42",
    "-1",
    "3.5",
    "nan",
    "true",
    "[]",
    "[1, \"two\"]",
    "{ a = 1 }",
    "2025-05-08",
    "1979-05-27T07:32:00Z",
    "07:32:00",
    "2025-05-08T10:00:00",
    "\"2025-05-08\"",
    "\"\"",
    "\"Anna Jansen\"",
    "[\"anna-jansen\"]",
    "[2025-05-08]",
    "\"f1\"",
    "\"2024-11-recertification/f1\"",
    "\"NOT AN ID\"",
    "\"4.2\"",
    "\"critical\"",
    "\"grant\"",
    "'''multi\nline'''",
    "\"unterminated",
    "",
];

/// Dates no calendar has, and dates at the calendar's edges.
const DATES: &[&str] = &[
    "2025-02-30",
    "2023-02-29",
    "2025-13-01",
    "2025-00-10",
    "2025-04-31",
    "2025-01-00",
    "0000-01-01",
    "9999-12-31",
    "1970-01-01",
    "2025-5-8",
    "2025-05-08T25:00:00",
    "2025-05-08 10:00:00+01:00",
];

/// Ids that exist elsewhere in the example, ids that exist nowhere, non-ids.
const IDS: &[&str] = &[
    "anna-jansen",
    "dirk-de-vries",
    "jbn",
    "2024-11-recertification",
    "2024-11-recertification/f1",
    "2024-11-recertification/f9",
    "2022-11-control/f1",
    "2024-12-17-bridging",
    "f1",
    "f2",
    "nobody",
    "Anna Jansen",
    "-x",
    "a/b/c",
    "",
    "covid-measures",
];

fn lines(text: &[u8]) -> Vec<&[u8]> {
    text.split_inclusive(|&b| b == b'\n').collect()
}

/// The byte range of each `key = value` line's value, with the key.
fn assignments(text: &[u8]) -> Vec<(String, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in lines(text) {
        let s = String::from_utf8_lossy(line);
        if let Some(eq) = s.find(" = ")
            && !s.starts_with('#')
            && s.is_char_boundary(eq)
        {
            let key = s[..eq].trim().to_owned();
            let end = line.len() - usize::from(line.ends_with(b"\n"));
            out.push((key, at + eq + 3..at + end));
        }
        at += line.len();
    }
    out
}

/// Every match of a TOML date (`dddd-dd-dd`) in `text`.
fn dates(text: &[u8]) -> Vec<std::ops::Range<usize>> {
    text.windows(10)
        .enumerate()
        .filter(|(_, w)| {
            w.iter().enumerate().all(|(i, b)| match i {
                4 | 7 => *b == b'-',
                _ => b.is_ascii_digit(),
            })
        })
        .map(|(i, _)| i..i + 10)
        .collect()
}

fn splice(text: &[u8], range: std::ops::Range<usize>, with: &[u8]) -> Vec<u8> {
    let mut out = text[..range.start].to_vec();
    out.extend_from_slice(with);
    out.extend_from_slice(&text[range.end..]);
    out
}

/// Corrupt `files` in one way chosen by `rng`.
fn mutate(files: &mut Files, rng: &mut Rng) -> Mutation {
    let records: Vec<String> = files
        .keys()
        .filter(|k| k.ends_with(".toml"))
        .cloned()
        .collect();
    let file = rng.pick(&records).clone();
    let text = files[&file].clone();
    let mut moved = false;
    let (new_text, what): (Vec<u8>, String) = match rng.below(14) {
        0 => {
            let at = rng
                .below(text.len().max(1))
                .min(text.len().saturating_sub(1));
            let mask = 1u8 << rng.below(8);
            let mut t = text.clone();
            if let Some(b) = t.get_mut(at) {
                *b ^= mask;
            }
            (t, format!("flip bit {mask:#04x} of byte {at}"))
        }
        1 => {
            let ls = lines(&text);
            let n = rng.below(ls.len().max(1));
            let t = ls
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != n)
                .flat_map(|(_, l)| l.iter().copied())
                .collect();
            (t, format!("drop line {}", n + 1))
        }
        2 => {
            let ls = lines(&text);
            let n = rng.below(ls.len().max(1));
            let mut t = Vec::new();
            for (i, l) in ls.iter().enumerate() {
                t.extend_from_slice(l);
                if i == n {
                    t.extend_from_slice(l);
                }
            }
            (t, format!("duplicate line {}", n + 1))
        }
        3 => {
            let assigns = assignments(&text);
            if assigns.is_empty() {
                (Vec::new(), "empty the file".to_owned())
            } else {
                let (key, range) = rng.pick(&assigns).clone();
                let value = rng.pick(VALUES);
                (
                    splice(&text, range, value.as_bytes()),
                    format!("set `{key}` to {value:?}"),
                )
            }
        }
        4 => {
            let ds = dates(&text);
            if ds.is_empty() {
                let cut = rng.below(text.len() + 1);
                (text[..cut].to_vec(), format!("truncate at byte {cut}"))
            } else {
                let range = rng.pick(&ds).clone();
                let date = rng.pick(DATES);
                let old = String::from_utf8_lossy(&text[range.clone()]).into_owned();
                (
                    splice(&text, range, date.as_bytes()),
                    format!("date {old} becomes {date}"),
                )
            }
        }
        5 => {
            let cut = rng.below(text.len() + 1);
            (text[..cut].to_vec(), format!("truncate at byte {cut}"))
        }
        6 => {
            // An id-valued key gets another id.
            let assigns: Vec<_> = assignments(&text)
                .into_iter()
                .filter(|(k, _)| {
                    matches!(
                        k.as_str(),
                        "lead" | "experts" | "by" | "audits" | "finding" | "id" | "extra"
                    )
                })
                .collect();
            if assigns.is_empty() {
                (text.clone(), "unchanged (no id to swap)".to_owned())
            } else {
                let (key, range) = rng.pick(&assigns).clone();
                let id = rng.pick(IDS);
                let value = if matches!(key.as_str(), "experts" | "audits" | "extra") {
                    format!("[\"{id}\"]")
                } else {
                    format!("\"{id}\"")
                };
                (
                    splice(&text, range, value.as_bytes()),
                    format!("`{key}` becomes {value}"),
                )
            }
        }
        7 => {
            // Duplicate a table header with the lines that follow it.
            let ls = lines(&text);
            let headers: Vec<usize> = ls
                .iter()
                .enumerate()
                .filter(|(_, l)| l.starts_with(b"["))
                .map(|(i, _)| i)
                .collect();
            if headers.is_empty() {
                let mut t = text.clone();
                t.extend_from_slice(&text);
                (t, "write the file twice".to_owned())
            } else {
                let h = *rng.pick(&headers);
                let end = (h + 1..ls.len())
                    .find(|&i| ls[i].starts_with(b"["))
                    .unwrap_or(ls.len());
                let mut t: Vec<u8> = ls.concat();
                if !t.ends_with(b"\n") {
                    t.push(b'\n');
                }
                t.extend(ls[h..end].concat());
                (t, format!("duplicate the table at line {}", h + 1))
            }
        }
        8 => {
            // Swap the contents of two files: each is valid, the dossier is not.
            let other = rng.pick(&records).clone();
            let other_text = files[&other].clone();
            files.insert(other.clone(), text.clone());
            moved = true;
            (other_text, format!("swap contents with {other}"))
        }
        9 => {
            // Rename the file to a name that is not an id.
            let text = files.remove(&file).expect("present");
            let (dir, name) = file.rsplit_once('/').unwrap_or(("", &file));
            let bad = rng.pick(&["Upper Case", "-dash", "dot.ted", "é", "_x", " "]);
            let new = if dir.is_empty() {
                // kmi.toml or scheme.toml: the dossier loses it.
                files.insert(format!("{bad}.toml"), text);
                let m = Mutation {
                    file: file.clone(),
                    what: format!("rename to {bad}.toml"),
                    moved: true,
                };
                return m;
            } else {
                format!("{dir}/{bad}{name}")
            };
            files.insert(new.clone(), text);
            return Mutation {
                what: format!("renamed from {file}"),
                file: new,
                moved: false,
            };
        }
        10 => {
            let at = rng.below(text.len() + 1);
            let junk: &[&[u8]] = &[
                b"\xff\xfe",
                b"\xef\xbb\xbf",
                b"\0",
                b"\r",
                b"\"\"\"",
                b"[",
                b"]]",
                b"\\u{0}",
                b"\xe2\x82",
                b"= =",
                b"\n[[finding]]\n",
                b"\na.b.c = 1\n",
            ];
            let j = rng.pick(junk);
            (
                splice(&text, at..at, j),
                format!("insert {:?} at byte {at}", String::from_utf8_lossy(j)),
            )
        }
        11 => {
            let key = rng.pick(&["colour", "Kind", "findings", "follow-up", "id"]);
            let mut t = text.clone();
            t.extend_from_slice(format!("\n{key} = \"x\"\n").as_bytes());
            (t, format!("add the key `{key}`"))
        }
        12 => {
            let depth = 1 + rng.below(300);
            let mut t = text.clone();
            t.extend_from_slice(b"\nnested = ");
            t.extend(std::iter::repeat_n(b'[', depth));
            t.extend(std::iter::repeat_n(b']', depth));
            t.push(b'\n');
            (t, format!("add a list nested {depth} deep"))
        }
        _ => {
            // Move the file into another kind's directory under the same name.
            let Some((inst_dir, name)) = file
                .strip_prefix("institutions/")
                .and_then(|r| r.split_once('/'))
                .and_then(|(i, r)| {
                    r.rsplit_once('/')
                        .map(|(_, n)| (i.to_owned(), n.to_owned()))
                })
            else {
                return mutate(files, rng);
            };
            let dir = rng.pick(&["audits", "decisions", "progress"]);
            let new = format!("institutions/{inst_dir}/{dir}/{name}");
            if new == file || files.contains_key(&new) {
                return mutate(files, rng);
            }
            let text = files.remove(&file).expect("present");
            files.insert(new.clone(), text);
            return Mutation {
                what: format!("moved from {file}"),
                file: new,
                moved: false,
            };
        }
    };
    files.insert(file.clone(), new_text);
    Mutation { file, what, moved }
}

/// Whether `text`, at `path`, is broken by an oracle independent of kmi's
/// loader: not UTF-8, not TOML, or not its record type (serde, not kmi's
/// schema validation).
fn broken(path: &str, text: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(text) else {
        return true;
    };
    if text.parse::<toml::Table>().is_err() {
        return true;
    }
    let parts: Vec<&str> = path.split('/').collect();
    let typed = match parts.as_slice() {
        ["kmi.toml"] => toml::from_str::<kmi::model::Config>(text).is_ok(),
        ["scheme.toml"] => toml::from_str::<kmi::scheme::SchemeFile>(text).is_ok(),
        ["people", _] => toml::from_str::<kmi::model::Person>(text).is_ok(),
        ["institutions", _, "institution.toml"] => {
            toml::from_str::<kmi::model::Institution>(text).is_ok()
        }
        ["institutions", _, "audits", _] => toml::from_str::<kmi::model::Audit>(text).is_ok(),
        ["institutions", _, "decisions", _] => toml::from_str::<kmi::model::Decision>(text).is_ok(),
        ["institutions", _, "progress", _] => toml::from_str::<kmi::model::Progress>(text).is_ok(),
        _ => true,
    };
    !typed
}

const AS_OF: (i32, u32, u32) = (2026, 11, 23);

/// `kmi check` in-process: the diagnostics, or the panic's message.
fn check(files: &Files) -> Result<Vec<Diagnostic>, String> {
    let as_of = Date::from_ymd(AS_OF.0, AS_OF.1, AS_OF.2).expect("a date");
    CHECKING.with(|c| c.set(true));
    let result = std::panic::catch_unwind(|| {
        let mut dossier = kmi::load::load_in_memory(files);
        kmi::asof::restrict(&mut dossier, as_of);
        let facts = Facts::build(&dossier, as_of);
        let diags = kmi::rules::check(&dossier, &facts);
        let summary = Summary::of(&diags, dossier.files.len());
        render::human::render(&dossier, &diags, summary, kmi::i18n::Lang::En, "");
        render::json::render(&diags, summary);
        diags
    });
    CHECKING.with(|c| c.set(false));
    result.map_err(|e| {
        e.downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "a panic".to_owned())
    })
}

thread_local! {
    /// Set while a corrupted dossier is checked: its panic is caught and reported.
    static CHECKING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Silence the panic message of the panics `check` catches (the test names
/// them itself), and only those.
fn quiet_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !CHECKING.with(std::cell::Cell::get) {
                default(info);
            }
        }));
    });
}

/// The files of a dossier given as text.
fn files_of(list: &[(&str, &str)]) -> Files {
    list.iter()
        .map(|(p, t)| ((*p).to_owned(), t.as_bytes().to_vec()))
        .collect()
}

/// Found by mutation #14350 (with `KMI_MUTATIONS=20000`): a kmi.toml with a
/// problem hid every problem of the scheme file it names.
#[test]
fn a_broken_kmi_toml_does_not_hide_the_scheme_file() {
    for kmi_toml in [
        "[dossier]\nname = \"t\"\nscheme = \"scheme.toml\"\ncolour = 1\n",
        "[dossier]\nname = \"t\"\nscheme = \"scheme.toml\"\n[broken\n",
    ] {
        let files = files_of(&[
            ("kmi.toml", kmi_toml),
            ("scheme.toml", "extends = \"jbjr\"\ncolour = \"x\"\n"),
        ]);
        let diags = check(&files).expect("no panic");
        assert!(
            diags
                .iter()
                .any(|d| d.file == "scheme.toml" && d.rule == "schema" && d.line == 2),
            "{diags:?}"
        );
    }
}

#[test]
fn the_in_memory_loader_sees_what_the_file_system_loader_sees() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/dossier");
    let as_of = Date::from_ymd(AS_OF.0, AS_OF.1, AS_OF.2).expect("a date");
    let mut on_disk = kmi::load::load(&root).expect("loads");
    kmi::asof::restrict(&mut on_disk, as_of);
    let disk_diags = kmi::rules::check(&on_disk, &Facts::build(&on_disk, as_of));
    let in_memory = check(&example_files()).expect("no panic");
    assert_eq!(disk_diags, in_memory);
    assert!(!in_memory.is_empty(), "the example keeps a few problems");
}

#[test]
fn thousands_of_corrupted_dossiers_never_panic_and_every_broken_file_is_located() {
    quiet_panics();
    let n: usize = std::env::var("KMI_MUTATIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_MUTATIONS);
    let base = example_files();
    let mut rng = Rng(SEED);
    let mut failures = Vec::new();
    let mut broken_files = 0;
    for i in 0..n {
        let mut files = base.clone();
        let m = mutate(&mut files, &mut rng);
        // A second corruption now and then: problems must not hide each other.
        let second = (rng.below(8) == 0).then(|| mutate(&mut files, &mut rng));
        let name = match &second {
            Some(s) => format!("#{i} {m}; then {s}"),
            None => format!("#{i} {m}"),
        };
        let diags = match check(&files) {
            Ok(d) => d,
            Err(panic) => {
                failures.push(format!("{name}: panicked: {panic}"));
                continue;
            }
        };
        for d in &diags {
            if d.file.is_empty() || d.line < 1 || d.column < 1 {
                failures.push(format!("{name}: a diagnostic without a place: {d:?}"));
            }
        }
        for m in std::iter::once(&m).chain(&second) {
            let Some(text) = files.get(&m.file) else {
                continue;
            };
            let bad_name = !m.moved
                && m.file
                    .rsplit('/')
                    .next()
                    .is_some_and(|n| !kmi::model::is_id(n.trim_end_matches(".toml")));
            if bad_name || broken(&m.file, text) {
                broken_files += 1;
                if !diags.iter().any(|d| d.file == m.file && d.line >= 1) {
                    failures.push(format!(
                        "{name}: the file is broken but has no diagnostic of its own"
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {n} corrupted dossiers failed:\n{}",
        failures.len(),
        failures
            .iter()
            .take(30)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    // The corruptions must mostly break something, or the test tests nothing.
    assert!(broken_files > n / 3, "only {broken_files} broken files");
}
