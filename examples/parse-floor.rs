//! The parse-only floor of the benchmarks (docs/performance.md): read every
//! `.toml` file under a directory and parse it into a `toml::Table`, on one
//! thread, with no validation and no rules. `kmi check` does all of this and
//! more; the benchmark compares the two.
//!
//! ```text
//! cargo run --release --example parse-floor -- DIR
//! ```

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1) else {
        eprintln!("usage: parse-floor DIR");
        return ExitCode::from(2);
    };
    let (mut files, mut bytes, mut broken) = (0usize, 0usize, 0usize);
    let walk = walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walk {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                eprintln!("parse-floor: {e}");
                return ExitCode::from(2);
            }
        };
        if !entry.file_type().is_file() || entry.path().extension() != Some("toml".as_ref()) {
            continue;
        }
        let text = match std::fs::read_to_string(entry.path()) {
            Ok(t) => t,
            Err(_) => {
                broken += 1;
                continue;
            }
        };
        files += 1;
        bytes += text.len();
        if text.parse::<toml::Table>().is_err() {
            broken += 1;
        }
    }
    println!("{files} files, {bytes} bytes parsed; {broken} could not be read or parsed");
    ExitCode::SUCCESS
}
