//! The user forms and what makes their input acceptable: parsed once, trusted after.

use serde::Deserialize;

use super::{on_constraint, optional_id, optional_text, refuse, required_text, Failure};
use crate::auth::{check_new_password, GateError, PasswordGate};
use crate::domain::{Role, UnitId};
use crate::store::user_admin::UserProfile;
use crate::web::csrf::CsrfProtected;

const DISPLAY_NAME_MAX: usize = 64;
const EMAIL_MAX: usize = 254;

#[derive(Debug, Default, Deserialize)]
pub struct NewUserForm {
    #[serde(default)]
    pub(super) csrf_token: String,
    #[serde(default)]
    pub login: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub unit_id: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub(super) password: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct ProfileForm {
    #[serde(default)]
    pub(super) csrf_token: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub unit_id: String,
    #[serde(default)]
    pub email: String,
}

#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    pub(super) csrf_token: String,
    #[serde(default)]
    pub(super) password: String,
}

/// A form that is only a button.
#[derive(Debug, Deserialize)]
pub struct ActionForm {
    pub(super) csrf_token: String,
}

macro_rules! csrf_protected {
    ($($form:ty),*) => {$(
        impl CsrfProtected for $form {
            fn csrf_token(&self) -> &str {
                &self.csrf_token
            }
        }
    )*};
}
csrf_protected!(NewUserForm, ProfileForm, PasswordForm, ActionForm);

/// A profile parsed from a form: trusted from here on.
pub(super) struct Profile {
    pub(super) display_name: String,
    pub(super) role: Role,
    pub(super) unit_id: Option<UnitId>,
    pub(super) email: Option<String>,
}

impl Profile {
    pub(super) fn parse(
        display_name: &str,
        role: &str,
        unit_id: &str,
        email: &str,
    ) -> Result<Self, Failure> {
        let display_name = required_text(display_name, "姓名", DISPLAY_NAME_MAX)?;
        let role = role.parse::<Role>().map_err(|_| refuse("请选择角色。"))?;
        let unit_id = optional_id(unit_id)?;
        let email = optional_text(email, "电子邮箱", EMAIL_MAX)?;
        if let Some(e) = &email {
            if !looks_like_email(e) {
                return Err(refuse(format!("电子邮箱「{e}」格式不正确。")));
            }
        }
        Ok(Self {
            display_name,
            role,
            unit_id,
            email,
        })
    }

    pub(super) fn as_store(&self) -> UserProfile<'_> {
        UserProfile {
            display_name: &self.display_name,
            role: self.role,
            unit_id: self.unit_id,
            email: self.email.as_deref(),
        }
    }
}

/// One `@` with something on both sides and a dot in the domain; the mail server
/// judges the rest.
pub(super) fn looks_like_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !s.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// The roles this administrator may hand out.
pub(super) fn grantable_roles(actor: Role) -> Vec<Role> {
    Role::ALL
        .into_iter()
        .filter(|r| *r != Role::Admin || actor == Role::Admin)
        .collect()
}

pub(super) fn may_manage(actor: Role, role: Role) -> Result<(), Failure> {
    if role == Role::Admin && actor != Role::Admin {
        return Err(refuse("只有系统管理员可以设置或修改系统管理员账号。"));
    }
    Ok(())
}

pub(super) fn check_password(raw: &str) -> Result<String, Failure> {
    check_new_password(raw).map_err(|rule| refuse(rule.chinese()))?;
    Ok(raw.to_owned())
}

/// argon2 takes 19 MiB and tens of milliseconds of CPU: it waits for a slot in the gate
/// that bounds the logins' checks, so that password forms cannot exhaust the server.
pub(super) async fn hash(gate: &PasswordGate, password: String) -> Result<String, Failure> {
    match gate.hash(password).await {
        Ok(hashed) => Ok(hashed),
        Err(GateError::Busy) => Err(refuse(PASSWORD_GATE_BUSY)),
        Err(e) => Err(Failure::Other(anyhow::Error::from(e).into())),
    }
}

/// What a password form gets when the gate has no free slot.
pub const PASSWORD_GATE_BUSY: &str = "服务器正忙，请稍后再试。";

/// What the users table's constraints mean on a form.
pub(super) fn user_constraint(e: sqlx::Error, login: &str) -> Failure {
    on_constraint(e, |c| match c {
        "users_login_key" => Some(format!("登录名「{login}」已被使用。")),
        // CHECK (role <> 'unit_head' OR unit_id IS NOT NULL)
        "users_check" => Some("部门负责人必须选择所在单位。".to_owned()),
        "users_unit_id_fkey" => Some("所选单位不存在。".to_owned()),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plausible_email_addresses_are_accepted() {
        assert!(looks_like_email("zhang.san@example.edu.cn"));
        for bad in [
            "zhang",
            "@example.cn",
            "a@b",
            "a@.cn",
            "a@b.",
            "a b@c.cn",
            "a@b@c.cn",
        ] {
            assert!(!looks_like_email(bad), "{bad} was accepted");
        }
    }

    #[test]
    fn only_an_admin_may_hand_out_the_admin_role() {
        assert!(grantable_roles(Role::Secretariat)
            .iter()
            .all(|r| *r != Role::Admin));
        assert_eq!(grantable_roles(Role::Admin).len(), Role::ALL.len());
    }
}
