//! The unit directory: list, create, rename, aliases, merge.

use crate::domain::UnitId;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;
use sqlx::{PgConnection, PgPool};

use super::{
    on_constraint, optional_id, optional_text, refuse, refused_page, required_text, see_other,
    Failure, NoticeQuery,
};
use crate::store::unit_admin::{self, NameHolder, UnitChoice, UnitSummary};
use crate::web::csrf::{CsrfProtected, UserForm};
use crate::web::error::{Error, Result};
use crate::web::render::{page, Chrome};
use crate::web::session::CurrentUser;
use crate::web::AppState;

const NAME_MAX: usize = 100;
const SHORT_NAME_MAX: usize = 50;

#[derive(Template)]
#[template(path = "admin/units.html")]
pub struct UnitsPage {
    pub chrome: Chrome,
    pub notice: Option<&'static str>,
    pub error: Option<String>,
    pub units: Vec<UnitSummary>,
    /// The create form's input.
    pub input: UnitForm,
}

#[derive(Template)]
#[template(path = "admin/unit.html")]
pub struct UnitPage {
    pub chrome: Chrome,
    pub notice: Option<&'static str>,
    pub error: Option<String>,
    pub unit: UnitSummary,
    /// The units this one can be merged into.
    pub targets: Vec<UnitChoice>,
    pub edit: UnitForm,
    pub alias: String,
    pub merge: MergeForm,
}

/// Create and edit (name, short name, external flag; on edit, whether the old name stays
/// as an alias).
#[derive(Debug, Default, Deserialize)]
pub struct UnitForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub short_name: String,
    pub is_external: Option<String>,
    pub keep_old_name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct AliasForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    alias: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct MergeForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    pub into: String,
    pub confirm: Option<String>,
}

impl CsrfProtected for UnitForm {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

impl CsrfProtected for AliasForm {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

impl CsrfProtected for MergeForm {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

impl UnitPage {
    async fn load(pool: &PgPool, user: &CurrentUser, id: UnitId) -> Result<Self> {
        let unit = unit_admin::find_unit(pool, id)
            .await?
            .ok_or(Error::NotFound)?;
        let mut targets = unit_admin::list_unit_choices(pool).await?;
        targets.retain(|u| u.id != id);
        let edit = UnitForm {
            name: unit.name.clone(),
            short_name: unit.short_name.clone().unwrap_or_default(),
            is_external: unit.is_external.then(|| "on".to_owned()),
            keep_old_name: Some("on".to_owned()),
            ..UnitForm::default()
        };
        Ok(Self {
            chrome: Chrome::for_user(user),
            notice: None,
            error: None,
            unit,
            targets,
            edit,
            alias: String::new(),
            merge: MergeForm::default(),
        })
    }

    fn is_merge_target(&self, id: &UnitId) -> bool {
        self.merge.into == id.to_string()
    }
}

/// GET /admin/units
pub async fn list_units(
    user: CurrentUser,
    state: web::Data<AppState>,
    query: web::Query<NoticeQuery>,
) -> Result<HttpResponse> {
    page(&UnitsPage {
        chrome: Chrome::for_user(&user),
        notice: query.message(),
        error: None,
        units: unit_admin::list_units(&state.pool).await?,
        input: UnitForm::default(),
    })
}

/// POST /admin/units
pub async fn create_unit(
    state: web::Data<AppState>,
    UserForm { user, form }: UserForm<UnitForm>,
) -> Result<HttpResponse> {
    match insert_unit(&state.pool, &form).await {
        Ok(id) => {
            tracing::info!(unit_id = %id, actor = %user.user_id, "unit created");
            Ok(see_other("/admin/units?ok=unit_created"))
        }
        Err(Failure::Refused(message)) => refused_page(&UnitsPage {
            chrome: Chrome::for_user(&user),
            notice: None,
            error: Some(message),
            units: unit_admin::list_units(&state.pool).await?,
            input: form,
        }),
        Err(Failure::Other(e)) => Err(e),
    }
}

/// GET /admin/units/{id}
pub async fn edit_unit_form(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<UnitId>,
    query: web::Query<NoticeQuery>,
) -> Result<HttpResponse> {
    let mut unit_page = UnitPage::load(&state.pool, &user, *id).await?;
    unit_page.notice = query.message();
    page(&unit_page)
}

/// POST /admin/units/{id}: rename, short name, external flag.
pub async fn update_unit(
    state: web::Data<AppState>,
    id: web::Path<UnitId>,
    UserForm { user, form }: UserForm<UnitForm>,
) -> Result<HttpResponse> {
    match save_unit(&state.pool, *id, &form).await {
        Ok(()) => Ok(see_other(&format!("/admin/units/{id}?ok=unit_updated"))),
        Err(Failure::Refused(message)) => {
            let mut unit_page = UnitPage::load(&state.pool, &user, *id).await?;
            unit_page.error = Some(message);
            unit_page.edit = form;
            refused_page(&unit_page)
        }
        Err(Failure::Other(e)) => Err(e),
    }
}

/// POST /admin/units/{id}/aliases
pub async fn add_alias(
    state: web::Data<AppState>,
    id: web::Path<UnitId>,
    UserForm { user, form }: UserForm<AliasForm>,
) -> Result<HttpResponse> {
    match insert_alias(&state.pool, *id, &form.alias).await {
        Ok(()) => Ok(see_other(&format!("/admin/units/{id}?ok=alias_added"))),
        Err(Failure::Refused(message)) => {
            let mut unit_page = UnitPage::load(&state.pool, &user, *id).await?;
            unit_page.error = Some(message);
            unit_page.alias = form.alias;
            refused_page(&unit_page)
        }
        Err(Failure::Other(e)) => Err(e),
    }
}

/// POST /admin/units/{id}/aliases/remove
pub async fn remove_alias(
    state: web::Data<AppState>,
    id: web::Path<UnitId>,
    UserForm { user, form }: UserForm<AliasForm>,
) -> Result<HttpResponse> {
    if unit_admin::delete_alias(&state.pool, *id, &form.alias).await? {
        return Ok(see_other(&format!("/admin/units/{id}?ok=alias_removed")));
    }
    let mut unit_page = UnitPage::load(&state.pool, &user, *id).await?;
    unit_page.error = Some(format!("「{}」不是本单位的别名。", form.alias));
    refused_page(&unit_page)
}

/// POST /admin/units/{id}/merge: this unit is merged into the chosen one.
pub async fn merge_unit(
    state: web::Data<AppState>,
    id: web::Path<UnitId>,
    UserForm { user, form }: UserForm<MergeForm>,
) -> Result<HttpResponse> {
    match merge(&state.pool, &user, *id, &form).await {
        Ok(into) => Ok(see_other(&format!("/admin/units/{into}?ok=unit_merged"))),
        Err(Failure::Refused(message)) => {
            let mut unit_page = UnitPage::load(&state.pool, &user, *id).await?;
            unit_page.error = Some(message);
            unit_page.merge = form;
            refused_page(&unit_page)
        }
        Err(Failure::Other(e)) => Err(e),
    }
}

async fn insert_unit(pool: &PgPool, form: &UnitForm) -> Result<UnitId, Failure> {
    let name = required_text(&form.name, "单位名称", NAME_MAX)?;
    let short_name = optional_text(&form.short_name, "简称", SHORT_NAME_MAX)?;
    let mut tx = pool.begin().await?;
    unit_admin::lock_unit_names(&mut tx).await?;
    check_name_free(&mut tx, &name, None).await?;
    let id = unit_admin::insert_unit(
        &mut *tx,
        &name,
        short_name.as_deref(),
        form.is_external.is_some(),
    )
    .await
    .map_err(|e| name_conflict(e, &name))?;
    tx.commit().await?;
    Ok(id)
}

async fn save_unit(pool: &PgPool, id: UnitId, form: &UnitForm) -> Result<(), Failure> {
    let name = required_text(&form.name, "单位名称", NAME_MAX)?;
    let short_name = optional_text(&form.short_name, "简称", SHORT_NAME_MAX)?;
    let mut tx = pool.begin().await?;
    unit_admin::lock_unit_names(&mut tx).await?;
    let unit = unit_admin::find_unit(&mut *tx, id)
        .await?
        .ok_or(Error::NotFound)?;
    // Renaming to one of its own aliases promotes the alias to the name.
    if let Some(own) = check_name_free(&mut tx, &name, Some(id)).await? {
        if own.as_alias {
            unit_admin::delete_alias(&mut *tx, id, &name).await?;
        }
    }
    let is_external = form.is_external.is_some();
    unit_admin::update_unit(&mut *tx, id, &name, short_name.as_deref(), is_external)
        .await
        .map_err(|e| name_conflict(e, &name))?;
    // Documents written before the rename still use the old name.
    if name != unit.name && form.keep_old_name.is_some() {
        unit_admin::insert_alias(&mut *tx, id, &unit.name)
            .await
            .map_err(|e| name_conflict(e, &unit.name))?;
    }
    tx.commit().await?;
    Ok(())
}

async fn insert_alias(pool: &PgPool, id: UnitId, raw: &str) -> Result<(), Failure> {
    let alias = required_text(raw, "别名", NAME_MAX)?;
    let mut tx = pool.begin().await?;
    unit_admin::lock_unit_names(&mut tx).await?;
    let unit = unit_admin::find_unit(&mut *tx, id)
        .await?
        .ok_or(Error::NotFound)?;
    if alias == unit.name {
        return Err(refuse("别名不能与本单位的名称相同。"));
    }
    if let Some(own) = check_name_free(&mut tx, &alias, Some(id)).await? {
        if own.as_alias {
            return Err(refuse(format!("「{alias}」已是本单位的别名。")));
        }
    }
    unit_admin::insert_alias(&mut *tx, id, &alias)
        .await
        .map_err(|e| name_conflict(e, &alias))?;
    tx.commit().await?;
    Ok(())
}

/// Merges unit `from_id` into the chosen unit, in one transaction; returns the chosen id.
async fn merge(
    pool: &PgPool,
    user: &CurrentUser,
    from_id: UnitId,
    form: &MergeForm,
) -> Result<UnitId, Failure> {
    let into_id = optional_id(&form.into)?.ok_or_else(|| refuse("请选择要并入的单位。"))?;
    if into_id == from_id {
        return Err(refuse("不能把单位并入它自己。"));
    }
    if form.confirm.is_none() {
        return Err(refuse("合并不可撤销，请勾选确认后再提交。"));
    }
    let mut tx = pool.begin().await?;
    unit_admin::lock_unit_names(&mut tx).await?;
    let locked = unit_admin::lock_units(&mut tx, &[from_id, into_id]).await?;
    let live = |id: UnitId| {
        locked
            .iter()
            .find(|u| u.id == id && u.merged_into.is_none())
    };
    let from = live(from_id).ok_or(Error::NotFound)?;
    let into = live(into_id).ok_or_else(|| refuse("所选单位不存在或已被合并。"))?;
    let outcome = unit_admin::merge_unit(&mut tx, from, into, user.user_id).await?;
    tx.commit().await?;
    tracing::info!(
        from = %from_id,
        into = %into_id,
        items = outcome.items,
        users = outcome.users,
        actor = %user.user_id,
        "units merged"
    );
    Ok(into_id)
}

/// Refuses a name another live unit goes by; returns this unit's own holding of it.
async fn check_name_free(
    conn: &mut PgConnection,
    name: &str,
    unit_id: Option<UnitId>,
) -> Result<Option<NameHolder>, Failure> {
    match unit_admin::find_name_holder(&mut *conn, name).await? {
        Some(holder) if Some(holder.unit_id) != unit_id => Err(refuse(if holder.as_alias {
            format!(
                "「{name}」已是「{}」的别名，不能重复使用。",
                holder.unit_name
            )
        } else {
            format!("已有名为「{name}」的单位。")
        })),
        own => Ok(own),
    }
}

/// A name the constraints say is taken: by a merged unit, or by a concurrent import.
fn name_conflict(e: sqlx::Error, name: &str) -> Failure {
    on_constraint(e, |c| {
        matches!(c, "units_name_key" | "unit_aliases_pkey")
            .then(|| format!("名称「{name}」已被使用（可能属于已合并的单位）。"))
    })
}
