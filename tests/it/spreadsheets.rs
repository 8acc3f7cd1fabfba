//! `kmi export` and `kmi import` (docs/spreadsheets.md), on temporary copies
//! of the example dossier, with workbooks the tests make themselves: an
//! export, its cells changed by reading it with calamine and writing it
//! again with rust_xlsxwriter (or a CSV file edited as text).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, Xlsx};

const AS_OF: &str = "2027-02-01";

fn kmi(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kmi"))
        .args(args)
        .env_remove("KMI_FORMAT")
        .env_remove("KMI_LANG")
        .env("NO_COLOR", "1")
        .output()
        .expect("kmi runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A temporary copy of the example dossier, at `<tmp>/d`.
fn copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/dossier");
    let dst = dir.path().join("d");
    for e in walkdir::WalkDir::new(&src) {
        let e = e.unwrap();
        let to = dst.join(e.path().strip_prefix(&src).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
    (dir, dst)
}

/// Every file of the dossier, by path, with its bytes.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}

fn export(d: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec![
        "--dossier",
        d.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "export",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let (code, stdout, stderr) = kmi(&args);
    assert_eq!(code, 0, "{stdout}{stderr}");
}

fn import(d: &Path, file: &Path, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec![
        "--dossier",
        d.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "import",
        file.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    kmi(&args)
}

/// A cell to change: sheet, row key, header, value.
type Edit = (&'static str, &'static str, &'static str, V);

/// A cell to write back.
#[derive(Clone)]
enum V {
    Text(&'static str),
    Date(u16, u8, u8),
}

/// Read the workbook `path` and write it again, with `edits` (sheet, row
/// key, header, value) applied and `new_rows` (sheet, header → value)
/// appended. Dates stay date cells, hidden columns stay hidden.
fn rewrite(path: &Path, edits: &[(&str, &str, &str, V)], new_rows: &[(&str, Vec<(&str, V)>)]) {
    let mut book: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
        sheets.push((name, rows));
    }
    let mut out = rust_xlsxwriter::Workbook::new();
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    for (name, mut rows) in sheets {
        let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
        let col = |h: &str| header.iter().position(|x| x == h).unwrap();
        for (sheet, key, h, v) in edits {
            if *sheet != name {
                continue;
            }
            let k = col("key");
            let row = rows
                .iter_mut()
                .find(|r| matches!(&r[k], Data::String(s) if s == key))
                .unwrap_or_else(|| panic!("no row {key} in {sheet}"));
            row[col(h)] = cell(v);
        }
        for (sheet, cells) in new_rows {
            if *sheet != name {
                continue;
            }
            let mut row = vec![Data::Empty; header.len()];
            for (h, v) in cells {
                row[col(h)] = cell(v);
            }
            rows.push(row);
        }
        let ws = out.add_worksheet();
        ws.set_name(&name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match v {
                    Data::Empty => {}
                    Data::String(s) => {
                        ws.write_string(r, c, s).unwrap();
                    }
                    Data::Float(f) => {
                        ws.write_number(r, c, *f).unwrap();
                    }
                    Data::Int(i) => {
                        ws.write_number(r, c, *i as f64).unwrap();
                    }
                    Data::Bool(b) => {
                        ws.write_boolean(r, c, *b).unwrap();
                    }
                    Data::DateTime(d) => {
                        ws.write_number_with_format(r, c, d.as_f64(), &date)
                            .unwrap();
                    }
                    other => panic!("unexpected cell {other:?}"),
                }
            }
        }
        for (c, h) in header.iter().enumerate() {
            if h == "key" || h == "as of" || h == "sleutel" || h == "peildatum" {
                ws.set_column_hidden(c as u16).unwrap();
            }
        }
    }
    out.save(path).unwrap();
}

fn cell(v: &V) -> Data {
    match v {
        V::Text(s) => Data::String((*s).to_owned()),
        V::Date(y, m, d) => {
            // Days since 1899-12-30.
            let days = chrono::NaiveDate::from_ymd_opt(i32::from(*y), u32::from(*m), u32::from(*d))
                .unwrap()
                .signed_duration_since(chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap())
                .num_days();
            Data::DateTime(calamine::ExcelDateTime::new(
                days as f64,
                calamine::ExcelDateTimeType::DateTime,
                false,
            ))
        }
    }
}

const AUDIT: &str = "institutions/zuidrand/audits/2026-11-initial.toml";

#[test]
fn an_unchanged_export_imports_as_no_change_in_either_format() {
    let (tmp, d) = copy();
    let before = snapshot(&d);
    let xlsx = tmp.path().join("e.xlsx");
    export(&d, &xlsx, &[]);
    let (code, stdout, stderr) = import(&d, &xlsx, &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("no change"), "{stdout}");
    // Read back after a spreadsheet program saved it (dates as date cells).
    rewrite(&xlsx, &[], &[]);
    let (code, stdout, _) = import(&d, &xlsx, &[]);
    assert_eq!(code, 0);
    assert!(stdout.contains("no change"), "{stdout}");

    let csv = tmp.path().join("csv");
    export(&d, &csv, &["--format", "csv"]);
    for sheet in [
        "institutions",
        "audits",
        "findings",
        "follow-ups",
        "decisions",
        "people",
        "deadlines",
    ] {
        let (code, stdout, stderr) = import(&d, &csv.join(format!("{sheet}.csv")), &[]);
        assert_eq!(code, 0, "{sheet}: {stdout}{stderr}");
        assert!(stdout.contains("no change"), "{sheet}: {stdout}");
    }
    // Dutch headers read back too.
    let nl = tmp.path().join("nl.xlsx");
    export(&d, &nl, &["--lang", "nl"]);
    let (code, stdout, _) = import(&d, &nl, &["--lang", "nl"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("geen wijziging"), "{stdout}");
    assert_eq!(snapshot(&d), before, "an unchanged import changed a file");
}

#[test]
fn the_workbook_has_every_sheet_with_dates_and_hidden_keys() {
    let (tmp, d) = copy();
    let xlsx = tmp.path().join("e.xlsx");
    export(&d, &xlsx, &[]);
    let mut book: Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "institutions",
            "audits",
            "findings",
            "follow-ups",
            "decisions",
            "people",
            "deadlines"
        ]
    );
    let findings = book.worksheet_range("findings").unwrap();
    let header: Vec<String> = findings
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(&header[..4], ["institution", "audit", "finding", "norm"]);
    assert_eq!(header.last().unwrap(), "as of");
    let received = header.iter().position(|h| h == "plan received").unwrap();
    let row = findings.rows().nth(1).unwrap();
    assert!(
        matches!(row[received], Data::DateTime(_)),
        "{:?}",
        row[received]
    );
    // A file that exists is never overwritten.
    let (code, _, stderr) = kmi(&[
        "--dossier",
        d.to_str().unwrap(),
        "export",
        "--out",
        xlsx.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("exists already"), "{stderr}");
    // Dutch headers and sheet names; --redact drops the names of people.
    let nl = tmp.path().join("nl.xlsx");
    export(
        &d,
        &nl,
        &["--lang", "nl", "--redact", "--institution", "jbn"],
    );
    let mut book: Xlsx<_> = calamine::open_workbook(&nl).unwrap();
    assert_eq!(book.sheet_names()[2], "bevindingen");
    let people = book.worksheet_range("personen").unwrap();
    let header: Vec<String> = people
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert!(!header.contains(&"naam".to_owned()), "{header:?}");
    let text: Vec<String> = people.rows().flatten().map(|c| c.to_string()).collect();
    assert!(
        !text.iter().any(|t| t == "Anna Jansen"),
        "a name in a redacted export"
    );
    let inst = book.worksheet_range("instellingen").unwrap();
    assert_eq!(inst.height(), 2, "only jbn");
}

#[test]
fn a_plan_received_is_written_with_the_comments_kept_and_checked() {
    let (tmp, d) = copy();
    // A comment the edit must keep.
    let audit = d.join(AUDIT);
    let text = std::fs::read_to_string(&audit).unwrap();
    std::fs::write(&audit, text.replacen("\n", "\n# kept by the import\n", 1)).unwrap();
    let xlsx = tmp.path().join("e.xlsx");
    export(&d, &xlsx, &[]);
    rewrite(
        &xlsx,
        &[
            (
                "audits",
                "zuidrand/2026-11-initial",
                "report",
                V::Date(2026, 11, 20),
            ),
            (
                "findings",
                "zuidrand/2026-11-initial/f1",
                "plan received",
                V::Date(2027, 1, 10),
            ),
        ],
        &[],
    );
    let before = snapshot(&d);
    // Dry run: the change shown, nothing written.
    let (code, stdout, stderr) = import(&d, &xlsx, &["--dry-run"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("finding[f1].plan: absent → { received = 2027-01-10 }"),
        "{stdout}"
    );
    assert!(stdout.contains("report: absent → 2026-11-20"), "{stdout}");
    assert_eq!(snapshot(&d), before, "a dry run wrote");

    let (code, stdout, stderr) = import(&d, &xlsx, &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("1 file changed"), "{stdout}");
    let now = std::fs::read_to_string(&audit).unwrap();
    assert!(now.contains("# kept by the import"), "{now}");
    assert!(now.contains("report = 2026-11-20"), "{now}");
    assert!(
        now.contains("[finding.plan]\nreceived = 2027-01-10"),
        "{now}"
    );
    // Only that file changed.
    let after = snapshot(&d);
    let changed: Vec<_> = after
        .iter()
        .filter(|(p, b)| before.get(*p) != Some(b))
        .map(|(p, _)| p)
        .collect();
    assert_eq!(changed, [&audit]);
    // The check afterwards says the plan came late: due 2026-12-18.
    assert!(stdout.contains("kmi check, after the import"), "{stdout}");
    assert!(
        stdout.contains("plan of action due 2026-12-18 (report 2026-11-20 + 4 weeks), received 2027-01-10: 23 days late"),
        "{stdout}"
    );
    // The same workbook again: nothing more to do.
    let (code, stdout, _) = import(&d, &xlsx, &[]);
    assert_eq!(code, 0);
    assert!(stdout.contains("no change"), "{stdout}");
}

#[test]
fn a_new_finding_row_adds_a_finding_with_the_next_id_once() {
    let (tmp, d) = copy();
    let xlsx = tmp.path().join("e.xlsx");
    export(&d, &xlsx, &[]);
    rewrite(
        &xlsx,
        &[],
        &[(
            "findings",
            vec![
                ("institution", V::Text("zuidrand")),
                ("audit", V::Text("2026-11-initial")),
                ("norm", V::Text("C.1.1")),
                ("class", V::Text("remark")),
                ("summary", V::Text("The case file index is kept by hand.")),
            ],
        )],
    );
    let (code, stdout, stderr) = import(&d, &xlsx, &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("finding[f2]: absent →"), "{stdout}");
    let now = std::fs::read_to_string(d.join(AUDIT)).unwrap();
    assert!(now.contains("id = \"f2\""), "{now}");
    assert!(
        now.contains("summary = \"The case file index is kept by hand.\""),
        "{now}"
    );
    // Imported again, the row finds its finding and adds nothing.
    let (code, stdout, _) = import(&d, &xlsx, &[]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("in institutions/zuidrand/audits/2026-11-initial.toml already, as f2"),
        "{stdout}"
    );
    assert_eq!(std::fs::read_to_string(d.join(AUDIT)).unwrap(), now);
}

#[test]
fn each_bad_cell_stops_the_import_with_its_place_and_nothing_is_written() {
    let (tmp, d) = copy();
    let xlsx = tmp.path().join("e.xlsx");
    export(&d, &xlsx, &[]);
    let before = snapshot(&d);
    let cases: Vec<(Vec<Edit>, &str)> = vec![
        (
            vec![(
                "findings",
                "jbn/2015-11-initial/f1",
                "plan received",
                V::Text("2015-02-30"),
            )],
            "findings!I4: `2015-02-30` is not a date",
        ),
        (
            vec![(
                "audits",
                "jbn/2016-11-control",
                "lead",
                V::Text("anna-jansn"),
            )],
            "audits!G4: `anna-jansn` is not a person of the dossier (did you mean `anna-jansen`?)",
        ),
        (
            vec![(
                "findings",
                "jbn/2014-12-initial/f2",
                "class",
                V::Text("remrak"),
            )],
            "findings!E3: `remrak` is not a class; did you mean `remark`?",
        ),
        (
            vec![(
                "findings",
                "jbn/2014-12-initial/f2",
                "key",
                V::Text("jbn/2014-12-initial/f9"),
            )],
            "findings!R3: the record of this row (jbn/2014-12-initial/f9) is not in the dossier",
        ),
    ];
    for (edits, said) in cases {
        let file = tmp.path().join("bad.xlsx");
        std::fs::copy(&xlsx, &file).unwrap();
        rewrite(&file, &edits, &[]);
        let (code, stdout, stderr) = import(&d, &file, &[]);
        assert_eq!(code, 2, "{said}: {stdout}{stderr}");
        assert!(stderr.contains(said), "expected {said}, got {stderr}");
        assert!(stderr.contains("nothing was written"), "{stderr}");
        assert_eq!(snapshot(&d), before, "{said}: a bad import wrote");
    }
    // In Dutch.
    let file = tmp.path().join("bad.xlsx");
    std::fs::copy(&xlsx, &file).unwrap();
    rewrite(
        &file,
        &[(
            "findings",
            "jbn/2014-12-initial/f2",
            "class",
            V::Text("remrak"),
        )],
        &[],
    );
    let (code, _, stderr) = import(&d, &file, &["--lang", "nl"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("findings!E3: `remrak` is geen classificatie; bedoel je `remark`?"),
        "{stderr}"
    );
    assert!(stderr.contains("er is niets geschreven"), "{stderr}");
}

#[test]
fn an_edit_the_history_rules_refuse_is_not_written() {
    let (tmp, d) = copy();
    let csv = tmp.path().join("csv");
    export(&d, &csv, &["--format", "csv"]);
    let findings = csv.join("findings.csv");
    let text = std::fs::read_to_string(&findings).unwrap();
    // f1 of 2014-12-initial: non-critical, closed in 2015. Made critical in place.
    let edited = text.replacen(
        "jbn,2014-12-initial,f1,D.2.2,non-critical,",
        "jbn,2014-12-initial,f1,D.2.2,critical,",
        1,
    );
    assert_ne!(edited, text);
    std::fs::write(&findings, edited).unwrap();
    let before = snapshot(&d);
    let (code, stdout, stderr) = import(&d, &findings, &[]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stdout.contains("error[history-reclassified]"), "{stdout}");
    assert!(stdout.contains("refused"), "{stdout}");
    assert!(stdout.contains("follow-up"), "{stdout}");
    assert_eq!(snapshot(&d), before, "a refused import wrote");
}

#[test]
fn huge_files_and_zip_bombs_are_refused_before_reading() {
    let (tmp, d) = copy();
    // Over the size limit: refused on its size alone.
    let big = tmp.path().join("big.csv");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(65 * 1024 * 1024)
        .unwrap();
    let (code, _, stderr) = import(&d, &big, &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("over the limit"), "{stderr}");
    // Over the row limit (500,000).
    let rows = tmp.path().join("findings.csv");
    std::fs::write(&rows, "x\n".repeat(500_001)).unwrap();
    let (code, _, stderr) = import(&d, &rows, &[]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("rows, over the limit of 500000"),
        "{stderr}"
    );
    // A zip entry that unpacks to far more than it packs.
    let bomb = tmp.path().join("bomb.xlsx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&bomb).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    let zeros = vec![0u8; 1024 * 1024];
    for _ in 0..64 {
        std::io::Write::write_all(&mut zip, &zeros).unwrap();
    }
    zip.finish().unwrap();
    let (code, _, stderr) = import(&d, &bomb, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("zip bomb"), "{stderr}");
}

#[test]
fn a_new_follow_up_row_adds_a_follow_up_once() {
    let (tmp, d) = copy();
    let xlsx = tmp.path().join("e.xlsx");
    export(&d, &xlsx, &[]);
    rewrite(
        &xlsx,
        &[],
        &[(
            "follow-ups",
            vec![
                ("institution", V::Text("zuidrand")),
                ("audit", V::Text("2026-11-initial")),
                ("finding", V::Text("2026-05-recertification/f1")),
                ("implemented", V::Text("true")),
                (
                    "note",
                    V::Text("New cases are assigned within five working days."),
                ),
            ],
        )],
    );
    let (code, stdout, stderr) = import(&d, &xlsx, &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let now = std::fs::read_to_string(d.join(AUDIT)).unwrap();
    assert!(
        now.ends_with(
            "[[follow_up]]\nfinding = \"2026-05-recertification/f1\"\nimplemented = true\nnote = \"New cases are assigned within five working days.\"\n"
        ),
        "{now}"
    );
    let (code, stdout, _) = import(&d, &xlsx, &[]);
    assert_eq!(code, 0);
    assert!(stdout.contains("not added again"), "{stdout}");
    assert_eq!(std::fs::read_to_string(d.join(AUDIT)).unwrap(), now);
}

#[test]
fn a_row_whose_record_was_deleted_since_the_export_is_refused() {
    let (tmp, d) = copy();
    let xlsx = tmp.path().join("e.xlsx");
    export(&d, &xlsx, &[]);
    // The audit's only finding goes after the export.
    let audit = d.join(AUDIT);
    let text = std::fs::read_to_string(&audit).unwrap();
    let cut = text.find("[[finding]]").unwrap();
    std::fs::write(&audit, &text[..cut]).unwrap();
    let before = snapshot(&d);
    let (code, _, stderr) = import(&d, &xlsx, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("the record of this row (zuidrand/2026-11-initial/f1) is not in the dossier as of 2027-02-01"),
        "{stderr}"
    );
    assert!(stderr.contains("findings!R"), "{stderr}");
    assert_eq!(snapshot(&d), before);
}

#[test]
fn dates_an_earlier_export_did_not_show_are_kept() {
    let (tmp, d) = copy();
    // As of 2025-01-01 Dewi Visser's VOG of 2025-09-09 is not on file yet.
    let xlsx = tmp.path().join("e.xlsx");
    let (code, out, err) = kmi(&[
        "--dossier",
        d.to_str().unwrap(),
        "--as-of",
        "2025-01-01",
        "export",
        "--out",
        xlsx.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    rewrite(
        &xlsx,
        &[(
            "people",
            "dewi-visser",
            "VOG",
            V::Text("2015-11-24, 2020-10-13, 2024-12-01"),
        )],
        &[],
    );
    let (code, stdout, stderr) = import(&d, &xlsx, &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let now = std::fs::read_to_string(d.join("people/dewi-visser.toml")).unwrap();
    assert!(
        now.contains("vog = [2015-11-24, 2020-10-13, 2024-12-01, 2025-09-09]"),
        "{now}"
    );
    assert!(now.starts_with("# Fictional person."), "{now}");
}
