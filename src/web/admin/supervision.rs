//! The supervision part of 督办设置: each 督办等级's warning ladder, the quiet hours, the
//! ladder on or off, and the numbers the light reads (报送提醒天数, 进度滞后阈值), with
//! whether lead units may split their own items. Saved in one transaction, refused when
//! another save came first (the settings row's `updated_at` is the form's version).

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::{DateTime, NaiveTime, Utc};
use serde::Deserialize;

use super::settings::SettingsPage;
use super::{refused_page, see_other};
use crate::domain::ladder::{
    Bound, BEHIND_MARGIN, ESCALATE_AFTER_DAYS, REMIND_DAYS, REPORT_WARN_DAYS, URGE_EVERY_DAYS,
    WARN_DAYS,
};
use crate::domain::{Level, LevelRules, QuietHours};
use crate::store::supervision::{self, Supervision};
use crate::web::csrf::{CsrfProtected, UserForm};
use crate::web::error::Result;
use crate::web::render::page_with_status;
use crate::web::session::CurrentUser;
use crate::web::AppState;

/// The four numbers of a level's ladder, in the order of the form's columns.
const LADDER_BOUNDS: [(&str, Bound); 4] = [
    ("remind", REMIND_DAYS),
    ("warn", WARN_DAYS),
    ("urge", URGE_EVERY_DAYS),
    ("escalate", ESCALATE_AFTER_DAYS),
];

/// A number field of the form as shown: its name, value (stored or typed) and bounds.
pub struct NumberField {
    pub name: String,
    pub value: String,
    pub bound: Bound,
}

/// A level's row of the ladder table.
pub struct LevelRow {
    pub level: Level,
    pub fields: Vec<NumberField>,
}

/// The supervision form as shown: the stored settings, or what was typed.
pub struct SupervisionView {
    /// The version the form is based on (microseconds since the epoch).
    pub version: String,
    pub levels: Vec<LevelRow>,
    pub report_warn_days: NumberField,
    pub behind_margin: NumberField,
    pub quiet_from: String,
    pub quiet_until: String,
    pub ladder_on: bool,
    pub parts_by_lead: bool,
    /// Why the last save was refused.
    pub error: Option<String>,
}

fn field(name: &str, value: String, bound: Bound) -> NumberField {
    NumberField {
        name: name.to_owned(),
        value,
        bound,
    }
}

impl SupervisionView {
    /// The form with the stored settings.
    pub async fn stored(state: &AppState) -> Result<Self> {
        let (s, version) = supervision::settings(&state.pool).await?;
        let levels = supervision::levels(&state.pool).await?;
        let levels = levels
            .into_iter()
            .map(|(level, r)| {
                let values = [
                    r.remind_days(),
                    r.warn_days(),
                    r.urge_every_days(),
                    r.escalate_after_days(),
                ];
                LevelRow {
                    level,
                    fields: LADDER_BOUNDS
                        .iter()
                        .zip(values)
                        .map(|((col, bound), v)| {
                            field(&format!("{}_{col}", level.as_str()), v.to_string(), *bound)
                        })
                        .collect(),
                }
            })
            .collect();
        Ok(Self {
            version: version.timestamp_micros().to_string(),
            levels,
            report_warn_days: field(
                "report_warn_days",
                s.report_warn_days.to_string(),
                REPORT_WARN_DAYS,
            ),
            behind_margin: field("behind_margin", s.behind_margin.to_string(), BEHIND_MARGIN),
            quiet_from: s.quiet.from.format("%H:%M").to_string(),
            quiet_until: s.quiet.until.format("%H:%M").to_string(),
            ladder_on: s.ladder_on,
            parts_by_lead: s.parts_by_lead,
            error: None,
        })
    }

    /// The form as typed, with why it was refused.
    fn typed(form: &SupervisionForm, error: String) -> Self {
        let levels = Level::ALL
            .into_iter()
            .map(|level| LevelRow {
                level,
                fields: LADDER_BOUNDS
                    .iter()
                    .zip(form.level_fields(level))
                    .map(|((col, bound), raw)| {
                        field(&format!("{}_{col}", level.as_str()), raw.to_owned(), *bound)
                    })
                    .collect(),
            })
            .collect();
        Self {
            version: form.version.clone(),
            levels,
            report_warn_days: field(
                "report_warn_days",
                form.report_warn_days.clone(),
                REPORT_WARN_DAYS,
            ),
            behind_margin: field("behind_margin", form.behind_margin.clone(), BEHIND_MARGIN),
            quiet_from: form.quiet_from.clone(),
            quiet_until: form.quiet_until.clone(),
            ladder_on: form.ladder_on.is_some(),
            parts_by_lead: form.parts_by_lead.is_some(),
            error: Some(error),
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct SupervisionForm {
    csrf_token: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    normal_remind: String,
    #[serde(default)]
    normal_warn: String,
    #[serde(default)]
    normal_urge: String,
    #[serde(default)]
    normal_escalate: String,
    #[serde(default)]
    key_remind: String,
    #[serde(default)]
    key_warn: String,
    #[serde(default)]
    key_urge: String,
    #[serde(default)]
    key_escalate: String,
    #[serde(default)]
    urgent_remind: String,
    #[serde(default)]
    urgent_warn: String,
    #[serde(default)]
    urgent_urge: String,
    #[serde(default)]
    urgent_escalate: String,
    #[serde(default)]
    report_warn_days: String,
    #[serde(default)]
    behind_margin: String,
    #[serde(default)]
    quiet_from: String,
    #[serde(default)]
    quiet_until: String,
    /// Present when ticked.
    #[serde(default)]
    ladder_on: Option<String>,
    #[serde(default)]
    parts_by_lead: Option<String>,
}

impl CsrfProtected for SupervisionForm {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

/// What a valid form saves.
struct Parsed {
    settings: Supervision,
    levels: Vec<(Level, LevelRules)>,
    version: DateTime<Utc>,
}

impl SupervisionForm {
    fn level_fields(&self, level: Level) -> [&str; 4] {
        match level {
            Level::Normal => [
                &self.normal_remind,
                &self.normal_warn,
                &self.normal_urge,
                &self.normal_escalate,
            ],
            Level::Key => [
                &self.key_remind,
                &self.key_warn,
                &self.key_urge,
                &self.key_escalate,
            ],
            Level::Urgent => [
                &self.urgent_remind,
                &self.urgent_warn,
                &self.urgent_urge,
                &self.urgent_escalate,
            ],
        }
    }

    fn parse(&self) -> Result<Parsed, String> {
        let mut levels = Vec::with_capacity(Level::ALL.len());
        for level in Level::ALL {
            let in_level = |e: String| format!("督办等级「{}」：{e}", level.label());
            let mut n = [0; 4];
            for (slot, ((_, bound), raw)) in n
                .iter_mut()
                .zip(LADDER_BOUNDS.iter().zip(self.level_fields(level)))
            {
                *slot = number(raw, *bound).map_err(in_level)?;
            }
            let rules =
                LevelRules::new(n[0], n[1], n[2], n[3]).map_err(|e| in_level(e.to_string()))?;
            levels.push((level, rules));
        }
        let settings = Supervision {
            report_warn_days: number(&self.report_warn_days, REPORT_WARN_DAYS)?,
            behind_margin: number(&self.behind_margin, BEHIND_MARGIN)?,
            quiet: QuietHours {
                from: time(&self.quiet_from, "免打扰开始时间")?,
                until: time(&self.quiet_until, "免打扰结束时间")?,
            },
            ladder_on: self.ladder_on.is_some(),
            parts_by_lead: self.parts_by_lead.is_some(),
        };
        let version = self
            .version
            .trim()
            .parse()
            .ok()
            .and_then(DateTime::from_timestamp_micros)
            .ok_or("表单缺少版本信息，请刷新页面后重新填写。")?;
        Ok(Parsed {
            settings,
            levels,
            version,
        })
    }
}

/// A whole number within `bound`.
fn number(raw: &str, bound: Bound) -> Result<i32, String> {
    raw.trim()
        .parse::<i32>()
        .map_err(|_| format!("{}须为 {}–{} 之间的整数", bound.what, bound.min, bound.max))
        .and_then(|n| bound.check(n).map_err(|e| e.to_string()))
}

/// A time of day, as a time field sends it (20:00, or 20:00:00).
fn time(raw: &str, what: &str) -> Result<NaiveTime, String> {
    let raw = raw.trim();
    NaiveTime::parse_from_str(raw, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(raw, "%H:%M:%S"))
        .map_err(|_| format!("{what}须为时:分，如 20:00"))
}

/// POST /admin/settings/supervision
pub async fn save(
    state: web::Data<AppState>,
    UserForm { user, form }: UserForm<SupervisionForm>,
) -> Result<HttpResponse> {
    let parsed = match form.parse() {
        Ok(parsed) => parsed,
        Err(e) => {
            let view = SupervisionView::typed(&form, e);
            return refused_page(&SettingsPage::load(&state, &user, None, view).await?);
        }
    };
    let mut tx = state.pool.begin().await?;
    let by = user.user_id;
    let saved = supervision::save(
        &mut tx,
        &parsed.settings,
        &parsed.levels,
        parsed.version,
        by,
    )
    .await?;
    if !saved {
        drop(tx);
        return stale(&state, &user).await;
    }
    tx.commit().await?;
    tracing::info!(actor = %by, ladder_on = parsed.settings.ladder_on, "supervision settings saved");
    Ok(see_other(
        "/admin/settings?ok=supervision_saved#supervision",
    ))
}

/// Someone saved the settings after this form was opened: nothing was saved; the page
/// shows the settings as they are now.
async fn stale(state: &AppState, user: &CurrentUser) -> Result<HttpResponse> {
    let mut view = SupervisionView::stored(state).await?;
    view.error = Some(
        "保存前，督办等级与预警设置已被他人修改，本次修改未保存。下面是现在的设置，请核对后重新填写。"
            .to_owned(),
    );
    let page = SettingsPage::load(state, user, None, view).await?;
    page_with_status(StatusCode::CONFLICT, &page)
}
