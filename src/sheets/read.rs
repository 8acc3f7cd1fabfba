//! Reading a workbook (calamine) or a CSV file back, guarded: a file over
//! [`MAX_FILE_BYTES`], a sheet over [`MAX_ROWS`] rows, and a workbook whose
//! zip directory declares more than [`MAX_UNPACKED_BYTES`] unpacked (or an
//! entry packed more than [`MAX_RATIO`] to one: a zip bomb) are refused
//! before anything is unpacked.

use std::io::Read;
use std::path::Path;

use crate::clock::Date;

/// The largest file `kmi import` reads.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// The most rows a sheet may have (the header included).
pub const MAX_ROWS: usize = 500_000;
/// The most a workbook may unpack to, all zip entries together.
pub const MAX_UNPACKED_BYTES: u64 = 1024 * 1024 * 1024;
/// The most an entry of over 1 MiB may be packed, unpacked size to packed.
pub const MAX_RATIO: u64 = 250;
/// The most entries a workbook's zip may have.
pub const MAX_ENTRIES: usize = 10_000;

/// A cell as read.
#[derive(Clone, Debug, PartialEq)]
pub enum Raw {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    Date(Date),
    /// A date cell whose serial number is no date (`#VALUE!` and the like too).
    Bad(String),
}

impl Raw {
    pub fn is_empty(&self) -> bool {
        match self {
            Raw::Empty => true,
            Raw::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// One sheet as read: `rows[0]` is the header row; cells by their place
/// in the sheet (row and column from 0).
#[derive(Debug)]
pub struct RawSheet {
    pub name: String,
    pub rows: Vec<Vec<Raw>>,
}

/// Why a file could not be read.
#[derive(Debug)]
pub struct ReadError {
    pub en: String,
    pub nl: String,
}

fn err(en: String, nl: String) -> ReadError {
    ReadError { en, nl }
}

/// The sheets of a `.xlsx` workbook or of one `.csv` file (one sheet named
/// after the file).
pub fn read(path: &Path) -> Result<Vec<RawSheet>, ReadError> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| {
        err(
            format!("cannot read {shown}: {e}"),
            format!("kan {shown} niet lezen: {e}"),
        )
    })?;
    if !meta.is_file() {
        return Err(err(
            format!("{shown} is not a file"),
            format!("{shown} is geen bestand"),
        ));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(err(
            format!(
                "{shown} is {} bytes, over the limit of {MAX_FILE_BYTES} bytes for an import",
                meta.len()
            ),
            format!(
                "{shown} is {} bytes, boven de grens van {MAX_FILE_BYTES} bytes voor een import",
                meta.len()
            ),
        ));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| {
            err(
                format!("cannot read {shown}: {e}"),
                format!("kan {shown} niet lezen: {e}"),
            )
        })?;
    if bytes.starts_with(b"PK\x03\x04") {
        xlsx(&bytes, &shown.to_string())
    } else {
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(vec![csv(&bytes, name, &shown.to_string())?])
    }
}

fn too_many_rows(name: &str, rows: usize) -> ReadError {
    err(
        format!("sheet {name} has {rows} rows, over the limit of {MAX_ROWS}"),
        format!("blad {name} heeft {rows} rijen, boven de grens van {MAX_ROWS}"),
    )
}

fn csv(bytes: &[u8], name: String, shown: &str) -> Result<RawSheet, ReadError> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).map_err(
        |_| {
            err(
                format!("{shown} is neither an .xlsx workbook nor UTF-8 CSV text"),
                format!("{shown} is geen .xlsx-werkmap en geen UTF-8 CSV-tekst"),
            )
        },
    )?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            err(
                format!("{shown} is not valid CSV: {e}"),
                format!("{shown} is geen geldige CSV: {e}"),
            )
        })?;
        rows.push(
            record
                .iter()
                .map(|s| {
                    if s.is_empty() {
                        Raw::Empty
                    } else {
                        Raw::Text(s.to_owned())
                    }
                })
                .collect(),
        );
        if rows.len() > MAX_ROWS {
            return Err(too_many_rows(&name, rows.len()));
        }
    }
    Ok(RawSheet { name, rows })
}

/// Refuse a zip whose directory promises more than the limits, before
/// anything is unpacked.
fn guard_zip(bytes: &[u8], shown: &str) -> Result<(), ReadError> {
    let bad = |why: String, nl: String| {
        err(
            format!("{shown} is refused: {why}"),
            format!("{shown} wordt geweigerd: {nl}"),
        )
    };
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        bad(
            format!("not a readable .xlsx (zip) file: {e}"),
            format!("geen leesbaar .xlsx-bestand (zip): {e}"),
        )
    })?;
    if zip.len() > MAX_ENTRIES {
        return Err(bad(
            format!("{} zip entries, over the limit of {MAX_ENTRIES}", zip.len()),
            format!(
                "{} zip-onderdelen, boven de grens van {MAX_ENTRIES}",
                zip.len()
            ),
        ));
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| {
            bad(
                format!("a broken zip entry: {e}"),
                format!("een kapot zip-onderdeel: {e}"),
            )
        })?;
        let (size, packed) = (entry.size(), entry.compressed_size().max(1));
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        total = total.saturating_add(size);
        if size > 1024 * 1024 && size / packed > MAX_RATIO {
            return Err(bad(
                format!(
                    "{} unpacks {} times its packed size (a zip bomb?); the limit is {MAX_RATIO}",
                    name,
                    size / packed
                ),
                format!(
                    "{} pakt uit tot {} keer de ingepakte grootte (een zip-bom?); de grens is {MAX_RATIO}",
                    name,
                    size / packed
                ),
            ));
        }
    }
    if total > MAX_UNPACKED_BYTES {
        return Err(bad(
            format!("it unpacks to {total} bytes, over the limit of {MAX_UNPACKED_BYTES}"),
            format!("het pakt uit tot {total} bytes, boven de grens van {MAX_UNPACKED_BYTES}"),
        ));
    }
    Ok(())
}

fn xlsx(bytes: &[u8], shown: &str) -> Result<Vec<RawSheet>, ReadError> {
    use calamine::{Data, Reader, Xlsx};
    guard_zip(bytes, shown)?;
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| {
        err(
            format!("{shown} is not a readable .xlsx workbook: {e}"),
            format!("{shown} is geen leesbare .xlsx-werkmap: {e}"),
        )
    })?;
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(|e| {
            err(
                format!("cannot read sheet {name} of {shown}: {e}"),
                format!("kan blad {name} van {shown} niet lezen: {e}"),
            )
        })?;
        let Some((row0, col0)) = range.start() else {
            out.push(RawSheet {
                name,
                rows: Vec::new(),
            });
            continue;
        };
        let (row0, col0) = (row0 as usize, col0 as usize);
        if row0 + range.height() > MAX_ROWS {
            return Err(too_many_rows(&name, row0 + range.height()));
        }
        let mut rows: Vec<Vec<Raw>> = vec![Vec::new(); row0];
        for row in range.rows() {
            let mut cells = vec![Raw::Empty; col0];
            cells.extend(row.iter().map(|c| {
                match c {
                    Data::Empty => Raw::Empty,
                    Data::String(s) => Raw::Text(s.clone()),
                    Data::Int(n) => Raw::Number(*n as f64),
                    Data::Float(f) => Raw::Number(*f),
                    Data::Bool(b) => Raw::Bool(*b),
                    Data::DateTime(d) => serial_date(d.as_f64())
                        .map_or_else(|| Raw::Bad(d.as_f64().to_string()), Raw::Date),
                    Data::DateTimeIso(s) => Date::parse(s.get(..10).unwrap_or(s))
                        .map_or_else(|| Raw::Bad(s.clone()), Raw::Date),
                    Data::DurationIso(s) => Raw::Bad(s.clone()),
                    Data::Error(e) => Raw::Bad(e.to_string()),
                }
            }));
            rows.push(cells);
        }
        out.push(RawSheet { name, rows });
    }
    Ok(out)
}

/// The day of a spreadsheet date serial (1900 system: day 1 is 1900-01-01,
/// counted from 1899-12-30 for every date after February 1900).
pub fn serial_date(serial: f64) -> Option<Date> {
    if !serial.is_finite() || !(1.0..3_000_000.0).contains(&serial) {
        return None;
    }
    let base = Date::from_ymd(1899, 12, 30)?;
    Some(base.add_days(serial.floor() as i64))
}
