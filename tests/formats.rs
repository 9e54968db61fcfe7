//! Reading PDF and Word 97 files through the reader programs (`duban::convert`): the same
//! minutes as a .txt, a LibreOffice PDF, a 公文-style PDF and a .doc give the same items;
//! broken, locked and scanned files give their own errors; the programs run fenced.
//!
//! The fixtures are made by `tests/fixtures/formats/make.py` from `minutes.txt`, and a notice
//! with a 任务分工表 whose PDFs must give its rows.

mod common;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::spawn_app;
use duban::config::ConvertSettings;
use duban::convert::run::{probe_isolation, Fence, RunError, Workspace, MEMORY_LIMIT_BYTES};
use duban::convert::{read, Programs};
use duban::extract::decode::OtherFormat;
use duban::extract::{extract, DecodeError, DocContext, ItemKind, SourceFormat};

const TXT: &[u8] = include_bytes!("fixtures/formats/minutes.txt");
const LIBREOFFICE_PDF: &[u8] = include_bytes!("fixtures/formats/libreoffice.pdf");
const GONGWEN_PDF: &[u8] = include_bytes!("fixtures/formats/gongwen.pdf");
/// The same through the CMap GBK-EUC-H: poppler gives its ASCII digits as full-width.
const GONGWEN_GBK_PDF: &[u8] = include_bytes!("fixtures/formats/gongwen-gbk.pdf");
const DOC: &[u8] = include_bytes!("fixtures/formats/minutes.doc");
const DOCX: &[u8] = include_bytes!("fixtures/formats/minutes.docx");
const HTML: &[u8] = include_bytes!("fixtures/formats/minutes.html");
const OFD: &[u8] = include_bytes!("fixtures/formats/minutes.ofd");
const ENCRYPTED_PDF: &[u8] = include_bytes!("fixtures/formats/encrypted.pdf");
const COPY_LOCKED_PDF: &[u8] = include_bytes!("fixtures/formats/copy-locked.pdf");
const DAMAGED_PDF: &[u8] = include_bytes!("fixtures/formats/damaged.pdf");
const SCANNED_PDF: &[u8] = include_bytes!("fixtures/formats/scanned.pdf");
const XLS: &[u8] = include_bytes!("fixtures/formats/sheet.xls");
const SCANNED_MINUTES_PDF: &[u8] = include_bytes!("fixtures/formats/scanned-minutes.pdf");
const DRAWING_PNG: &[u8] = include_bytes!("fixtures/formats/drawing.png");
/// A notice with a 任务分工表 over two pages, from a .docx through LibreOffice; and the same
/// with reportlab's Table in STSong-Light.
const ALLOCATION_WORD_PDF: &[u8] = include_bytes!("fixtures/formats/allocation-word.pdf");
const ALLOCATION_REPORTLAB_PDF: &[u8] = include_bytes!("fixtures/formats/allocation-reportlab.pdf");
/// The reportlab one with every cell centred vertically.
const ALLOCATION_CENTRED_PDF: &[u8] = include_bytes!("fixtures/formats/allocation-centred.pdf");

fn programs() -> Programs {
    Programs::detect(&ConvertSettings::default())
}

/// Programs whose temporary directories go under `root`.
fn programs_in(root: &Path) -> Programs {
    let mut p = programs();
    p.fence.temp_root = Some(root.to_owned());
    p
}

type Summary = Vec<(ItemKind, Vec<String>, Vec<String>, Option<String>)>;

/// What a clerk tracks of each item: kind, owners, co-owners, deadline.
#[track_caller]
/// What the extraction of a decoded file (its tables included) finds, as `items_of`.
fn items_in(decoded: &duban::extract::Decoded) -> Summary {
    duban::extract::extract_decoded(decoded, &DocContext::default())
        .items
        .into_iter()
        .map(|i| (i.kind, i.owners, i.co_owners, i.due.map(|d| d.to_string())))
        .collect()
}

fn items_of(text: &str) -> Summary {
    extract(text, &DocContext::default())
        .items
        .into_iter()
        .map(|i| (i.kind, i.owners, i.co_owners, i.due.map(|d| d.to_string())))
        .collect()
}

#[track_caller]
fn error_of(bytes: &[u8], name: &str) -> DecodeError {
    match read(bytes, name, &programs()) {
        Ok(d) => panic!("{name} was read as {:?}:\n{}", d.format, d.text),
        Err(e) => e,
    }
}

fn entries(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect()
}

#[test]
fn the_text_fixture_records_decisions_and_tasks_with_owners_and_deadlines() {
    let items = items_of(std::str::from_utf8(TXT).unwrap());
    assert!(items.iter().any(|i| i.0 == ItemKind::Decision), "{items:?}");
    assert!(
        items
            .iter()
            .filter(|i| i.0 == ItemKind::Task && i.3.is_some())
            .count()
            >= 4,
        "{items:?}"
    );
}

#[test]
fn each_format_of_the_minutes_gives_the_decisions_and_tasks_of_its_text() {
    let programs = programs();
    let expected = items_in(&read(TXT, "纪要.txt", &programs).unwrap());
    for (name, bytes, format) in [
        ("纪要.pdf", LIBREOFFICE_PDF, SourceFormat::Pdf),
        ("公文.pdf", GONGWEN_PDF, SourceFormat::Pdf),
        ("公文GBK.pdf", GONGWEN_GBK_PDF, SourceFormat::Pdf),
        ("纪要.doc", DOC, SourceFormat::Doc),
        ("纪要.docx", DOCX, SourceFormat::Docx),
        ("纪要.html", HTML, SourceFormat::Html),
        ("纪要.ofd", OFD, SourceFormat::Ofd),
    ] {
        let decoded = read(bytes, name, &programs).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(decoded.format, format, "{name}");
        assert_eq!(items_in(&decoded), expected, "{name}:\n{}", decoded.text);
    }
}

#[test]
fn a_gongwen_pdf_with_a_non_embedded_chinese_font_reads_every_character() {
    let decoded = read(GONGWEN_PDF, "公文.pdf", &programs()).unwrap();
    assert!(decoded
        .text
        .starts_with("青川市科学技术局党组会议纪要\n〔2026〕第7号\n"));
    assert!(!decoded.text.contains('\u{FFFD}'));
    assert!(decoded.text.contains("计划财务处配合"));
}

#[test]
fn page_numbers_and_running_headers_are_not_in_the_text_of_a_pdf() {
    let programs = programs();
    for (name, bytes) in [
        ("纪要.pdf", LIBREOFFICE_PDF),
        ("公文.pdf", GONGWEN_PDF),
        ("公文GBK.pdf", GONGWEN_GBK_PDF),
    ] {
        let text = read(bytes, name, &programs).unwrap().text;
        for furniture in [
            "— 1 —",
            "—1—",
            "— 2 —",
            "—2—",
            "-1-",
            "-2-",
            "-3-",
            "内部资料",
            "注意保存",
        ] {
            assert!(
                !text.contains(furniture),
                "{name} keeps {furniture:?}:\n{text}"
            );
        }
        assert!(text.trim_end().ends_with("印发"), "{name}:\n{text}");
    }
}

#[test]
fn full_width_digits_of_a_gbk_coded_pdf_are_kept_as_written() {
    let text = read(GONGWEN_GBK_PDF, "公文GBK.pdf", &programs())
        .unwrap()
        .text;
    assert!(
        text.starts_with("青川市科学技术局党组会议纪要\n〔２０２６〕第７号\n"),
        "{text}"
    );
    assert!(!text.contains("2026"), "{text}");
}

#[test]
fn a_paragraph_running_over_a_page_break_goes_on_as_one_paragraph() {
    // The words' places join the lines the typesetting wrapped, across the page break too.
    let text = read(GONGWEN_PDF, "公文.pdf", &programs()).unwrap().text;
    assert!(
        text.contains("于6月30日前完成建设方案并报局党组审定。\n"),
        "{text}"
    );
}

#[test]
fn a_word_97_table_is_laid_out_as_rows_of_tab_separated_cells() {
    let decoded = read(DOC, "纪要.doc", &programs()).unwrap();
    assert!(decoded.text.contains(
        "序号\t任务\t牵头单位\t完成时限\n1\t组织科技成果转化对接会\t成果转化处\t2026年5月31日前\n"
    ));
    assert_eq!(decoded.tables.len(), 1);
    let rows = &decoded.tables[0].rows;
    assert_eq!(rows.len(), 3);
    let cells: Vec<&str> = rows[2].cells.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        cells,
        [
            "2",
            "开展科研诚信专项检查",
            "监督与诚信建设处",
            "2026年9月30日前"
        ]
    );
    let line: String = decoded
        .text
        .chars()
        .skip(rows[2].span.0)
        .take(rows[2].span.1 - rows[2].span.0)
        .collect();
    assert_eq!(line, cells.join("\t"));
}

#[test]
fn a_word_97_file_named_wps_is_read_as_wps() {
    let decoded = read(DOC, "纪要.wps", &programs()).unwrap();
    assert_eq!(decoded.format, SourceFormat::Wps);
}

#[test]
fn a_wps_file_that_is_not_a_word_97_file_is_refused_as_old_wps() {
    let old = b"\x00\x01WPS\x00\x00\xff\xfe\x00\x10\x00\x00\x00\x00\x00\x00\x01\x02\x03".repeat(40);
    assert_eq!(
        error_of(&old, "旧文件.wps"),
        DecodeError::Unsupported(OtherFormat::OldWps)
    );
}

#[test]
fn an_excel_97_workbook_is_left_to_the_spreadsheet_reader() {
    let decoded = read(XLS, "任务表.xls", &programs()).unwrap();
    assert_eq!(decoded.format, SourceFormat::Xls);
    assert!(!decoded.tables.is_empty(), "its sheet is a table");
}

#[test]
fn a_password_protected_pdf_is_refused_as_encrypted() {
    assert_eq!(
        error_of(ENCRYPTED_PDF, "加密.pdf"),
        DecodeError::PdfEncrypted
    );
}

#[test]
fn a_pdf_locked_only_against_copying_is_read() {
    let decoded = read(COPY_LOCKED_PDF, "限制复制.pdf", &programs()).unwrap();
    assert!(decoded.text.contains("会议决定"));
}

#[test]
fn a_truncated_pdf_is_refused_as_damaged() {
    assert!(
        matches!(
            error_of(DAMAGED_PDF, "损坏.pdf"),
            DecodeError::PdfDamaged(_)
        ),
        "{:?}",
        error_of(DAMAGED_PDF, "损坏.pdf")
    );
}

#[test]
fn a_pdf_without_a_text_layer_whose_pages_hold_no_writing_is_refused_as_having_no_text() {
    // Ruled lines and a circle: OCR, where installed, finds only strokes.
    assert_eq!(error_of(SCANNED_PDF, "扫描件.pdf"), DecodeError::PdfNoText);
}

#[test]
fn a_damaged_word_97_container_is_refused_as_a_bad_doc() {
    assert!(matches!(
        error_of(&DOC[..1500], "纪要.doc"),
        DecodeError::BadDoc(_)
    ));
}

#[test]
fn a_missing_reader_program_names_the_debian_package_to_install() {
    // Arrange
    let mut programs = programs();
    programs.pdfinfo = "/nonexistent/pdfinfo".into();
    programs.antiword = "/nonexistent/antiword".into();

    // Act
    let pdf = read(GONGWEN_PDF, "公文.pdf", &programs).unwrap_err();
    let doc = read(DOC, "纪要.doc", &programs).unwrap_err();

    // Assert
    assert_eq!(
        pdf.to_string(),
        "reading PDF needs /nonexistent/pdfinfo, which is not installed (Debian package poppler-utils)"
    );
    assert!(
        matches!(
            doc,
            DecodeError::ProgramMissing {
                package: "antiword",
                ..
            }
        ),
        "{doc:?}"
    );
}

/// An executable script in `dir` standing in for a reader.
fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[test]
fn a_pdftotext_without_the_chinese_cmaps_names_poppler_data_instead_of_losing_the_text() {
    // Arrange: what pdftotext does without poppler-data: complains, drops the characters,
    // succeeds.
    let dir = tempfile::tempdir().unwrap();
    let mut programs = programs();
    programs.pdftotext = script(
        dir.path(),
        "pdftotext",
        "echo \"Syntax Error: Missing language pack for 'Adobe-GB1' mapping\" >&2\n\
         printf '2026 3 12\\f'",
    );

    // Act
    let e = read(GONGWEN_PDF, "公文.pdf", &programs).unwrap_err();

    // Assert
    assert!(
        matches!(
            e,
            DecodeError::ProgramMissing {
                package: "poppler-data",
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("Debian package poppler-data"), "{e}");
}

#[test]
fn the_time_limit_kills_a_reader_and_everything_it_started() {
    // Arrange: `sh` starts a grandchild (a long `sleep`) and records its pid beside the
    // workspace, then sleeps itself.
    let root = tempfile::tempdir().unwrap();
    let mut fence = programs_in(root.path()).fence;
    fence.time_limit = Duration::from_millis(500);
    let workspace = Workspace::new(&fence, b"", "input").unwrap();

    // Act
    let started = Instant::now();
    let result = workspace.run(
        Path::new("sh"),
        &["-c", "sleep 300 & echo $! > ../grandchild.pid; sleep 300"],
    );

    // Assert
    assert!(matches!(result, Err(RunError::TimedOut(_))), "{result:?}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    let pid = std::fs::read_to_string(root.path().join("grandchild.pid")).unwrap();
    // SIGKILL is delivered at once, but the process takes a moment to be gone.
    let gone = || {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", pid.trim()));
        let stat = stat.unwrap_or_default();
        let state = stat
            .rsplit(')')
            .next()
            .unwrap_or("")
            .split_whitespace()
            .next();
        matches!(state, None | Some("Z" | "X"))
    };
    let waited = Instant::now();
    while !gone() && waited.elapsed() < Duration::from_secs(2) {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(gone(), "the grandchild {pid} lives on");
}

#[test]
fn a_pdf_reader_past_the_time_limit_is_reported_with_the_limit() {
    // Arrange: a "pdfinfo" that hangs.
    let dir = tempfile::tempdir().unwrap();
    let mut programs = programs();
    programs.fence.time_limit = Duration::from_secs(1);
    programs.pdfinfo = script(dir.path(), "pdfinfo", "exec sleep 30");

    // Act
    let e = read(GONGWEN_PDF, "公文.pdf", &programs).unwrap_err();

    // Assert
    assert_eq!(e, DecodeError::TimedOut(1));
}

#[test]
fn the_temporary_directory_is_gone_after_reading_and_after_a_timeout() {
    // Arrange
    let root = tempfile::tempdir().unwrap();
    let programs = programs_in(root.path());

    // Act
    read(GONGWEN_PDF, "公文.pdf", &programs).unwrap();
    read(DOC, "纪要.doc", &programs).unwrap();
    read(ENCRYPTED_PDF, "加密.pdf", &programs).unwrap_err();
    let mut fence = programs.fence.clone();
    fence.time_limit = Duration::from_millis(200);
    {
        let workspace = Workspace::new(&fence, b"x", "input").unwrap();
        assert_eq!(
            entries(root.path()).len(),
            1,
            "the workspace exists while it runs"
        );
        let result = workspace.run(Path::new("sleep"), &["30"]);
        assert!(matches!(result, Err(RunError::TimedOut(_))), "{result:?}");
    }

    // Assert
    assert_eq!(entries(root.path()), Vec::<PathBuf>::new());
}

#[test]
fn a_reader_gets_no_environment_but_path_lang_home_and_a_thread_limit() {
    let root = tempfile::tempdir().unwrap();
    let fence = programs_in(root.path()).fence;
    // (cargo test runs with CARGO_*, HOME, USER and more set: none of them pass.)
    let workspace = Workspace::new(&fence, b"", "input").unwrap();
    let out = workspace.run(Path::new("env"), &[]).unwrap();
    let mut names: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_once('=').map(|(k, _)| k.to_owned()))
        .collect();
    names.sort();
    assert_eq!(names, ["HOME", "LANG", "OMP_THREAD_LIMIT", "PATH"]);
}

#[test]
fn a_reader_cannot_connect_to_a_loopback_listener_when_isolation_is_available() {
    // Arrange
    let Some(isolation) = probe_isolation(None) else {
        eprintln!("network namespaces are not available here: nothing to check");
        return;
    };
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let connect = format!(
        "exec 3<>/dev/tcp/127.0.0.1/{}",
        listener.local_addr().unwrap().port()
    );
    let root = tempfile::tempdir().unwrap();
    let mut fence = Fence {
        time_limit: Duration::from_secs(10),
        output_limit: 4096,
        limits: None,
        isolation: None,
        temp_root: Some(root.path().to_owned()),
    };

    // Act: the same connection without, then with the fence's network namespace.
    let open = Workspace::new(&fence, b"", "input")
        .unwrap()
        .run(Path::new("bash"), &["-c", &connect])
        .unwrap();
    let reached_without = listener.accept().is_ok();
    fence.isolation = Some(isolation);
    let fenced = Workspace::new(&fence, b"", "input")
        .unwrap()
        .run(Path::new("bash"), &["-c", &connect])
        .unwrap();
    std::thread::sleep(Duration::from_millis(100));
    let reached_with = listener.accept().is_ok();

    // Assert
    assert!(
        open.success() && reached_without,
        "the check itself can connect"
    );
    assert!(!fenced.success(), "{}", fenced.stderr);
    assert!(!reached_with);
}

#[test]
fn duban_extract_prints_the_source_format_and_the_decoded_text() {
    let pdf = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats/gongwen.pdf");
    let json = std::process::Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(["extract", "--json"])
        .arg(&pdf)
        .output()
        .unwrap();
    assert!(
        json.status.success(),
        "{}",
        String::from_utf8_lossy(&json.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["source_format"], "pdf");
    assert_eq!(report["encoding"], "UTF-8");

    let text = std::process::Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(["extract", "--text"])
        .arg(&pdf)
        .output()
        .unwrap();
    let expected = read(GONGWEN_PDF, "gongwen.pdf", &programs()).unwrap().text;
    assert_eq!(String::from_utf8(text.stdout).unwrap(), expected);
}

#[test]
fn a_reader_that_writes_without_end_is_stopped_at_the_output_limit() {
    let root = tempfile::tempdir().unwrap();
    let mut fence = programs_in(root.path()).fence;
    fence.output_limit = 1 << 20;

    let started = Instant::now();
    let result = Workspace::new(&fence, b"", "input")
        .unwrap()
        .run(Path::new("yes"), &["会议决定"]);

    assert!(
        matches!(result, Err(RunError::OutputTooLarge)),
        "{result:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn a_reader_runs_with_bounded_memory_and_no_core_files_where_prlimit_works() {
    let root = tempfile::tempdir().unwrap();
    let fence = programs_in(root.path()).fence;
    if fence.limits.is_none() {
        eprintln!("prlimit does not work here: nothing to check");
        return;
    }
    let out = Workspace::new(&fence, b"", "input")
        .unwrap()
        .run(Path::new("cat"), &["/proc/self/limits"])
        .unwrap();
    let limits = String::from_utf8(out.stdout).unwrap();
    let soft = |name: &str| {
        let line = limits.lines().find(|l| l.starts_with(name)).unwrap();
        line[name.len()..]
            .split_whitespace()
            .next()
            .unwrap()
            .to_owned()
    };
    assert_eq!(soft("Max address space"), MEMORY_LIMIT_BYTES.to_string());
    assert_eq!(soft("Max core file size"), "0");
}

#[test]
fn a_password_protected_docx_is_refused_as_encrypted_not_read_as_a_doc() {
    let docx = include_bytes!("fixtures/formats/encrypted.docx");
    assert_eq!(
        error_of(docx, "加密.docx"),
        DecodeError::Unsupported(OtherFormat::EncryptedOffice)
    );
}

/// A Word 97 file saved behind a password (LibreOffice, RC4): antiword refuses it, and
/// the clerk is told to save a copy without the password; nothing of it is read.
#[test]
fn a_password_protected_doc_is_refused_as_encrypted() {
    let doc = include_bytes!("fixtures/formats/encrypted.doc");
    for name in ["加密.doc", "加密.wps", "upload"] {
        let e = error_of(doc, name);
        assert_eq!(
            e,
            DecodeError::Unsupported(OtherFormat::EncryptedOffice),
            "{name}"
        );
        assert!(e.to_string().contains("without the password"), "{e}");
    }
}

#[tokio::test]
async fn a_clerk_uploads_a_pdf_and_a_doc_and_is_told_in_chinese_why_a_locked_pdf_is_refused() {
    // Arrange
    let app = spawn_app().await;
    app.add_user(
        "office",
        duban::domain::Role::Secretariat,
        Some("党委办公室"),
    )
    .await;
    let office = app.browser("office").await;

    // Act
    let mut statuses = Vec::new();
    for (name, bytes) in [("公文.pdf", GONGWEN_PDF), ("纪要.doc", DOC)] {
        let response = office
            .post_multipart(
                "/documents/import",
                &[],
                vec![("file", name, bytes.to_vec())],
            )
            .await;
        statuses.push(response.status());
    }
    let locked = office
        .post_multipart(
            "/documents/import",
            &[],
            vec![("file", "加密.pdf", ENCRYPTED_PDF.to_vec())],
        )
        .await;
    let locked_status = locked.status();
    let page = locked.text().await.unwrap();

    // Assert
    assert_eq!(statuses, [reqwest::StatusCode::SEE_OTHER; 2]);
    let formats: Vec<(String,)> = sqlx::query_as("SELECT source_format FROM documents ORDER BY id")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(formats, [("pdf".to_owned(),), ("doc".to_owned(),)]);
    assert_eq!(locked_status, reqwest::StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("无法导入：PDF 文件设有打开密码"), "{page}");
}

#[test]
fn truncated_and_garbled_pdf_and_word_files_are_refused_or_read_never_a_panic() {
    let root = tempfile::tempdir().unwrap();
    let programs = programs_in(root.path());
    for (name, original) in [("纪要.doc", DOC), ("公文.pdf", GONGWEN_PDF)] {
        for eighth in 1..8 {
            let cut = &original[..original.len() * eighth / 8];
            let mut garbled = original.to_vec();
            for i in (original.len() * eighth / 8..original.len()).step_by(13) {
                garbled[i] ^= 0x5A;
            }
            for bytes in [cut, garbled.as_slice()] {
                match read(bytes, name, &programs) {
                    Ok(d) => assert!(!d.text.trim().is_empty()),
                    Err(e) => assert!(!e.to_string().is_empty()),
                }
            }
        }
    }
    assert_eq!(entries(root.path()), Vec::<PathBuf>::new());
}

#[test]
fn without_tesseract_a_scan_is_refused_as_having_no_text_layer() {
    let mut programs = programs();
    programs.tesseract = "/nonexistent/tesseract".into();

    let e = read(SCANNED_MINUTES_PDF, "扫描件.pdf", &programs).unwrap_err();

    assert_eq!(e, DecodeError::PdfNoText);
    assert_eq!(
        e.to_string(),
        "the PDF has no text layer (a scan?); OCR needed"
    );
}

#[tokio::test]
async fn the_review_page_of_a_scanned_pdf_says_its_text_came_from_ocr_and_must_be_checked() {
    // Arrange
    let app = spawn_app().await;
    app.add_user(
        "office",
        duban::domain::Role::Secretariat,
        Some("党委办公室"),
    )
    .await;
    let office = app.browser("office").await;
    let warning = "经文字识别（OCR）得到，可能有错字";

    // Act
    let mut pages = Vec::new();
    for (name, bytes) in [
        ("扫描件.pdf", SCANNED_MINUTES_PDF),
        ("公文.pdf", GONGWEN_PDF),
    ] {
        let response = office
            .post_multipart(
                "/documents/import",
                &[],
                vec![("file", name, bytes.to_vec())],
            )
            .await;
        assert_eq!(response.status(), reqwest::StatusCode::SEE_OTHER, "{name}");
        let review = response.headers()["location"].to_str().unwrap().to_owned();
        pages.push(office.get_html(&review).await);
    }

    // Assert
    assert!(pages[0].contains(warning), "the scan's review warns");
    assert!(
        pages[0].contains("PDF（扫描件，文字识别）"),
        "its format is shown"
    );
    assert!(!pages[1].contains(warning), "a text PDF's review does not");
}

#[test]
fn an_image_in_which_ocr_finds_no_writing_is_refused_as_having_no_text() {
    assert_eq!(error_of(DRAWING_PNG, "扫描.png"), DecodeError::ImageNoText);
}

/// The rows of the one table of a decoded PDF, as the texts of their cells.
fn table_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let decoded = read(bytes, "分工表.pdf", &programs()).unwrap();
    assert_eq!(decoded.tables.len(), 1, "{}", decoded.text);
    decoded.tables[0]
        .rows
        .iter()
        .map(|r| r.cells.iter().map(|c| c.text.clone()).collect())
        .collect()
}

/// The row whose first cell (序号) is `number`.
fn task_row<'a>(rows: &'a [Vec<String>], number: &str) -> &'a [String] {
    rows.iter()
        .find(|r| r[0] == number)
        .unwrap_or_else(|| panic!("no row {number}: {rows:?}"))
}

const ALLOCATION_PDFS: [(&str, &[u8]); 3] = [
    ("LibreOffice", ALLOCATION_WORD_PDF),
    ("reportlab", ALLOCATION_REPORTLAB_PDF),
    (
        "reportlab, cells centred vertically",
        ALLOCATION_CENTRED_PDF,
    ),
];

#[test]
fn a_task_allocation_table_in_a_pdf_comes_out_one_row_per_task_with_its_cells() {
    for (name, bytes) in ALLOCATION_PDFS {
        let rows = table_rows(bytes);
        assert_eq!(
            rows[0],
            ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"],
            "{name}"
        );
        let numbers: Vec<&str> = rows
            .iter()
            .map(|r| r[0].as_str())
            .filter(|n| n.parse::<u32>().is_ok())
            .collect();
        let expected: Vec<String> = (1..=16).map(|n| n.to_string()).collect();
        assert_eq!(numbers, expected, "{name}: one row per task, in order");
        assert_eq!(
            task_row(&rows, "2"),
            [
                "2",
                "完善企业开办全程网办",
                "市市场监管局",
                "市公安局、市税务局",
                "2026年4月30日前"
            ],
            "{name}"
        );
        assert_eq!(
            task_row(&rows, "11"),
            [
                "11",
                "加强重点企业用工服务",
                "市人力资源社会保障局",
                "市总工会",
                "每季度末"
            ],
            "{name}: cells wrapped in narrow columns are whole"
        );
        assert_eq!(
            task_row(&rows, "16"),
            [
                "16",
                "健全中小企业账款清偿机制",
                "市经济和信息化局",
                "市财政局、市国资委",
                "2026年9月30日前"
            ],
            "{name}: the last row, on the second page"
        );
    }
}

#[test]
fn a_task_cell_wrapped_over_several_lines_of_a_pdf_is_one_cell() {
    for (name, bytes) in ALLOCATION_PDFS {
        let rows = table_rows(bytes);
        assert_eq!(
            task_row(&rows, "1")[1],
            "推进“一件事一次办”改革，年内新增高频事项集成套餐服务二十项以上，实现线上线下同标准办理",
            "{name}"
        );
    }
}

#[test]
fn the_header_a_pdf_repeats_on_its_second_page_is_read_once() {
    for (name, bytes) in ALLOCATION_PDFS {
        let rows = table_rows(bytes);
        let headers = rows.iter().filter(|r| r[0] == "序号").count();
        assert_eq!(headers, 1, "{name}: {rows:?}");
    }
}

#[test]
fn a_category_row_across_a_pdf_table_is_one_cell_spread_from_the_left() {
    for (name, bytes) in ALLOCATION_PDFS {
        let decoded = read(bytes, "分工表.pdf", &programs()).unwrap();
        let row = decoded.tables[0]
            .rows
            .iter()
            .find(|r| r.cells[0].text == "二、强化要素保障")
            .unwrap_or_else(|| panic!("{name}: no category row"));
        assert!(
            row.cells[1..]
                .iter()
                .all(|c| c.merged == duban::extract::decode::table::Merged::FromLeft),
            "{name}: {row:?}"
        );
    }
}

/// The category rows of a task table (一、提升政务服务效能 across it) are the document's
/// sections, in text order with its headings, and each task is in the one it stands
/// under; the paragraph after the table is in none.
#[test]
fn the_category_rows_of_a_task_table_are_sections_holding_their_tasks() {
    for (name, bytes) in ALLOCATION_PDFS {
        let decoded = read(bytes, "分工表.pdf", &programs()).unwrap();
        let ex = duban::extract::extract_decoded(&decoded, &DocContext::default());
        let titles: Vec<(u32, &str)> = ex
            .sections
            .iter()
            .map(|s| (s.ordinal, s.title.as_str()))
            .collect();
        assert_eq!(
            titles,
            [(1, "一、提升政务服务效能"), (2, "二、强化要素保障")],
            "{name}"
        );
        let in_section = |n: u32| {
            ex.items
                .iter()
                .filter(|i| i.row.is_some() && i.section == Some(n))
                .count()
        };
        assert_eq!((in_section(1), in_section(2)), (8, 8), "{name}");
        let last = ex.items.last().unwrap();
        assert!(
            last.row.is_none() && last.section.is_none(),
            "{name}: {last:?}"
        );
    }
}

/// A lead unit merged down three rows is printed once: LibreOffice puts it in the first
/// row, reportlab (centred) half-way down the block. The table's rulings show the block,
/// so the unit leads each of the three tasks.
#[test]
fn a_lead_unit_merged_down_rows_of_a_pdf_leads_every_row_it_spans() {
    for (name, bytes) in ALLOCATION_PDFS {
        let rows = table_rows(bytes);
        for number in ["2", "3", "4"] {
            assert_eq!(
                task_row(&rows, number)[2],
                "市市场监管局",
                "{name}: row {number}"
            );
        }
        assert_eq!(
            task_row(&rows, "4")[3],
            "市发展改革委",
            "{name}: its own co-owner"
        );
        assert_eq!(
            task_row(&rows, "5")[2],
            "市发展改革委",
            "{name}: the block ends"
        );
        let decoded = read(bytes, "分工表.pdf", &programs()).unwrap();
        let tasks = items_in(&decoded);
        let led = tasks
            .iter()
            .filter(|(_, owners, _, _)| owners == &["市市场监管局"])
            .count();
        assert_eq!(led, 3, "{name}: {tasks:?}");
    }
}

/// A 任务分工表 of 200 tasks, written in Word's way (python-docx: category rows merged
/// across, lead units merged down runs of rows, rows allowed to break across pages) and
/// printed to 23 pages by LibreOffice: page breaks cut rows in two and merged lead units in
/// two, and print neither the 序号 nor the unit again. The PDF gives the same tasks as
/// the .docx, to the character. (The benchmark's documents: `bench/formats/make.py`.)
#[test]
fn a_long_task_table_cut_by_page_breaks_gives_from_its_pdf_the_tasks_of_its_docx() {
    let pdf = read(
        include_bytes!("../bench/formats/task-table-200.pdf"),
        "分工表.pdf",
        &programs(),
    )
    .unwrap();
    let docx = read(
        include_bytes!("../bench/formats/task-table-200.docx"),
        "分工表.docx",
        &programs(),
    )
    .unwrap();
    type Task = (String, Vec<String>, Vec<String>, Option<String>);
    let tasks = |decoded: &duban::extract::Decoded| -> Vec<Task> {
        let ex = duban::extract::extract_decoded(decoded, &DocContext::default());
        ex.items
            .into_iter()
            .map(|i| (i.text, i.owners, i.co_owners, i.due.map(|d| d.to_string())))
            .collect()
    };
    let (from_pdf, from_docx) = (tasks(&pdf), tasks(&docx));
    assert_eq!(from_docx.len(), 200);
    assert_eq!(from_pdf, from_docx);
}

/// Word 97 keeps a lead unit merged down rows in the first row and leaves the cells below
/// empty; antiword does not say they are merged. A task table must name each task's lead
/// unit and deadline, so there an empty cell under a filled one is read as merged; an
/// empty 配合单位 stays empty. The .doc gives the tasks of the PDF printed from the same
/// .docx.
#[test]
fn a_word_97_task_table_gives_each_row_the_lead_unit_merged_down_to_it() {
    let doc = read(
        include_bytes!("fixtures/formats/allocation-word.doc"),
        "分工表.doc",
        &programs(),
    )
    .unwrap();
    let pdf = read(ALLOCATION_WORD_PDF, "分工表.pdf", &programs()).unwrap();
    let tasks = items_in(&doc);
    let led = tasks
        .iter()
        .filter(|(_, owners, _, _)| owners == &["市市场监管局"])
        .count();
    assert_eq!(led, 3, "{tasks:?}");
    assert_eq!(tasks, items_in(&pdf));
}

/// Without the program that draws the rulings the table is read from its aligned columns
/// alone: nothing then tells a merged block from cells left empty, and the unit stays in
/// the row it is printed in rather than an owner being guessed for the others (an empty
/// 配合单位 cell is common, and filling it from above would make a unit co-owner of tasks
/// it has nothing to do with).
#[test]
fn without_the_rulings_a_merged_lead_unit_stays_in_the_row_it_is_printed_in() {
    let mut programs = programs();
    programs.pdftocairo = "duban-no-such-program".into();
    let decoded = read(ALLOCATION_WORD_PDF, "分工表.pdf", &programs).unwrap();
    let rows: Vec<Vec<String>> = decoded.tables[0]
        .rows
        .iter()
        .map(|r| r.cells.iter().map(|c| c.text.clone()).collect())
        .collect();
    assert_eq!(task_row(&rows, "2")[2], "市市场监管局");
    assert_eq!(task_row(&rows, "3")[2], "");
    assert_eq!(task_row(&rows, "4")[2], "");
    assert_eq!(
        task_row(&rows, "16")[2],
        "市经济和信息化局",
        "the rest is read"
    );
}

#[test]
fn running_text_of_a_pdf_is_not_taken_for_a_table() {
    for (name, bytes) in ALLOCATION_PDFS {
        let decoded = read(bytes, "分工表.pdf", &programs()).unwrap();
        let paragraph =
            "为持续优化营商环境，激发市场主体活力，经市政府同意，现将2026年优化营商环境\
                         重点任务分工印发给你们，请结合实际认真抓好落实。";
        let line = decoded
            .text
            .lines()
            .find(|l| l.starts_with("为持续优化营商环境"))
            .unwrap_or_else(|| panic!("{name}: {}", decoded.text));
        assert!(
            line.replace(' ', "").starts_with(paragraph),
            "{name}: the paragraph is one line: {line}"
        );
        assert!(!line.contains('\t'), "{name}");
        let cells = decoded
            .tables
            .iter()
            .flat_map(|t| &t.rows)
            .flat_map(|r| &r.cells);
        assert!(
            cells.clone().all(|c| !c.text.contains("持续优化营商环境")
                && !c.text.contains("青川市人民政府办公室")),
            "{name}"
        );
    }
    // The minutes: their paragraphs stay text, their task table is the only table.
    let decoded = read(GONGWEN_PDF, "公文.pdf", &programs()).unwrap();
    assert_eq!(decoded.tables.len(), 1, "{}", decoded.text);
    assert_eq!(decoded.tables[0].rows.len(), 3);
    assert_eq!(decoded.tables[0].rows[1].cells[2].text, "成果转化处");
}

/// The real pdftotext, found on this process's `PATH` (children run with a cleared one).
fn real_pdftotext() -> String {
    let out = std::process::Command::new("sh")
        .args(["-c", "command -v pdftotext"])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

#[test]
fn a_pdf_whose_word_boxes_cannot_be_read_is_read_as_plain_text() {
    // Arrange: a pdftotext whose -bbox mode fails (crashing, or writing broken XML) while
    // the plain one works.
    let real = real_pdftotext();
    let dir = tempfile::tempdir().unwrap();
    for failing in [
        "echo 'Segmentation fault' >&2; exit 139",
        "echo '<doc><page><word xMin='; exit 0",
    ] {
        let mut programs = programs();
        programs.pdftotext = script(
            dir.path(),
            "pdftotext",
            &format!("if [ \"$1\" = -bbox ]; then {failing}; fi\nexec {real} \"$@\""),
        );

        // Act
        let decoded = read(GONGWEN_PDF, "公文.pdf", &programs).unwrap();

        // Assert: the plain reading, lines as pdftotext cut them, tables as cell lines.
        assert!(decoded.text.contains("审定\n。"), "{}", decoded.text);
        assert!(decoded.tables.is_empty());
        assert_eq!(
            items_of(&decoded.text),
            items_of(std::str::from_utf8(TXT).unwrap()),
            "{failing}"
        );
    }
}

/// With cells centred vertically a row's one-line cells stand on the middle line of its
/// wrapped ones; the rulings part the rows. The lead unit merged down rows 2 to 4 is
/// printed once, centred, in the gap between rows 2 and 3: it leads all three.
#[test]
fn rows_of_a_pdf_table_whose_cells_are_centred_vertically_come_out_whole() {
    let rows = table_rows(ALLOCATION_CENTRED_PDF);
    assert_eq!(
        rows[0],
        ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"]
    );
    assert_eq!(rows.iter().filter(|r| r[0] == "序号").count(), 1);
    assert_eq!(
        task_row(&rows, "1")[1],
        "推进“一件事一次办”改革，年内新增高频事项集成套餐服务二十项以上，实现线上线下同标准办理"
    );
    for (number, lead, due) in [
        ("5", "市发展改革委", "2026年8月31日前"),
        ("6", "市住房城乡建设局", "2026年7月底前"),
        ("11", "市人力资源社会保障局", "每季度末"),
        ("12", "市自然资源局", "2026年11月底前"),
        ("16", "市经济和信息化局", "2026年9月30日前"),
    ] {
        let row = task_row(&rows, number);
        assert_eq!((row[2].as_str(), row[4].as_str()), (lead, due), "{row:?}");
    }
    assert_eq!(task_row(&rows, "16")[3], "市财政局、市国资委");
    let block: Vec<[&str; 3]> = ["2", "3", "4"]
        .iter()
        .map(|n| {
            let r = task_row(&rows, n);
            [r[1].as_str(), r[2].as_str(), r[3].as_str()]
        })
        .collect();
    assert_eq!(
        block,
        [
            ["完善企业开办全程网办", "市市场监管局", "市公安局、市税务局"],
            ["推行证照分离改革全覆盖", "市市场监管局", "市司法局"],
            ["开展涉企经营许可事项清理", "市市场监管局", "市发展改革委"],
        ]
    );
}

#[test]
fn an_ofd_converted_from_a_pdf_loses_the_running_header_on_each_of_its_pages() {
    // easyofd's pdf2ofd puts the 公文's header (内部资料 注意保存) on every page, not in a
    // template.
    let decoded = read(OFD, "纪要.ofd", &programs()).unwrap();

    assert!(!decoded.text.contains("内部资料"), "{}", decoded.text);
    assert!(
        decoded.text.contains("报局党组审定。"),
        "the sentence the page break cut is whole: {}",
        decoded.text
    );
}
