//! Demo units and one user per role, and the cast that plays them while seeding.

use sqlx::PgPool;

use super::{DemoAccount, DEMO_PASSWORD};
use crate::auth::hash_password;
use crate::domain::Actor;
use crate::domain::{Login, Role, UnitId};
use crate::store::{demo, units, user_admin, users};

/// Units of a typical college, in the order the demo hands out items.
pub(super) const DEMO_UNITS: &[&str] = &[
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

/// The demo users as actors of the workflow.
pub(super) struct Cast {
    pub secretariat: Actor,
    /// The leader user's name, which is also their `leaders` row.
    pub leader: &'static str,
    /// The leader user, who writes 批示 on the items they answer for.
    pub leader_actor: Option<Actor>,
    /// Unit heads, in `DEMO_USERS` order.
    pub heads: Vec<Actor>,
    /// Ids of `DEMO_UNITS`, in order.
    pub units: Vec<UnitId>,
}

impl Cast {
    /// The head who acts for an item: the first lead unit that has a demo head.
    pub fn head_of(&self, lead_unit_ids: &[UnitId]) -> Option<Actor> {
        lead_unit_ids
            .iter()
            .find_map(|u| self.heads.iter().find(|h| h.unit_id() == Some(*u)).copied())
    }
}

/// Creates what is missing of the demo units and users.
pub(super) async fn seed_accounts(pool: &PgPool) -> anyhow::Result<Vec<DemoAccount>> {
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
            let id = users::insert_user(&mut *tx, &new).await?;
            // Addresses under a reserved domain: the demo's mail lands in the outbox
            // folder (or bounces harmlessly on a real server).
            let email = format!("{login}@demo.duban.example");
            user_admin::set_email(&mut *tx, id, Some(&email)).await?;
        }
        if role == Role::Leader {
            demo::insert_leader_for_user(&mut tx, name, "副院长", login).await?;
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

/// The demo users as they are in the database now.
pub(super) async fn cast(pool: &PgPool) -> anyhow::Result<Cast> {
    let mut units_ids = Vec::with_capacity(DEMO_UNITS.len());
    for name in DEMO_UNITS {
        units_ids.push(units::find_or_insert_unit(pool, name).await?.0);
    }
    let logins: Vec<&str> = DEMO_USERS.iter().map(|u| u.0).collect();
    let rows = demo::users_by_login(pool, &logins).await?;
    let viewer = |login: &str| {
        rows.iter()
            .find(|r| r.0 == login)
            .and_then(|&(_, user_id, role, unit_id)| Actor::new(user_id, role, unit_id).ok())
    };
    let mut heads = Vec::new();
    let mut secretariat = None;
    let mut leader = "";
    let mut leader_actor = None;
    for &(login, name, role, _) in DEMO_USERS {
        match role {
            // A demo account renamed or moved by an admin no longer plays its part.
            Role::UnitHead => heads.extend(viewer(login).filter(|v| v.role() == role)),
            Role::Secretariat => secretariat = viewer(login).filter(|v| v.role() == role),
            Role::Leader => {
                leader = name;
                leader_actor = viewer(login).filter(|v| v.role() == role);
            }
            Role::Admin | Role::Viewer => {}
        }
    }
    Ok(Cast {
        secretariat: secretariat
            .ok_or_else(|| anyhow::anyhow!("the demo secretariat user is missing"))?,
        leader,
        leader_actor,
        heads,
        units: units_ids,
    })
}
