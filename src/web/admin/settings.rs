//! The 督办 office's settings: how register numbers are written, who issues 督办通知单,
//! whether extensions need the leader's approval; and, in a form of its own
//! (`super::supervision`), the warning ladder and the light's numbers.

use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::Datelike;
use serde::Deserialize;

use super::supervision::SupervisionView;
use super::{refused_page, see_other, NoticeQuery};
use crate::domain::{today_in_china, RegisterFormat};
use crate::store::register;
use crate::web::csrf::{CsrfProtected, UserForm};
use crate::web::error::Result;
use crate::web::render::{page, Chrome};
use crate::web::session::CurrentUser;
use crate::web::AppState;

#[derive(Template)]
#[template(path = "admin/settings.html")]
pub struct SettingsPage {
    pub chrome: Chrome,
    pub notice: Option<&'static str>,
    pub error: Option<String>,
    /// The format as typed (or stored).
    pub format: String,
    /// Who issues 督办通知单.
    pub issuer: String,
    /// Whether extensions need the responsible leader's approval after the secretariat's.
    pub leader_approves: bool,
    /// The first number of this year in the stored format.
    pub example: String,
    /// The warning ladder's form.
    pub supervision: SupervisionView,
}

impl SettingsPage {
    /// The page with the stored register settings and `supervision` as given.
    pub async fn load(
        state: &AppState,
        user: &CurrentUser,
        notice: Option<&'static str>,
        supervision: SupervisionView,
    ) -> Result<Self> {
        let format = register::format(&state.pool).await?;
        Ok(SettingsPage {
            chrome: Chrome::for_user(user),
            notice,
            error: None,
            example: example(&format),
            format: format.to_string(),
            issuer: register::issuer(&state.pool).await?,
            leader_approves: register::leader_approves_extensions(&state.pool).await?,
            supervision,
        })
    }
}

fn example(format: &RegisterFormat) -> String {
    format.number(today_in_china().year(), 1)
}

/// GET /admin/settings
pub async fn show(
    user: CurrentUser,
    state: web::Data<AppState>,
    query: web::Query<NoticeQuery>,
) -> Result<HttpResponse> {
    let supervision = SupervisionView::stored(&state).await?;
    page(&SettingsPage::load(&state, &user, query.message(), supervision).await?)
}

#[derive(Debug, Deserialize)]
pub struct SettingsForm {
    csrf_token: String,
    #[serde(default)]
    register_format: String,
    #[serde(default)]
    issuer: String,
    /// Present when ticked.
    #[serde(default)]
    leader_approves: Option<String>,
}

impl CsrfProtected for SettingsForm {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

/// POST /admin/settings
pub async fn save(
    state: web::Data<AppState>,
    UserForm { user, form }: UserForm<SettingsForm>,
) -> Result<HttpResponse> {
    let issuer = form.issuer.trim();
    let checked = match RegisterFormat::parse(&form.register_format) {
        Ok(_) if issuer.is_empty() => Err("通知单落款单位不能为空。".to_owned()),
        Ok(_) if issuer.chars().count() > 40 => Err("通知单落款单位不能超过 40 个字。".to_owned()),
        Ok(format) => Ok(format),
        Err(e) => Err(e.to_string()),
    };
    match checked {
        Ok(format) => {
            let mut tx = state.pool.begin().await?;
            let by = user.user_id;
            register::set_setting(&mut *tx, register::FORMAT_KEY, format.as_str(), by).await?;
            register::set_setting(&mut *tx, register::ISSUER_KEY, issuer, by).await?;
            let approves = if form.leader_approves.is_some() {
                "on"
            } else {
                "off"
            };
            register::set_setting(&mut *tx, register::LEADER_APPROVES_KEY, approves, by).await?;
            tx.commit().await?;
            tracing::info!(actor = %user.user_id, format = format.as_str(), "register format set");
            Ok(see_other("/admin/settings?ok=settings_saved"))
        }
        Err(e) => {
            let stored = register::format(&state.pool).await?;
            refused_page(&SettingsPage {
                chrome: Chrome::for_user(&user),
                notice: None,
                error: Some(e),
                example: example(&stored),
                format: form.register_format.clone(),
                issuer: form.issuer.clone(),
                leader_approves: form.leader_approves.is_some(),
                supervision: SupervisionView::stored(&state).await?,
            })
        }
    }
}
