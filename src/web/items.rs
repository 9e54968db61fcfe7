//! The item page and everything done on it: 签收, progress, status, extension (unit head);
//! edit, verify, urge, extension decisions (secretariat).

use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::NaiveDate;
use serde::Deserialize;

use super::csrf::{CsrfProtected, UploadUser, UserForm};
use super::error::{refusal, Error, Result};
use super::multipart::{Limits, MultipartForm};
use super::render::{page_with_status, see_other, Chrome};
use super::review_form::{parse_date, RawEdit};
use super::session::CurrentUser;
use super::views::{EventView, ItemView, PeriodView};
use super::AppState;
use crate::digest::compose::NoticeMail;
use crate::domain::{
    today_in_china, ExtensionStatus, ItemId, ItemKind, ItemStatus, LightCause, Role, UnitId,
};
use crate::format::{cn_date, cn_time};
use crate::store::evidence;
use crate::store::item_page::{self, AttachmentInfo, ExtensionRequest, Instruction};
use crate::store::items;
use crate::store::ledger::{self, Choice};
use crate::store::parts::{self, ParentWording, PartRow};
use crate::store::reporting;
use crate::store::supervision;
use crate::workflow::{
    self, allowed_actions, Allowed, Evidence, ExtensionDecision, PartRequest, Standing, Verdict,
    WorkflowError,
};

#[derive(Template)]
#[template(path = "items/detail.html")]
pub struct ItemPage {
    pub chrome: Chrome,
    pub view: ItemView,
    /// The latest events, or all of them when asked.
    pub events: Vec<EventView>,
    /// Whether older events are left out.
    pub more_events: bool,
    pub attachments: Vec<AttachmentInfo>,
    pub extensions: Vec<ExtensionRequest>,
    pub instructions: Vec<Instruction>,
    /// The ladder reported the overdue item to its responsible leader (已报告领导).
    pub escalated: bool,
    pub acknowledged_by: Vec<String>,
    pub can: Allowed,
    pub notice: Option<&'static str>,
    pub error: Option<String>,
    /// Its parts (子任务), when split.
    pub parts: Vec<PartView>,
    /// The item it is a part of, quoted.
    pub parent: Option<ParentWording>,
    /// The units a part may be given to, when the viewer may split it.
    pub unit_choices: Vec<Choice<UnitId>>,
    /// Its reporting periods (报送情况), latest first, when it has a duty.
    pub periods: Vec<PeriodView>,
    /// Whether earlier periods are left out.
    pub more_periods: bool,
}

/// A part as its parent's page lists it.
pub struct PartView {
    pub row: PartRow,
}

impl PartView {
    pub fn light_class(&self) -> &'static str {
        self.row.cause.map_or("none", |c| c.light().as_str())
    }
    pub fn light_label(&self) -> String {
        self.row.cause.map(LightCause::describe).unwrap_or_default()
    }
    pub fn due_text(&self) -> String {
        crate::format::cn_date_opt(self.row.due_date)
    }
    pub fn lead_text(&self) -> String {
        self.row.lead_units.join("、")
    }
    pub fn progress_text(&self) -> String {
        self.row
            .progress
            .map(|p| format!("{p}%"))
            .unwrap_or_default()
    }
}

impl ItemPage {
    pub fn has_pending_extension(&self) -> bool {
        self.extensions
            .iter()
            .any(|e| e.status == ExtensionStatus::Pending)
    }
    pub fn date(&self, d: &NaiveDate) -> String {
        cn_date(*d)
    }
    pub fn time(&self, t: &chrono::DateTime<chrono::Utc>) -> String {
        cn_time(*t)
    }
    pub fn size_text(&self, a: &AttachmentInfo) -> String {
        let kb = f64::from(a.size_bytes) / 1024.0;
        if kb < 1024.0 {
            format!("{kb:.0} KB")
        } else {
            format!("{:.1} MB", kb / 1024.0)
        }
    }
}

/// Reporting periods shown, the latest: a weekly duty of two years has a hundred.
const PERIODS_SHOWN: i64 = 24;

/// Events shown unless the whole history is asked for: an item reported on every week for
/// years has hundreds.
const HISTORY_SHOWN: i64 = 50;

async fn item_page(
    state: &AppState,
    user: &CurrentUser,
    item_id: ItemId,
    notice: Option<&'static str>,
    error: Option<String>,
    all_history: bool,
) -> Result<ItemPage> {
    let history = (!all_history).then_some(HISTORY_SHOWN);
    let record = item_page::find(&state.pool, &user.actor(), item_id, history)
        .await?
        .ok_or(Error::NotFound)?;
    let acks = record.acknowledgements;
    let acked: Vec<UnitId> = acks.iter().map(|a| a.unit_id).collect();
    let actor = user.actor();
    let lead_may_split =
        actor.role() == Role::UnitHead && supervision::settings(&state.pool).await?.0.parts_by_lead;
    let standing = Standing::of_item(&record.item, &actor, &acked).with_lead_split(lead_may_split);
    let can = allowed_actions(&actor, &standing);
    let parts = if record.item.has_parts {
        parts::list_parts(&state.pool, item_id).await?
    } else {
        Vec::new()
    };
    let parent = match record.item.parent_id {
        Some(p) => parts::find_parent(&state.pool, &actor, p).await?,
        None => None,
    };
    let unit_choices = if can.split {
        ledger::list_unit_choices(&state.pool).await?
    } else {
        Vec::new()
    };
    let today = today_in_china();
    let mut periods = if record.item.recurrence.is_some() && record.item.status.is_tracked() {
        reporting::list_periods(&state.pool, item_id, today, PERIODS_SHOWN + 1).await?
    } else {
        Vec::new()
    };
    let more_periods = periods.len() > PERIODS_SHOWN as usize;
    periods.truncate(PERIODS_SHOWN as usize);
    let view = ItemView::new(record.item, today);
    Ok(ItemPage {
        chrome: Chrome::for_user(user),
        events: record.events.into_iter().map(EventView::from).collect(),
        more_events: record.more_events,
        attachments: record.attachments,
        extensions: record.extensions,
        instructions: record.instructions,
        escalated: record.escalated,
        acknowledged_by: acks.into_iter().map(|a| a.unit_name).collect(),
        view,
        can,
        notice,
        error,
        parts: parts.into_iter().map(|row| PartView { row }).collect(),
        parent,
        unit_choices,
        periods: periods.into_iter().map(PeriodView::from).collect(),
        more_periods,
    })
}

#[derive(Deserialize)]
pub struct Notice {
    ok: Option<String>,
    /// "all" for the whole history.
    history: Option<String>,
}

/// GET /items/{id}
pub async fn show_item(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<ItemId>,
    query: web::Query<Notice>,
) -> Result<HttpResponse> {
    let notice = query.ok.as_deref().and_then(notice_text);
    let all_history = query.history.as_deref() == Some("all");
    let page = item_page(&state, &user, path.into_inner(), notice, None, all_history).await?;
    super::render::page(&page)
}

/// Fixed messages for `?ok=`, so a link cannot inject text into the page.
fn notice_text(key: &str) -> Option<&'static str> {
    Some(match key {
        "ack" => "已签收。",
        "progress" => "进展已报送。",
        "status" => "状态已更新。",
        "extension" => "延期申请已提交，等待办公室审批。",
        "saved" => "修改已保存。",
        "verified" => "核验结果已记录。",
        "urged" => "已催办。",
        "decided" => "延期申请已处理。",
        "instructed" => "批示已提交，并已通知承办单位。",
        "split" => "子任务已分解并交办，已通知其牵头单位。",
        _ => return None,
    })
}

/// After a POST: back to the item with a notice, or the page again with the problem.
async fn after(
    state: &AppState,
    user: &CurrentUser,
    item_id: ItemId,
    result: std::result::Result<(), WorkflowError>,
    ok: &str,
) -> Result<HttpResponse> {
    let (status, message) = match result {
        Ok(()) => return Ok(see_other(format!("/items/{item_id}?ok={ok}"))),
        Err(e) => refusal(e)?,
    };
    let page = item_page(state, user, item_id, None, Some(message), false).await?;
    page_with_status(status, &page)
}

macro_rules! csrf_form {
    ($name:ident { $($(#[$meta:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        #[derive(Deserialize)]
        pub struct $name {
            csrf_token: String,
            $($(#[$meta])* $field: $ty,)*
        }
        impl CsrfProtected for $name {
            fn csrf_token(&self) -> &str {
                &self.csrf_token
            }
        }
    };
}

csrf_form!(PlainForm {});
csrf_form!(PartForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    lead: String,
    #[serde(default)]
    due: String
});
csrf_form!(StatusForm {
    version: i32,
    status: String,
    #[serde(default)]
    note: String
});
csrf_form!(ExtensionForm {
    new_due: String,
    reason: String
});
csrf_form!(VerifyForm {
    version: i32,
    verdict: Verdict,
    #[serde(default)]
    note: String
});
csrf_form!(UrgeForm {
    #[serde(default)]
    note: String
});
csrf_form!(InstructForm {
    #[serde(default)]
    text: String
});
csrf_form!(DecideForm {
    item_id: ItemId,
    decision: ExtensionDecision,
    #[serde(default)]
    note: String
});
csrf_form!(EditForm {
    version: i32,
    kind: ItemKind,
    title: String,
    body: String,
    #[serde(default)] lead: Vec<UnitId>,
    #[serde(default)] co: Vec<UnitId>,
    #[serde(default)] leader: String,
    #[serde(default)] due: String,
    #[serde(default)] recurrence: String,
    #[serde(default)] report_day: String,
    #[serde(default)] level: String,
    #[serde(default)] new_lead: String,
});

/// POST /items/{id}/parts: 分解, one part at a time.
pub async fn split(
    state: web::Data<AppState>,
    path: web::Path<ItemId>,
    f: UserForm<PartForm>,
) -> Result<HttpResponse> {
    let id = path.into_inner();
    let form = &f.form;
    let due_date = match form.due.trim() {
        "" => None,
        raw => match parse_date(raw) {
            Some(d) => Some(d),
            None => {
                let bad = WorkflowError::Invalid("子任务的完成时限不是有效日期。".into());
                return after(&state, &f.user, id, Err(bad), "split").await;
            }
        },
    };
    let request = PartRequest {
        title: form.title.clone(),
        body: form.body.clone(),
        lead_unit: form.lead.trim().parse().ok().map(UnitId),
        due_date,
    };
    let base_url = state.http.public_url();
    let letters = NoticeMail {
        base_url: &base_url,
    };
    let r = workflow::split_item(&state.pool, &f.user.actor(), id, &request, &letters).await;
    after(&state, &f.user, id, r.map(drop), "split").await
}

/// POST /items/{id}/ack
pub async fn acknowledge(
    state: web::Data<AppState>,
    path: web::Path<ItemId>,
    f: UserForm<PlainForm>,
) -> Result<HttpResponse> {
    let id = path.into_inner();
    let r = workflow::acknowledge(&state.pool, &f.user.actor(), id).await;
    after(&state, &f.user, id, r, "ack").await
}

/// A declared body up to this size is read before the item is looked at: refusing it
/// unread would save nothing, and the report's own statement checks the item anyway.
const CHECKED_UNREAD_ABOVE: u64 = 64 * 1024;

/// POST /items/{id}/progress?csrf=… (multipart: note, evidence files). Session, token and
/// role are checked before the body is read, and for a body that may be large (files, or
/// no declared length) the item's openness to the user's reports too.
pub async fn report_progress(
    UploadUser(user): UploadUser,
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<ItemId>,
    payload: Multipart,
) -> Result<HttpResponse> {
    let id = path.into_inner();
    let viewer = user.actor();
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_none_or(|len| len > CHECKED_UNREAD_ABOVE) {
        if let Err(e) = workflow::may_report_progress(&state.pool, &viewer, id).await {
            return after(&state, &user, id, Err(e), "progress").await;
        }
    }
    let quota = state.http.evidence_quota();
    let per_report = workflow::per_report_exceeded(quota);
    let limits = Limits {
        file_bytes: workflow::MAX_EVIDENCE_BYTES,
        total_bytes: usize::try_from(quota.per_report).unwrap_or(usize::MAX),
        file_too_large: "附件不能超过 20 MB。",
        total_too_large: &per_report,
    };
    let form = match MultipartForm::read(payload, &limits).await {
        Ok(form) => form,
        Err(Error::Invalid(message)) => {
            return after(
                &state,
                &user,
                id,
                Err(WorkflowError::Invalid(message)),
                "progress",
            )
            .await
        }
        Err(e) => return Err(e),
    };
    let evidence: Vec<Evidence> = form
        .files
        .into_iter()
        .filter(|f| !f.bytes.is_empty())
        .map(|f| Evidence {
            file_name: f.file_name,
            content_type: f.content_type,
            bytes: f.bytes,
        })
        .collect();
    let percent = match form.fields.get("percent").map_or("", |s| s.trim()) {
        "" => None,
        raw => match raw.trim_end_matches(['%', '％']).trim().parse::<i16>() {
            Ok(p) => Some(p),
            Err(_) => {
                let message = "完成进度须为 0 到 100 之间的整数。".to_owned();
                return after(
                    &state,
                    &user,
                    id,
                    Err(WorkflowError::Invalid(message)),
                    "progress",
                )
                .await;
            }
        },
    };
    let r = workflow::report_progress(
        &state.pool,
        &viewer,
        id,
        form.fields.get("note").map_or("", |s| s),
        percent,
        &evidence,
        quota,
    )
    .await;
    after(&state, &user, id, r, "progress").await
}

/// POST /items/{id}/status
pub async fn change_status(
    state: web::Data<AppState>,
    path: web::Path<ItemId>,
    f: UserForm<StatusForm>,
) -> Result<HttpResponse> {
    let id = path.into_inner();
    let to = match f.form.status.as_str() {
        "in_progress" => ItemStatus::InProgress,
        "blocked" => ItemStatus::Blocked,
        "reported_done" => ItemStatus::ReportedDone,
        _ => return Err(Error::Invalid("未知的状态。".into())),
    };
    let base_url = state.http.public_url();
    let letters = NoticeMail {
        base_url: &base_url,
    };
    let r = workflow::change_status(
        &state.pool,
        &f.user.actor(),
        id,
        f.form.version,
        to,
        &f.form.note,
        &letters,
    )
    .await;
    after(&state, &f.user, id, r, "status").await
}

/// POST /items/{id}/extension
pub async fn request_extension(
    state: web::Data<AppState>,
    path: web::Path<ItemId>,
    f: UserForm<ExtensionForm>,
) -> Result<HttpResponse> {
    let id = path.into_inner();
    let base_url = state.http.public_url();
    let letters = NoticeMail {
        base_url: &base_url,
    };
    let r = match parse_date(&f.form.new_due) {
        Some(date) => {
            workflow::request_extension(
                &state.pool,
                &f.user.actor(),
                id,
                date,
                &f.form.reason,
                today_in_china(),
                &letters,
            )
            .await
        }
        None => Err(WorkflowError::Invalid(
            "请填写新的完成时限（日期）。".into(),
        )),
    };
    after(&state, &f.user, id, r, "extension").await
}

/// POST /items/{id}/edit
pub async fn edit_item(
    state: web::Data<AppState>,
    path: web::Path<ItemId>,
    f: UserForm<EditForm>,
) -> Result<HttpResponse> {
    let id = path.into_inner();
    let form = &f.form;
    let raw = RawEdit {
        version: form.version.to_string(),
        kind: form.kind.as_str().to_owned(),
        title: form.title.clone(),
        body: form.body.clone(),
        lead: form.lead.clone(),
        co: form.co.clone(),
        leader: form.leader.clone(),
        due: form.due.clone(),
        recurrence: form.recurrence.clone(),
        report_day: form.report_day.clone(),
        level: form.level.clone(),
        new_lead: form.new_lead.clone(),
    };
    let r = match raw.to_edit() {
        Ok(edit) => workflow::edit_item(&state.pool, &f.user.actor(), id, &edit).await,
        Err(e) => Err(e),
    };
    after(&state, &f.user, id, r, "saved").await
}

/// POST /items/{id}/verify
pub async fn verify(
    state: web::Data<AppState>,
    path: web::Path<ItemId>,
    f: UserForm<VerifyForm>,
) -> Result<HttpResponse> {
    let id = path.into_inner();
    let verdict = f.form.verdict;
    let r = workflow::verify(
        &state.pool,
        &f.user.actor(),
        id,
        f.form.version,
        verdict,
        &f.form.note,
    )
    .await;
    after(&state, &f.user, id, r, "verified").await
}

/// POST /items/{id}/instruct: a leader's 批示.
pub async fn instruct(
    state: web::Data<AppState>,
    path: web::Path<ItemId>,
    f: UserForm<InstructForm>,
) -> Result<HttpResponse> {
    let id = path.into_inner();
    let base_url = state.http.public_url();
    let letters = NoticeMail {
        base_url: &base_url,
    };
    let r = workflow::instruct(&state.pool, &f.user.actor(), id, &f.form.text, &letters)
        .await
        .map(drop);
    after(&state, &f.user, id, r, "instructed").await
}

/// POST /items/{id}/urge
pub async fn urge(
    state: web::Data<AppState>,
    path: web::Path<ItemId>,
    f: UserForm<UrgeForm>,
) -> Result<HttpResponse> {
    let id = path.into_inner();
    let base_url = state.http.public_url();
    let letters = NoticeMail {
        base_url: &base_url,
    };
    let r = workflow::urge(&state.pool, &f.user.actor(), id, &f.form.note, &letters)
        .await
        .map(drop);
    after(&state, &f.user, id, r, "urged").await
}

/// POST /extensions/{id}/decide
pub async fn decide_extension(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    f: UserForm<DecideForm>,
) -> Result<HttpResponse> {
    let r = workflow::decide_extension(
        &state.pool,
        &f.user.actor(),
        path.into_inner(),
        f.form.decision,
        &f.form.note,
    )
    .await;
    after(&state, &f.user, f.form.item_id, r, "decided").await
}

/// GET /attachments/{id}: only for those who may see the item.
pub async fn download_attachment(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse> {
    // The type the uploader's browser claimed is not trusted: evidence is always a
    // download of opaque bytes, never a page of this site's origin.
    let (item_id, name, _claimed_type, bytes) =
        evidence::find_attachment(&state.pool, path.into_inner())
            .await?
            .ok_or(Error::NotFound)?;
    items::find_visible_item(&state.pool, &user.actor(), item_id)
        .await?
        .ok_or(Error::NotFound)?;
    let disposition = header::ContentDisposition {
        disposition: header::DispositionType::Attachment,
        parameters: vec![header::DispositionParam::FilenameExt(
            header::ExtendedValue {
                charset: header::Charset::Ext("UTF-8".into()),
                language_tag: None,
                value: name.into_bytes(),
            },
        )],
    };
    Ok(HttpResponse::Ok()
        .content_type("application/octet-stream")
        .insert_header(disposition)
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(bytes))
}
