use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use crate::convert::{self, Programs};
use crate::extract::{
    extract_decoded, DocContext, Extraction, FileReport, ItemKind, SourceFormat, MAX_INPUT_BYTES,
};
use crate::import::MAX_ITEMS_PER_DOCUMENT;

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Print one JSON object per file (JSON Lines), as in EXTRACT-JSON.md.
    #[arg(long, conflicts_with = "text")]
    pub json: bool,
    /// Print the decoded text of each file (what `span` indexes), not what is extracted.
    #[arg(long)]
    pub text: bool,
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

/// Extracts each file; exit status 2 when any file could not be read.
pub fn run(args: &ExtractArgs) -> ExitCode {
    let mut failed = false;
    for path in &args.files {
        match read_file(path) {
            Ok((_, decoded)) if args.text => print!("{}", decoded.text),
            Ok((name, decoded)) => {
                let extraction = extract_decoded(&decoded, &DocContext::default());
                if extraction.items.len() > MAX_ITEMS_PER_DOCUMENT {
                    eprintln!(
                        "duban: {}: warning: {} items; `duban import` refuses a document \
                         with more than {MAX_ITEMS_PER_DOCUMENT}",
                        path.display(),
                        extraction.items.len()
                    );
                }
                if args.json {
                    let report = FileReport {
                        file: &name,
                        encoding: decoded.encoding,
                        source_format: contract_name(decoded.format),
                        extraction: &extraction,
                    };
                    println!("{}", serde_json::to_string(&report).expect("serialisable"));
                } else {
                    print!("{}", summary(&name, decoded.encoding, &extraction));
                }
            }
            Err(reason) => {
                eprintln!("duban: {}: {reason}", path.display());
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

/// The name EXTRACT-JSON.md gives a format (plain text is `txt` there, `text` in the
/// database).
fn contract_name(format: SourceFormat) -> &'static str {
    match format {
        SourceFormat::Text => "txt",
        other => other.as_str(),
    }
}

/// The file's name and decoded text: PDF and Word 97 files through the reader programs.
fn read_file(path: &Path) -> Result<(String, crate::extract::Decoded), String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a file".into());
    }
    if meta.len() > MAX_INPUT_BYTES as u64 {
        return Err(format!(
            "the file is larger than 10 MB ({} bytes)",
            meta.len()
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let decoded = convert::read(&bytes, &name, Programs::shared()).map_err(|e| e.to_string())?;
    Ok((name, decoded))
}

/// A summary for a person: header, sections, then each item with owners and deadline.
fn summary(name: &str, encoding: &str, ex: &Extraction) -> String {
    let d = &ex.document;
    let mut out = format!("== {name} ({encoding}, {:?})\n", d.kind);
    let fields = [
        ("org", d.org.clone()),
        ("doc number", d.doc_number.clone()),
        ("title", d.title.clone()),
        ("meeting date", d.meeting_date.map(|x| x.to_string())),
        ("issued", d.issued_date.map(|x| x.to_string())),
        ("place", d.place.clone()),
        ("chair", d.chair.clone()),
        (
            "attendees",
            (!d.attendees.is_empty()).then(|| d.attendees.join("、")),
        ),
        (
            "observers",
            (!d.observers.is_empty()).then(|| d.observers.join("、")),
        ),
        ("recorder", d.recorder.clone()),
        ("signer", d.signer.clone()),
    ];
    for (label, value) in fields {
        if let Some(v) = value {
            let _ = writeln!(out, "{label:>13}: {v}");
        }
    }
    for s in &ex.sections {
        let _ = writeln!(out, "section {}: {}", s.ordinal, s.title);
    }
    for (n, item) in ex.items.iter().enumerate() {
        let kind = match item.kind {
            ItemKind::Decision => "decision",
            ItemKind::Task => "task",
        };
        let marker = item
            .list
            .as_deref()
            .map(|l| format!(" [{l} #{}]", item.ordinal.unwrap_or(0)));
        let _ = writeln!(
            out,
            "{:>3}. {kind}{}: {}",
            n + 1,
            marker.unwrap_or_default(),
            item.title
        );
        let _ = writeln!(
            out,
            "       basis: {}{}",
            item.basis,
            if item.trackable {
                ""
            } else {
                " (not trackable)"
            }
        );
        if let Some(v) = &item.verdict {
            let _ = writeln!(out, "       verdict: {v}");
        }
        if !item.owners.is_empty() {
            let _ = writeln!(out, "       owners: {}", item.owners.join("、"));
        }
        if !item.co_owners.is_empty() {
            let _ = writeln!(out, "       co-owners: {}", item.co_owners.join("、"));
        }
        if let Some(due) = item.due {
            let _ = writeln!(out, "       due: {due}");
        }
        if let Some(duty) = crate::domain::ReportDuty::stored(item.recurrence, item.report_day) {
            let _ = writeln!(
                out,
                "       recurs: {:?} ({})",
                duty.cycle(),
                duty.sentence()
            );
        }
    }
    out
}
