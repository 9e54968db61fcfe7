//! 个人设置: every user's own account page, where they choose how often they get the
//! email digest (每周, 每日 or 不接收).

use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::csrf::{CsrfProtected, UserForm};
use super::error::{Error, Result};
use super::render::{page, page_with_status, see_other, Chrome};
use super::session::CurrentUser;
use super::AppState;
use crate::domain::DigestPreference;
use crate::store::digest as store;
use crate::store::user_admin::{self, UserSummary};

#[derive(Template)]
#[template(path = "account/index.html")]
pub struct AccountPage {
    pub chrome: Chrome,
    pub account: UserSummary,
    pub notice: Option<&'static str>,
    pub error: Option<String>,
}

impl AccountPage {
    pub fn choices(&self) -> [DigestPreference; 3] {
        DigestPreference::ALL
    }
    pub fn is_chosen(&self, p: &DigestPreference) -> bool {
        self.account.digest == *p
    }
}

/// `?ok=…`: which POST just succeeded, for the page's notice.
#[derive(Debug, Deserialize)]
pub struct OkQuery {
    pub ok: Option<String>,
}

/// GET /account
pub async fn account(
    user: CurrentUser,
    state: web::Data<AppState>,
    query: web::Query<OkQuery>,
) -> Result<HttpResponse> {
    let notice = (query.ok.as_deref() == Some("digest")).then_some("邮件设置已保存。");
    page(&account_page(&state, &user, notice, None).await?)
}

#[derive(Debug, Deserialize)]
pub struct DigestForm {
    csrf_token: String,
    #[serde(default)]
    digest: String,
}

impl CsrfProtected for DigestForm {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

/// POST /account/digest
pub async fn set_digest(
    state: web::Data<AppState>,
    UserForm { user, form }: UserForm<DigestForm>,
) -> Result<HttpResponse> {
    match DigestPreference::parse(&form.digest) {
        Some(preference) => {
            store::set_preference(&state.pool, user.user_id, preference).await?;
            tracing::info!(
                user_id = user.user_id,
                digest = preference.as_str(),
                "digest preference set"
            );
            Ok(see_other("/account?ok=digest"))
        }
        None => {
            let problem = "请选择每周、每日或不接收。".to_owned();
            let page = account_page(&state, &user, None, Some(problem)).await?;
            page_with_status(actix_web::http::StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

async fn account_page(
    state: &AppState,
    user: &CurrentUser,
    notice: Option<&'static str>,
    error: Option<String>,
) -> Result<AccountPage> {
    let account = user_admin::find_user(&state.pool, user.user_id)
        .await?
        .ok_or(Error::NotFound)?;
    Ok(AccountPage {
        chrome: Chrome::for_user(user),
        account,
        notice,
        error,
    })
}
