//! User accounts: list, create, edit, reset password, deactivate and reactivate.
//! Only an admin may grant the admin role or change an admin's account: otherwise the
//! secretariat could reset an admin's password and become one.

use actix_web::{web, HttpResponse};
use askama::Template;
use sqlx::PgPool;

use super::user_forms::{
    check_password, grantable_roles, hash, may_manage, user_constraint, ActionForm, NewUserForm,
    PasswordForm, Profile, ProfileForm,
};
use super::{refuse, refused_page, see_other, Failure, NoticeQuery};
use crate::domain::{Login, Role, UnitId, UserId};
use crate::store::unit_admin::{self, UnitChoice};
use crate::store::user_admin::{self, UserSummary};
use crate::store::users::{self, NewUser};
use crate::store::{leaders, sessions};
use crate::web::csrf::UserForm;
use crate::web::error::{Error, Result};
use crate::web::render::{page, Chrome};
use crate::web::session::CurrentUser;
use crate::web::AppState;

#[derive(Template)]
#[template(path = "admin/users.html")]
pub struct UsersPage {
    pub chrome: Chrome,
    pub notice: Option<&'static str>,
    /// Always `None`: the list has no form; the shared message block wants one.
    pub error: Option<String>,
    pub users: Vec<UserSummary>,
}

#[derive(Template)]
#[template(path = "admin/user_new.html")]
pub struct NewUserPage {
    pub chrome: Chrome,
    /// Always `None`: success redirects to the list.
    pub notice: Option<&'static str>,
    pub error: Option<String>,
    /// The input so far; the password is never sent back.
    pub input: NewUserForm,
    pub units: Vec<UnitChoice>,
    pub roles: Vec<Role>,
}

#[derive(Template)]
#[template(path = "admin/user.html")]
pub struct UserPage {
    pub chrome: Chrome,
    pub notice: Option<&'static str>,
    pub error: Option<String>,
    pub user: UserSummary,
    pub input: ProfileForm,
    pub units: Vec<UnitChoice>,
    pub roles: Vec<Role>,
    /// The administrator is looking at their own account.
    pub is_self: bool,
    /// The account is an admin's and the viewer is not: read only.
    pub locked: bool,
}

/// GET /admin/users
pub async fn list_users(
    user: CurrentUser,
    state: web::Data<AppState>,
    query: web::Query<NoticeQuery>,
) -> Result<HttpResponse> {
    page(&UsersPage {
        chrome: Chrome::for_user(&user),
        notice: query.message(),
        error: None,
        users: user_admin::list_users(&state.pool).await?,
    })
}

/// GET /admin/users/new
pub async fn new_user_form(user: CurrentUser, state: web::Data<AppState>) -> Result<HttpResponse> {
    page(&NewUserPage {
        chrome: Chrome::for_user(&user),
        notice: None,
        error: None,
        input: NewUserForm {
            role: Role::UnitHead.as_str().to_owned(),
            ..NewUserForm::default()
        },
        units: person_units(&state.pool).await?,
        roles: grantable_roles(user.role),
    })
}

/// POST /admin/users
pub async fn create_user(
    state: web::Data<AppState>,
    UserForm { user, form }: UserForm<NewUserForm>,
) -> Result<HttpResponse> {
    match insert_user(&state, &user, &form).await {
        Ok(id) => {
            tracing::info!(user_id = %id, actor = %user.user_id, "user created");
            Ok(see_other("/admin/users?ok=user_created"))
        }
        Err(Failure::Refused(message)) => refused_page(&NewUserPage {
            chrome: Chrome::for_user(&user),
            notice: None,
            error: Some(message),
            input: NewUserForm {
                password: String::new(),
                ..form
            },
            units: person_units(&state.pool).await?,
            roles: grantable_roles(user.role),
        }),
        Err(Failure::Other(e)) => Err(e),
    }
}

/// GET /admin/users/{id}
pub async fn edit_user_form(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<UserId>,
    query: web::Query<NoticeQuery>,
) -> Result<HttpResponse> {
    let mut user_page = UserPage::load(&state.pool, &user, *id).await?;
    user_page.notice = query.message();
    page(&user_page)
}

/// POST /admin/users/{id}: display name, role, unit, email.
pub async fn update_user(
    state: web::Data<AppState>,
    id: web::Path<UserId>,
    UserForm { user, form }: UserForm<ProfileForm>,
) -> Result<HttpResponse> {
    let result = save_profile(&state.pool, &user, *id, &form).await;
    respond(&state.pool, &user, *id, result, "user_updated", Some(form)).await
}

/// POST /admin/users/{id}/password: the administrator types the new password.
pub async fn reset_password(
    state: web::Data<AppState>,
    id: web::Path<UserId>,
    UserForm { user, form }: UserForm<PasswordForm>,
) -> Result<HttpResponse> {
    let result = set_password(&state, &user, *id, &form.password).await;
    respond(&state.pool, &user, *id, result, "password_reset", None).await
}

/// POST /admin/users/{id}/deactivate: cannot log in any more, logged out at once.
pub async fn deactivate_user(
    state: web::Data<AppState>,
    id: web::Path<UserId>,
    UserForm { user, .. }: UserForm<ActionForm>,
) -> Result<HttpResponse> {
    let result = set_active(&state.pool, &user, *id, false).await;
    respond(&state.pool, &user, *id, result, "user_deactivated", None).await
}

/// POST /admin/users/{id}/reactivate
pub async fn reactivate_user(
    state: web::Data<AppState>,
    id: web::Path<UserId>,
    UserForm { user, .. }: UserForm<ActionForm>,
) -> Result<HttpResponse> {
    let result = set_active(&state.pool, &user, *id, true).await;
    respond(&state.pool, &user, *id, result, "user_reactivated", None).await
}

impl UserPage {
    async fn load(pool: &PgPool, viewer: &CurrentUser, id: UserId) -> Result<Self> {
        let user = user_admin::find_user(pool, id)
            .await?
            .ok_or(Error::NotFound)?;
        let input = ProfileForm {
            display_name: user.display_name.clone(),
            role: user.role.as_str().to_owned(),
            unit_id: user.unit_id.map(|u| u.to_string()).unwrap_or_default(),
            email: user.email.clone().unwrap_or_default(),
            ..ProfileForm::default()
        };
        Ok(Self {
            chrome: Chrome::for_user(viewer),
            notice: None,
            error: None,
            is_self: viewer.user_id == id,
            locked: may_manage(viewer.role, user.role).is_err(),
            input,
            units: person_units(pool).await?,
            roles: grantable_roles(viewer.role),
            user,
        })
    }

    fn is_unit_chosen(&self, id: &UnitId) -> bool {
        self.input.unit_id == id.to_string()
    }

    fn is_role_chosen(&self, role: &Role) -> bool {
        self.input.role == role.as_str()
    }
}

impl NewUserPage {
    fn is_unit_chosen(&self, id: &UnitId) -> bool {
        self.input.unit_id == id.to_string()
    }

    fn is_role_chosen(&self, role: &Role) -> bool {
        self.input.role == role.as_str()
    }
}

impl UsersPage {}

/// Units people belong to: outside bodies have no users.
async fn person_units(pool: &PgPool) -> Result<Vec<UnitChoice>> {
    let mut units = unit_admin::list_unit_choices(pool).await?;
    units.retain(|u| !u.is_external);
    Ok(units)
}

/// Redirects to the user's page with the notice, or shows it again with the refusal.
async fn respond(
    pool: &PgPool,
    viewer: &CurrentUser,
    id: UserId,
    result: Result<(), Failure>,
    notice: &str,
    input: Option<ProfileForm>,
) -> Result<HttpResponse> {
    match result {
        Ok(()) => Ok(see_other(&format!("/admin/users/{id}?ok={notice}"))),
        Err(Failure::Refused(message)) => {
            let mut user_page = UserPage::load(pool, viewer, id).await?;
            user_page.error = Some(message);
            if let Some(input) = input {
                user_page.input = input;
            }
            refused_page(&user_page)
        }
        Err(Failure::Other(e)) => Err(e),
    }
}

async fn insert_user(
    state: &AppState,
    actor: &CurrentUser,
    form: &NewUserForm,
) -> Result<UserId, Failure> {
    let login = Login::parse(&form.login).map_err(|e| refuse(format!("{e}。")))?;
    let profile = Profile::parse(&form.display_name, &form.role, &form.unit_id, &form.email)?;
    may_manage(actor.role, profile.role)?;
    let password_hash = hash(&state.passwords, check_password(&form.password)?).await?;
    let mut tx = state.pool.begin().await?;
    let new = NewUser {
        login: &login,
        display_name: &profile.display_name,
        role: profile.role,
        unit_id: profile.unit_id,
        password_hash: &password_hash,
    };
    let id = users::insert_user(&mut *tx, &new)
        .await
        .map_err(|e| user_constraint(e, login.as_str()))?;
    user_admin::set_email(&mut *tx, id, profile.email.as_deref()).await?;
    if profile.role == Role::Leader {
        leaders::link_account_by_name(&mut tx, id, &profile.display_name).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// The target user, when this administrator may change them.
async fn managed_user(
    pool: &PgPool,
    actor: &CurrentUser,
    id: UserId,
) -> Result<UserSummary, Failure> {
    let target = user_admin::find_user(pool, id)
        .await?
        .ok_or(Error::NotFound)?;
    may_manage(actor.role, target.role)?;
    Ok(target)
}

async fn save_profile(
    pool: &PgPool,
    actor: &CurrentUser,
    id: UserId,
    form: &ProfileForm,
) -> Result<(), Failure> {
    let profile = Profile::parse(&form.display_name, &form.role, &form.unit_id, &form.email)?;
    let target = managed_user(pool, actor, id).await?;
    may_manage(actor.role, profile.role)?;
    if id == actor.user_id && profile.role != target.role {
        return Err(refuse("不能修改自己的角色，请由另一位管理员操作。"));
    }
    let mut tx = pool.begin().await?;
    user_admin::update_profile(&mut *tx, id, &profile.as_store())
        .await
        .map_err(|e| user_constraint(e, &target.login))?;
    if profile.role == Role::Leader {
        leaders::link_account_by_name(&mut tx, id, &profile.display_name).await?;
    }
    tx.commit().await?;
    Ok(())
}

async fn set_password(
    state: &AppState,
    actor: &CurrentUser,
    id: UserId,
    raw: &str,
) -> Result<(), Failure> {
    let password = check_password(raw)?;
    managed_user(&state.pool, actor, id).await?;
    let password_hash = hash(&state.passwords, password).await?;
    let mut tx = state.pool.begin().await?;
    users::set_password(&mut *tx, id, &password_hash).await?;
    // Whoever knew the old password is logged out: every session of another user; of an
    // administrator resetting their own, every session but the one they are using.
    if id == actor.user_id {
        sessions::delete_other_sessions(&mut *tx, id, &actor.session_hash).await?;
    } else {
        user_admin::delete_sessions_of(&mut *tx, id).await?;
    }
    tx.commit().await?;
    tracing::info!(user_id = %id, actor = %actor.user_id, "password reset");
    Ok(())
}

async fn set_active(
    pool: &PgPool,
    actor: &CurrentUser,
    id: UserId,
    active: bool,
) -> Result<(), Failure> {
    managed_user(pool, actor, id).await?;
    if !active && id == actor.user_id {
        return Err(refuse("不能停用自己的账号。"));
    }
    let mut tx = pool.begin().await?;
    user_admin::set_active(&mut *tx, id, active).await?;
    if !active {
        user_admin::delete_sessions_of(&mut *tx, id).await?;
    }
    tx.commit().await?;
    tracing::info!(
        user_id = %id,
        active,
        actor = %actor.user_id,
        "user activity set"
    );
    Ok(())
}
