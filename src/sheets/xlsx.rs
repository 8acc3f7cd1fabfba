//! Writing the tables as a workbook (rust_xlsxwriter) or as CSV files.

use rust_xlsxwriter::{
    Color, DataValidation, DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, XlsxError,
};

use super::{Cell, Column, Role, Table, Ty};
use crate::i18n::Lang;
use crate::model;

/// The values a data validation list offers, for the columns that have one.
fn choices(ty: Ty) -> Option<Vec<&'static str>> {
    let kinds = [
        model::AuditKind::Initial,
        model::AuditKind::Control,
        model::AuditKind::Recertification,
        model::AuditKind::Verification,
        model::AuditKind::Extra,
    ];
    let outcomes = [
        model::Outcome::Grant,
        model::Outcome::Provisional,
        model::Outcome::Continue,
        model::Outcome::Renew,
        model::Outcome::Bridging,
        model::Outcome::Temporary,
        model::Outcome::Suspend,
        model::Outcome::Reinstate,
        model::Outcome::Withdraw,
        model::Outcome::Refuse,
    ];
    let classes = [
        model::Class::Critical,
        model::Class::NonCritical,
        model::Class::Remark,
    ];
    match ty {
        Ty::Class => Some(classes.iter().map(|c| c.as_str()).collect()),
        Ty::AuditKind => Some(kinds.iter().map(|k| k.as_str()).collect()),
        Ty::Outcome => Some(outcomes.iter().map(|o| o.as_str()).collect()),
        _ => None,
    }
}

/// Rows below the data that still get the validation lists and formats, for
/// new findings and follow-ups typed in.
const SPARE_ROWS: u32 = 500;

/// The widest a column gets, in characters.
const MAX_WIDTH: usize = 45;

/// The workbook of `tables`, as bytes. Headers in `lang`.
pub fn workbook(tables: &[Table], lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    // The same tables give the same workbook: no creation time of today.
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    book.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_title("kmi export"),
    );
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xD9E2F3))
        .set_border_bottom(FormatBorder::Thin);
    let header_computed = Format::new()
        .set_bold()
        .set_italic()
        .set_font_color(Color::RGB(0x595959))
        .set_background_color(Color::RGB(0xE7E6E6))
        .set_border_bottom(FormatBorder::Thin);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let computed = Format::new()
        .set_italic()
        .set_font_color(Color::RGB(0x595959))
        .set_background_color(Color::RGB(0xF2F2F2));
    let computed_date = computed.clone().set_num_format("yyyy-mm-dd");
    let plain = Format::new();

    for table in tables {
        let sheet = book.add_worksheet();
        sheet.set_name(table.def.name(lang))?;
        let last_col = (table.columns.len() - 1) as u16;
        let last_row = table.rows.len() as u32;
        let mut widths: Vec<usize> = table
            .columns
            .iter()
            .map(|c| c.header(lang).chars().count() + 3)
            .collect();
        for (i, c) in table.columns.iter().enumerate() {
            let col = i as u16;
            let is_computed = c.role == Role::Computed;
            sheet.write_string_with_format(
                0,
                col,
                c.header(lang),
                if is_computed {
                    &header_computed
                } else {
                    &header
                },
            )?;
            let cell_format = match (is_computed, c.ty == Ty::Date) {
                (true, true) => &computed_date,
                (true, false) => &computed,
                (false, true) => &date,
                (false, false) => &plain,
            };
            if is_computed || c.ty == Ty::Date {
                sheet.set_column_format(col, cell_format)?;
            }
            if c.role == Role::Hidden {
                sheet.set_column_hidden(col)?;
            }
            if c.role != Role::Computed
                && let Some(list) = choices(c.ty)
            {
                let v = DataValidation::new()
                    .allow_list_strings(&list)?
                    .set_error_message(format!(
                        "{}: {}",
                        lang.pick("one of", "een van"),
                        list.join(", ")
                    ))?;
                sheet.add_data_validation(1, col, last_row + SPARE_ROWS, col, &v)?;
            }
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (i, (cell, c)) in row.iter().zip(&table.columns).enumerate() {
                let col = i as u16;
                let is_computed = c.role == Role::Computed;
                let (f, fd) = if is_computed {
                    (&computed, &computed_date)
                } else {
                    (&plain, &date)
                };
                let width = match cell {
                    Cell::Empty => 0,
                    Cell::Text(s) => {
                        sheet.write_string_with_format(r, col, s, f)?;
                        s.lines().map(|l| l.chars().count()).max().unwrap_or(0)
                    }
                    Cell::Date(d) => {
                        let x = ExcelDateTime::from_ymd(
                            d.year() as u16,
                            d.month() as u8,
                            d.day() as u8,
                        )?;
                        sheet.write_datetime_with_format(r, col, x, fd)?;
                        10
                    }
                    Cell::Bool(b) => {
                        sheet.write_boolean_with_format(r, col, *b, f)?;
                        5
                    }
                    Cell::Int(n) => {
                        sheet.write_number_with_format(r, col, *n as f64, f)?;
                        n.to_string().len()
                    }
                };
                widths[i] = widths[i].max(width + 2);
            }
        }
        for (i, w) in widths.iter().enumerate() {
            sheet.set_column_width(i as u16, (*w).min(MAX_WIDTH) as f64)?;
        }
        // Printed: landscape, the header on every page.
        sheet.set_landscape();
        sheet.set_repeat_rows(0, 0)?;
        // It opens on the findings, the sheet a coordinator works in.
        if table.def.id == super::SheetId::Findings {
            sheet.set_active(true);
        }
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofilter(0, 0, last_row.max(1), last_col)?;
    }
    book.save_to_buffer()
}

/// One sheet as CSV: the header row in `lang`, dates as YYYY-MM-DD, every
/// column (the hidden ones last, as in the workbook).
pub fn csv(table: &Table, lang: Lang) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(table.columns.iter().map(|c: &&Column| c.header(lang)))?;
    for row in &table.rows {
        w.write_record(row.iter().map(Cell::canonical))?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}
