//! `kmi deadlines --format csv`: one row per deadline, for spreadsheets.

use crate::deadlines::Item;

pub fn render(items: &[Item]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "kind",
        "due",
        "status",
        "institution",
        "subject",
        "file",
        "person",
        "what",
        "arithmetic",
    ])
    .expect("write to memory");
    for i in items {
        let due = i.due.to_string();
        w.write_record([
            i.kind.as_str(),
            &due,
            i.status.as_str(),
            i.institution.as_deref().unwrap_or(""),
            &i.subject,
            &i.file,
            i.person.as_deref().unwrap_or(""),
            &i.what,
            &i.arithmetic,
        ])
        .expect("write to memory");
    }
    String::from_utf8(w.into_inner().expect("flush to memory"))
        .expect("CSV of UTF-8 fields is UTF-8")
}
