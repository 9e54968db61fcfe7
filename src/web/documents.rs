//! Documents: the list, importing (upload or paste), the review page with every item
//! highlighted in the text, publishing (交办) and adding a missed item.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::csrf::{CsrfProtected, UploadUser, UserForm};
use super::error::{refusal, Error, Result};
use super::multipart::{Limits, MultipartForm, MAX_TOTAL_BYTES};
use super::render::{page, page_with_status, see_other, Chrome};
use super::session::CurrentUser;
use super::views::ItemView;
use super::AppState;
use crate::domain::{
    today_in_china, DocumentId, ItemId, ItemKind, ItemStatus, Level, Recurrence, UnitId,
};
use crate::extract::decode::OtherFormat;
use crate::extract::{DecodeError, MAX_INPUT_BYTES};
use crate::format::{cn_date, cn_date_opt, cn_time};
use crate::import::{import_document, ImportError};
use crate::store::documents::{self, Document, DocumentSummary};
use crate::store::{evidence, items, ledger, outbox};
use crate::workflow::{self, NewItem, WorkflowError};

pub(super) fn require_secretariat(user: &CurrentUser) -> Result<()> {
    if user.role.is_secretariat() {
        Ok(())
    } else {
        Err(Error::NotFound)
    }
}

#[derive(Template)]
#[template(path = "documents/list.html")]
pub struct DocumentListPage {
    pub chrome: Chrome,
    pub documents: Vec<DocumentSummary>,
    pub notice: Option<&'static str>,
}

impl DocumentListPage {
    pub fn date(&self, d: &DocumentSummary) -> String {
        cn_date_opt(d.date)
    }
    pub fn name<'a>(&self, d: &'a DocumentSummary) -> &'a str {
        d.title.as_deref().unwrap_or(&d.file_name)
    }
}

/// GET /documents
pub async fn list(
    user: CurrentUser,
    state: web::Data<AppState>,
    query: web::Query<OkQuery>,
) -> Result<HttpResponse> {
    require_secretariat(&user)?;
    let documents = documents::list_documents(&state.pool, 200, 0).await?;
    page(&DocumentListPage {
        chrome: Chrome::for_user(&user),
        documents,
        // Fixed words only: a link cannot put text on the page.
        notice: (query.ok.as_deref() == Some("deleted")).then_some("文件已删除。"),
    })
}

#[derive(Deserialize)]
pub struct OkQuery {
    ok: Option<String>,
}

#[derive(Template)]
#[template(path = "documents/import.html")]
pub struct ImportPage {
    pub chrome: Chrome,
    pub error: Option<String>,
    pub pasted: String,
}

/// GET /documents/import
pub async fn import_form(user: CurrentUser) -> Result<HttpResponse> {
    require_secretariat(&user)?;
    page(&ImportPage {
        chrome: Chrome::for_user(&user),
        error: None,
        pasted: String::new(),
    })
}

/// POST /documents/import?csrf=… (multipart: a file, or pasted text). Session, token and
/// role are checked before the body is read.
pub async fn import(
    UploadUser(user): UploadUser,
    state: web::Data<AppState>,
    payload: Multipart,
) -> Result<HttpResponse> {
    require_secretariat(&user)?;
    let limits = Limits {
        file_bytes: MAX_INPUT_BYTES,
        total_bytes: MAX_TOTAL_BYTES,
        file_too_large: "文件超过 10 MB，无法导入。",
        total_too_large: "一次上传的文件总量不能超过 100 MB。",
    };
    let form = match MultipartForm::read(payload, &limits).await {
        Ok(f) => f,
        Err(Error::Invalid(msg)) => return import_failed(&user, msg, String::new()),
        Err(e) => return Err(e),
    };
    let pasted = form.text("text").trim().to_owned();
    let (name, bytes) = match form.files.into_iter().find(|f| !f.bytes.is_empty()) {
        Some(file) => (file.file_name, file.bytes),
        None if !pasted.is_empty() => ("粘贴的文本.txt".to_owned(), pasted.clone().into_bytes()),
        None => return import_failed(&user, "请选择要导入的文件，或粘贴文件内容。".into(), pasted),
    };
    match import_document(
        &state.pool,
        &name,
        &bytes,
        Some(user.user_id),
        Some(today_in_china()),
    )
    .await
    {
        Ok(imported) => {
            let to = format!("/documents/{}", imported.document_id());
            Ok(see_other(to))
        }
        Err(ImportError::Unreadable(e)) => import_failed(&user, unreadable_message(&e), pasted),
        Err(ImportError::TooManyItems { items }) => {
            import_failed(&user, too_many_items_message(items), pasted)
        }
        Err(ImportError::Database(e)) => Err(e.into()),
        Err(e @ ImportError::Crashed(_)) => Err(anyhow::Error::from(e).into()),
    }
}

fn import_failed(user: &CurrentUser, message: String, pasted: String) -> Result<HttpResponse> {
    let body = ImportPage {
        chrome: Chrome::for_user(user),
        error: Some(message),
        pasted,
    }
    .render()?;
    Ok(HttpResponse::build(StatusCode::UNPROCESSABLE_ENTITY)
        .content_type("text/html; charset=utf-8")
        .body(body))
}

/// Why a file could not be read, for the clerk.
pub fn unreadable_message(e: &DecodeError) -> String {
    let reason = match e {
        DecodeError::Empty => "文件是空的，没有可读取的文字".to_owned(),
        DecodeError::TooLarge(_) => "文件超过 10 MB".to_owned(),
        DecodeError::TextTooLarge => {
            "文件解压或解码后的文字超过 4 MB，远超任何一份纪要或通知的篇幅".to_owned()
        }
        DecodeError::Binary => "这不是文本文件，也不是可识别的文档格式".to_owned(),
        DecodeError::Unsupported(OtherFormat::EncryptedOffice) => {
            "文件设有打开密码，请在 Word 或 WPS 中取消密码后另存再导入".to_owned()
        }
        DecodeError::Unsupported(OtherFormat::OldWps) => {
            "这是旧版 WPS 格式的 .wps 文件，请在 WPS 中另存为 .docx 或 .doc 后导入".to_owned()
        }
        DecodeError::Unsupported(kind) => {
            format!(
                "暂不支持这种格式（{}），请另存为 .docx、.pdf 或 .txt 后导入",
                other_format_name(*kind)
            )
        }
        DecodeError::UnknownEncoding => {
            "无法识别文字编码（支持 UTF-8、GBK/GB18030 和带 BOM 的 UTF-16）".to_owned()
        }
        DecodeError::HtmlTooDeep => "网页结构异常，无法读取".to_owned(),
        DecodeError::BadDocx(_) => ".docx 文件已损坏，无法读取".to_owned(),
        DecodeError::BadOfd(_) => ".ofd 文件已损坏，无法读取".to_owned(),
        DecodeError::BadSpreadsheet(_) => "表格文件（.xlsx/.xls/.et）已损坏，无法读取".to_owned(),
        DecodeError::PdfEncrypted => "PDF 文件设有打开密码，请取消密码后另存再导入".to_owned(),
        DecodeError::PdfDamaged(_) => "PDF 文件已损坏或不完整，无法读取".to_owned(),
        DecodeError::PdfNoText => "PDF 中没有文字层（可能是扫描件），文字识别（OCR）也未读出文字；\
             请导入原始的 Word 文件或文字版 PDF"
            .to_owned(),
        DecodeError::ImageNoText => {
            "图片中没有识别出文字；请上传清晰的扫描件或照片（正对纸面、光线均匀），\
             或导入原始的 Word 文件"
                .to_owned()
        }
        DecodeError::BadDoc(_) => "Word 97-2003 文件已损坏或无法识别，无法读取".to_owned(),
        // The program's name may be a description in English ("the Chinese CMaps"): the
        // package says what to install.
        DecodeError::ProgramMissing { package, .. } => {
            format!("服务器缺少读取这种格式所需的软件，请联系管理员安装 Debian 软件包 {package}")
        }
        DecodeError::TimedOut(seconds) => {
            format!("读取文件超过 {seconds} 秒仍未完成，已停止")
        }
        DecodeError::ProgramFailed { .. } => "读取文件时出错".to_owned(),
    };
    format!("无法导入：{reason}。未保存任何内容。")
}

/// A format duban does not read, as the clerk knows it.
fn other_format_name(kind: OtherFormat) -> &'static str {
    match kind {
        OtherFormat::Pdf => "PDF",
        OtherFormat::Image => "图片",
        OtherFormat::LegacyOffice => "旧版 Office 文件，如 .xls、.ppt",
        OtherFormat::EncryptedOffice => "设有密码的 Office 文件",
        OtherFormat::OtherOffice => "Word 以外的 Office 文件，如 .xlsx、.pptx、.odt",
        OtherFormat::Archive => "压缩包",
        OtherFormat::Rtf => "RTF 文档",
        OtherFormat::OldWps => "旧版 WPS 文件",
    }
}

/// Why a document with too many items was refused, for the clerk.
pub fn too_many_items_message(items: usize) -> String {
    format!(
        "无法导入：从这份文件中识别出 {items} 项督办事项，超过单份文件 {} 项的上限。\
         请拆分文件后分别导入。未保存任何内容。",
        crate::import::MAX_ITEMS_PER_DOCUMENT
    )
}

#[derive(Template)]
#[template(path = "documents/review.html")]
pub struct ReviewPage {
    pub chrome: Chrome,
    pub document: Document,
    pub segments: Vec<Segment>,
    pub items: Vec<ItemView>,
    pub units: Vec<(UnitId, String)>,
    pub review: bool,
    pub error: Option<String>,
    /// The item just saved, to confirm beside its form.
    pub saved: Option<ItemId>,
    /// The ticks of a refused 交办, kept; `None` ticks what the extractor marked trackable.
    pub ticked: Option<Vec<ItemId>>,
    /// Whether 「时限已过，仍然交办」 was ticked in the refused 交办.
    pub past_due_confirmed: bool,
    /// Units of the document's items whose heads nobody would reach.
    pub unreachable: Vec<UnitId>,
    /// What the last 交办 published, and how many heads it told.
    pub published: Option<(Vec<String>, usize)>,
    /// The leaders' directory, offered by the 责任领导 field.
    pub leader_names: Vec<String>,
    /// Owners the drafts' text names that the unit directory lacks.
    pub unknown_names: Vec<String>,
    /// What the last batch action did, for the notice.
    pub done: Option<String>,
}

impl ReviewPage {
    pub fn header_rows(&self) -> Vec<(&'static str, String)> {
        let d = &self.document;
        let mut rows = Vec::new();
        let mut push = |k: &'static str, v: Option<String>| {
            if let Some(v) = v.filter(|v| !v.is_empty()) {
                rows.push((k, v));
            }
        };
        push("文件格式", Some(d.source_format.label().to_owned()));
        push("发文机关", d.org.clone());
        push("文号", d.doc_number.clone());
        push("会议日期", d.meeting_date.map(cn_date));
        push("印发日期", d.issued_date.map(cn_date));
        push("地点", d.place.clone());
        push("主持", d.chair.clone());
        push("出席", Some(d.attendees.join("、")));
        push("列席", Some(d.observers.join("、")));
        push("记录", d.recorder.clone());
        push("签发", d.signer.clone());
        push("导入时间", Some(cn_time(d.imported_at)));
        rows
    }
    pub fn title(&self) -> &str {
        self.document
            .title
            .as_deref()
            .unwrap_or(&self.document.file_name)
    }
    pub fn is_saved(&self, id: &ItemId) -> bool {
        self.saved == Some(*id)
    }
    pub fn drafts(&self) -> usize {
        self.items.iter().filter(|i| i.is_draft()).count()
    }
    /// Whether a draft's deadline has passed, so that 交办 asks for confirmation.
    pub fn any_draft_past_due(&self) -> bool {
        let today = today_in_china();
        self.items
            .iter()
            .any(|v| v.is_draft() && v.item.due_date.is_some_and(|d| d < today))
    }
    pub fn is_ticked(&self, v: &ItemView) -> bool {
        match &self.ticked {
            Some(ticked) => ticked.contains(&v.item.id),
            None => v.item.trackable,
        }
    }
    /// The item's units that would not hear of it, named.
    pub fn unreachable_text(&self, v: &ItemView) -> String {
        let item = &v.item;
        let names: Vec<&str> = (item.lead_unit_ids.iter().zip(&item.lead_units))
            .chain(item.co_unit_ids.iter().zip(&item.co_units))
            .filter(|(id, _)| self.unreachable.contains(id))
            .map(|(_, name)| name.as_str())
            .collect();
        names.join("、")
    }
}

/// A run of the document text, and the items whose spans cover it.
pub struct Segment {
    pub text: String,
    pub item_ids: Vec<ItemId>,
    /// Set on the first segment of an item, where its anchor goes.
    pub anchor: Option<ItemId>,
    pub decision: bool,
}

/// Cuts the text at every span boundary so that overlapping items highlight correctly.
pub fn segments(body: &str, spans: &[(ItemId, usize, usize, bool)]) -> Vec<Segment> {
    let chars: Vec<char> = body.chars().collect();
    let mut cuts: Vec<usize> = vec![0, chars.len()];
    for &(_, s, e, _) in spans {
        cuts.push(s.min(chars.len()));
        cuts.push(e.min(chars.len()));
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut anchored = std::collections::HashSet::new();
    cuts.windows(2)
        .map(|w| {
            let (a, b) = (w[0], w[1]);
            let covering: Vec<&(ItemId, usize, usize, bool)> = spans
                .iter()
                .filter(|(_, s, e, _)| *s <= a && b <= *e)
                .collect();
            let anchor = covering
                .iter()
                .map(|(id, ..)| *id)
                .find(|id| anchored.insert(*id));
            Segment {
                text: chars[a..b].iter().collect(),
                item_ids: covering.iter().map(|(id, ..)| *id).collect(),
                anchor,
                decision: covering.iter().any(|(.., d)| *d),
            }
        })
        .collect()
}

#[derive(Deserialize)]
pub struct SavedQuery {
    saved: Option<ItemId>,
    /// A batch action's name and how many items it touched.
    done: Option<String>,
    n: Option<usize>,
    /// "all" or "none": the ticks to show (全选/全不选 without a script).
    tick: Option<String>,
    /// Ids of the items a 交办 published, comma-separated.
    published: Option<String>,
    notified: Option<usize>,
}

/// GET /documents/{id}: the review page for the secretariat; for others, the text with
/// the items they may see, when they may see at least one.
pub async fn show(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<DocumentId>,
    query: web::Query<SavedQuery>,
) -> Result<HttpResponse> {
    let mut page_data = review_page(&state, &user, path.into_inner(), None).await?;
    page_data.saved = query.saved;
    let n = query.n.unwrap_or(0);
    page_data.done = match query.done.as_deref() {
        Some("dismissed") => Some(format!("已将 {n} 项标为不予督办。")),
        Some("batched") => Some(format!("已为 {n} 项设置。")),
        Some("adopted") => Some(format!("已新建单位，并为 {n} 项选用。")),
        Some("edited") => Some("文件信息已保存。".to_owned()),
        _ => None,
    };
    page_data.ticked = match query.tick.as_deref() {
        Some("all") => Some(page_data.items.iter().map(|v| v.item.id).collect()),
        Some("none") => Some(Vec::new()),
        _ => None,
    };
    if let Some(ids) = &query.published {
        let ids: Vec<ItemId> = ids.split(',').filter_map(|i| i.parse().ok()).collect();
        // Only titles of this document's items: the link cannot put words on the page.
        let titles = page_data
            .items
            .iter()
            .filter(|v| ids.contains(&v.item.id))
            .map(|v| v.item.title.clone())
            .collect();
        page_data.published = Some((titles, query.notified.unwrap_or(0)));
    }
    page(&page_data)
}

pub(super) async fn review_page(
    state: &AppState,
    user: &CurrentUser,
    id: DocumentId,
    error: Option<String>,
) -> Result<ReviewPage> {
    let viewer = user.actor();
    let items = items::list_document_items(&state.pool, &viewer, id).await?;
    let review = user.role.is_secretariat();
    if !review && items.is_empty() {
        return Err(Error::NotFound);
    }
    let document = documents::find_document(&state.pool, id)
        .await?
        .ok_or(Error::NotFound)?;
    let spans: Vec<(ItemId, usize, usize, bool)> = items
        .iter()
        .filter_map(|i| {
            let (s, e) = (i.span_start?, i.span_end?);
            Some((
                i.id,
                usize::try_from(s).ok()?,
                usize::try_from(e).ok()?,
                i.kind == ItemKind::Decision,
            ))
        })
        .collect();
    let today = today_in_china();
    let unknown_names = if review {
        unknown_among(state, &items).await?
    } else {
        Vec::new()
    };
    let leader_names = if review {
        ledger::list_leader_choices(&state.pool)
            .await?
            .into_iter()
            .map(|c| c.label)
            .collect()
    } else {
        Vec::new()
    };
    let unreachable = if review {
        let units: Vec<UnitId> = items
            .iter()
            .flat_map(|i| i.lead_unit_ids.iter().chain(&i.co_unit_ids))
            .copied()
            .collect();
        outbox::list_unreachable_units(&state.pool, &units).await?
    } else {
        Vec::new()
    };
    Ok(ReviewPage {
        chrome: Chrome::for_user(user),
        segments: segments(&document.body, &spans),
        items: items.into_iter().map(|i| ItemView::new(i, today)).collect(),
        units: if review {
            evidence::list_units(&state.pool).await?
        } else {
            Vec::new()
        },
        document,
        review,
        error,
        saved: None,
        ticked: None,
        past_due_confirmed: false,
        unreachable,
        published: None,
        leader_names,
        unknown_names,
        done: None,
    })
}

/// Owners the document's drafts name that the unit directory lacks, in text order.
async fn unknown_among(state: &AppState, items: &[items::Item]) -> sqlx::Result<Vec<String>> {
    let mut named: Vec<String> = Vec::new();
    for item in items.iter().filter(|i| i.status == ItemStatus::Draft) {
        for name in item
            .extracted_owners
            .iter()
            .chain(&item.extracted_co_owners)
        {
            if !named.contains(name) {
                named.push(name.clone());
            }
        }
    }
    let known = items::known_unit_names(&state.pool, &named).await?;
    named.retain(|n| !known.contains(n));
    Ok(named)
}

/// The unknown owners of the document's drafts, for 全部新建并选用.
pub(super) async fn unknown_names(
    state: &AppState,
    actor: &crate::domain::Actor,
    id: DocumentId,
) -> sqlx::Result<Vec<String>> {
    let items = items::list_document_items(&state.pool, actor, id).await?;
    unknown_among(state, &items).await
}

#[derive(Deserialize)]
pub struct AddItemForm {
    csrf_token: String,
    kind: ItemKind,
    #[serde(default)]
    title: String,
    /// The passage as selected or pasted by the clerk.
    passage: String,
}

impl CsrfProtected for AddItemForm {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

/// POST /documents/{id}/items: an item the extractor missed, from a passage of the text.
pub async fn add_item(
    state: web::Data<AppState>,
    path: web::Path<DocumentId>,
    f: UserForm<AddItemForm>,
) -> Result<HttpResponse> {
    let id = path.into_inner();
    require_secretariat(&f.user)?;
    let document = documents::find_document(&state.pool, id)
        .await?
        .ok_or(Error::NotFound)?;
    let result = match find_passage(&document.body, &f.form.passage) {
        Some(span) => {
            let new = NewItem {
                document_id: id,
                kind: f.form.kind,
                title: f.form.title.clone(),
                span,
            };
            workflow::add_item(&state.pool, &f.user.actor(), &new)
                .await
                .map(drop)
        }
        None => Err(WorkflowError::Invalid(
            "在原文中找不到所选文字，请从左侧原文中复制或选定。".into(),
        )),
    };
    reviewed(&state, &f.user, id, result).await
}

/// The character span of `passage` in `body` (white space at its ends ignored).
pub fn find_passage(body: &str, passage: &str) -> Option<(i32, i32)> {
    let passage = passage.trim();
    if passage.is_empty() {
        return None;
    }
    let byte = body.find(passage)?;
    let start = body[..byte].chars().count();
    let end = start + passage.chars().count();
    Some((i32::try_from(start).ok()?, i32::try_from(end).ok()?))
}

/// After a POST from the review page: back to it, or the page again with the problem.
pub(super) async fn reviewed(
    state: &AppState,
    user: &CurrentUser,
    id: DocumentId,
    result: std::result::Result<(), WorkflowError>,
) -> Result<HttpResponse> {
    let (status, message) = match result {
        Ok(()) => return Ok(see_other(format!("/documents/{id}"))),
        Err(e) => refusal(e)?,
    };
    let page = review_page(state, user, id, Some(message)).await?;
    page_with_status(status, &page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_spans_cut_the_text_into_runs_each_marked_by_its_items() {
        let segs = segments(
            "甲乙丙丁戊",
            &[(ItemId(1), 1, 4, true), (ItemId(2), 2, 3, false)],
        );
        let runs: Vec<(&str, Vec<i64>)> = segs
            .iter()
            .map(|s| (s.text.as_str(), s.item_ids.iter().map(|i| i.0).collect()))
            .collect();
        assert_eq!(
            runs,
            vec![
                ("甲", vec![]),
                ("乙", vec![1]),
                ("丙", vec![1, 2]),
                ("丁", vec![1]),
                ("戊", vec![])
            ]
        );
        assert_eq!(segs[1].anchor, Some(ItemId(1)));
        assert_eq!(segs[2].anchor, Some(ItemId(2)));
    }

    #[test]
    fn the_errors_of_pdf_and_word_97_files_are_told_in_chinese() {
        let cases = [
            (DecodeError::PdfEncrypted, "PDF 文件设有打开密码"),
            (
                DecodeError::PdfDamaged("Couldn't read xref table".into()),
                "已损坏或不完整",
            ),
            (DecodeError::PdfNoText, "文字识别（OCR）"),
            (DecodeError::ImageNoText, "图片中没有识别出文字"),
            (DecodeError::BadDoc("x".into()), "Word 97-2003 文件已损坏"),
            (
                DecodeError::ProgramMissing {
                    format: "PDF",
                    program: "the Chinese CMaps".into(),
                    package: "poppler-data",
                },
                "安装 Debian 软件包 poppler-data",
            ),
            (DecodeError::TimedOut(60), "超过 60 秒"),
            (DecodeError::Unsupported(OtherFormat::OldWps), "旧版 WPS"),
            (DecodeError::Unsupported(OtherFormat::Image), "（图片）"),
        ];
        for (error, words) in cases {
            let message = unreadable_message(&error);
            assert!(message.contains(words), "{error:?}: {message}");
            assert!(message.ends_with("未保存任何内容。"), "{message}");
            assert!(!message.contains("the "), "English leaks into {message}");
        }
    }

    #[test]
    fn a_passage_is_found_by_characters_not_bytes() {
        assert_eq!(find_passage("会议决定：同意。", " 同意 "), Some((5, 7)));
        assert_eq!(find_passage("会议决定", "不存在"), None);
        assert_eq!(find_passage("会议决定", "  "), None);
    }
}
