//! The directory of responsible leaders (责任领导): list, add, and link each to the leader
//! account that sees the items answering to them.

use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::NoticeQuery;
use super::{optional_id, optional_text, refuse, refused_page, required_text, see_other, Failure};
use crate::domain::UserId;
use crate::store::leaders::{self, LeaderEntry};
use crate::web::csrf::{CsrfProtected, UserForm};
use crate::web::error::{Error, Result};
use crate::web::render::{page, Chrome};
use crate::web::session::CurrentUser;
use crate::web::AppState;

const NAME_MAX: usize = 50;
const TITLE_MAX: usize = 100;

#[derive(Template)]
#[template(path = "admin/leaders.html")]
pub struct LeadersPage {
    pub chrome: Chrome,
    pub notice: Option<&'static str>,
    pub error: Option<String>,
    pub leaders: Vec<LeaderEntry>,
    /// Leader accounts not yet linked, for the pickers.
    pub accounts: Vec<(UserId, String)>,
    pub input: LeaderForm,
}

#[derive(Debug, Default, Deserialize)]
pub struct LeaderForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub title: String,
}

#[derive(Debug, Deserialize)]
pub struct AccountForm {
    csrf_token: String,
    /// A user id, or blank to unlink.
    #[serde(default)]
    user_id: String,
}

impl CsrfProtected for LeaderForm {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

impl CsrfProtected for AccountForm {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

async fn leaders_page(
    state: &AppState,
    user: &CurrentUser,
    notice: Option<&'static str>,
    error: Option<String>,
    input: LeaderForm,
) -> Result<LeadersPage> {
    Ok(LeadersPage {
        chrome: Chrome::for_user(user),
        notice,
        error,
        leaders: leaders::list_leaders(&state.pool).await?,
        accounts: leaders::list_unlinked_accounts(&state.pool).await?,
        input,
    })
}

/// GET /admin/leaders
pub async fn list_leaders(
    user: CurrentUser,
    state: web::Data<AppState>,
    query: web::Query<NoticeQuery>,
) -> Result<HttpResponse> {
    page(&leaders_page(&state, &user, query.message(), None, LeaderForm::default()).await?)
}

/// POST /admin/leaders
pub async fn create_leader(
    state: web::Data<AppState>,
    UserForm { user, form }: UserForm<LeaderForm>,
) -> Result<HttpResponse> {
    let added = async {
        let name = required_text(&form.name, "姓名", NAME_MAX)?;
        let title = optional_text(&form.title, "职务", TITLE_MAX)?;
        if leaders::insert_leader(&state.pool, &name, title.as_deref()).await? {
            Ok(())
        } else {
            Err(refuse(format!("名录中已有「{name}」。")))
        }
    };
    match added.await {
        Ok(()) => Ok(see_other("/admin/leaders?ok=leader_created")),
        Err(Failure::Refused(message)) => {
            refused_page(&leaders_page(&state, &user, None, Some(message), form).await?)
        }
        Err(Failure::Other(e)) => Err(e),
    }
}

/// POST /admin/leaders/{id}/account: link to a leader account, or unlink.
pub async fn set_account(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    UserForm { user, form }: UserForm<AccountForm>,
) -> Result<HttpResponse> {
    let account: Option<UserId> = match optional_id(&form.user_id) {
        Ok(id) => id,
        Err(Failure::Refused(message)) => {
            let page = leaders_page(&state, &user, None, Some(message), LeaderForm::default());
            return refused_page(&page.await?);
        }
        Err(Failure::Other(e)) => return Err(e),
    };
    let mut tx = state.pool.begin().await?;
    if let Some(id) = account {
        // Only a leader account may be linked: the link decides what it sees.
        let target = crate::store::user_admin::find_user(&mut *tx, id).await?;
        if target.is_none_or(|u| u.role != crate::domain::Role::Leader) {
            return Err(Error::NotFound);
        }
    }
    if !leaders::set_account(&mut tx, path.into_inner(), account).await? {
        return Err(Error::NotFound);
    }
    tx.commit().await?;
    Ok(see_other("/admin/leaders?ok=leader_linked"))
}
