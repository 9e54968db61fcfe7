//! Demo data for a newcomer: units and one user per role, with printed logins.

use sqlx::PgPool;

use crate::auth::hash_password;
use crate::domain::{Login, Role};
use crate::store::{units, users};

/// The password of every demo account; demo data is for looking around, not for use.
pub const DEMO_PASSWORD: &str = "duban-demo";

/// Units of a typical college, plus an outside body that can own items but has no users.
const DEMO_UNITS: &[&str] = &[
    "党委办公室",
    "组织人事部",
    "宣传统战部",
    "教务处",
    "学生工作处",
    "计划财务处",
    "后勤管理处",
    "信息化建设中心",
];

/// (login, name, role, unit)
const DEMO_USERS: &[(&str, &str, Role, Option<&str>)] = &[
    ("admin", "系统管理员", Role::Admin, None),
    (
        "bangongshi",
        "王秘书",
        Role::Secretariat,
        Some("党委办公室"),
    ),
    ("zuzhi", "李部长", Role::UnitHead, Some("组织人事部")),
    ("xuanchuan", "赵部长", Role::UnitHead, Some("宣传统战部")),
    ("jiaowu", "孙处长", Role::UnitHead, Some("教务处")),
    ("lingdao", "陈副院长", Role::Leader, None),
    ("chayue", "周科员", Role::Viewer, None),
];

/// A demo account as printed for the user.
pub struct DemoAccount {
    pub login: &'static str,
    pub name: &'static str,
    pub role: Role,
    pub unit: Option<&'static str>,
}

/// Creates what is missing of the demo data; running it again changes nothing.
pub async fn seed(pool: &PgPool) -> anyhow::Result<Vec<DemoAccount>> {
    let mut tx = pool.begin().await?;
    for name in DEMO_UNITS {
        units::find_or_insert_unit(&mut *tx, name).await?;
    }
    let hash = hash_password(DEMO_PASSWORD)?;
    let mut accounts = Vec::new();
    for &(login, name, role, unit) in DEMO_USERS {
        let parsed = Login::parse(login).expect("demo logins are valid");
        if users::find_user_by_login(&mut *tx, &parsed)
            .await?
            .is_none()
        {
            let unit_id = match unit {
                Some(u) => Some(units::find_or_insert_unit(&mut *tx, u).await?.0),
                None => None,
            };
            let new = users::NewUser {
                login: &parsed,
                display_name: name,
                role,
                unit_id,
                password_hash: &hash,
            };
            users::insert_user(&mut *tx, &new).await?;
        }
        if role == Role::Leader {
            sqlx::query(
                "INSERT INTO leaders (name, title, user_id) \
                 SELECT $1, '副院长', id FROM users WHERE login = $2 ON CONFLICT (name) DO NOTHING",
            )
            .bind(name)
            .bind(login)
            .execute(&mut *tx)
            .await?;
        }
        accounts.push(DemoAccount {
            login,
            name,
            role,
            unit,
        });
    }
    tx.commit().await?;
    Ok(accounts)
}

/// The table of demo logins printed at start.
pub fn describe(accounts: &[DemoAccount]) -> String {
    let mut out = format!("Demo accounts (password for all: {DEMO_PASSWORD}):\n");
    for a in accounts {
        out.push_str(&format!(
            "  {:<12} {:<10} {:<12} {}\n",
            a.login,
            a.role.as_str(),
            a.name,
            a.unit.unwrap_or("")
        ));
    }
    out
}
