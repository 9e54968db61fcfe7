//! Units, users and leaders of the synthetic city.
//!
//! Logins (password [`super::SYNTHETIC_PASSWORD`] for all): `admin`; the secretariat
//! `bangongshi01`…; leaders `lingdao01`…; unit heads `unitNN_K` (K-th head of the NN-th
//! unit, in [`super::text::UNITS`] order); viewers `chayue001`….

use chrono::Duration;
use rand::distributions::WeightedIndex;

use super::dice::Dice;
use super::text::{LEADER_TITLES, MORE_UNITS, UNITS};
use super::Size;
use crate::domain::Role;
use crate::store::bulk::{LeaderRow, UnitRow, UserRow};

/// How much more work the busiest units get: unit `n` leads in proportion to
/// `1 / (n + 3)^SKEW`, so a few bodies carry much of the load, as in real life.
const SKEW: f64 = 0.7;

pub(super) struct People {
    pub units: Vec<UnitRow>,
    pub users: Vec<UserRow>,
    pub leaders: Vec<LeaderRow>,
    /// User ids of the secretariat.
    pub secretariat: Vec<i64>,
    /// Unit-head user ids of each unit, by unit position.
    pub heads: Vec<Vec<i64>>,
    /// Which unit leads the next item.
    pub lead_weights: WeightedIndex<f64>,
}

/// First ids of each table's block.
#[derive(Debug, Clone, Copy)]
pub(super) struct Bases {
    pub unit: i64,
    pub user: i64,
    pub leader: i64,
    pub document: i64,
    pub section: i64,
    pub item: i64,
}

/// How many users of each role: a few percent secretariat and leaders, three quarters of
/// the rest unit heads (spread over the units), the others read-only viewers.
pub(super) fn role_counts(users: usize) -> (usize, usize, usize, usize) {
    let secretariat = (users / 50).max(1);
    let leaders = (users / 25).max(1);
    let rest = users.saturating_sub(1 + secretariat + leaders);
    let heads = rest * 3 / 4;
    (secretariat, leaders, heads, rest - heads)
}

pub(super) fn make(d: &mut Dice, size: &Size, bases: &Bases) -> People {
    let founded = d.anchor() - Duration::days(400);
    let units: Vec<UnitRow> = (0..size.units)
        .map(|n| UnitRow {
            id: bases.unit + n as i64,
            name: unit_name(n),
            created_at: founded,
        })
        .collect();
    let (secretariat_n, leaders_n, heads_n, viewers_n) = role_counts(size.users);
    let mut users = Vec::with_capacity(size.users);
    let mut add = |d: &mut Dice, login: String, role: Role, unit: Option<usize>| {
        let id = bases.user + users.len() as i64;
        let email = (role != Role::Viewer).then(|| format!("{login}@jiangcheng.gov.cn"));
        users.push(UserRow {
            id,
            login,
            display_name: d.person_name(),
            role,
            unit_id: unit.map(|u| bases.unit + u as i64),
            email,
            created_at: founded,
        });
        id
    };
    add(d, "admin".into(), Role::Admin, None);
    let secretariat: Vec<i64> = (1..=secretariat_n)
        .map(|k| add(d, format!("bangongshi{k:02}"), Role::Secretariat, Some(0)))
        .collect();
    let leader_users: Vec<i64> = (1..=leaders_n)
        .map(|k| add(d, format!("lingdao{k:02}"), Role::Leader, None))
        .collect();
    let mut heads = vec![Vec::new(); size.units];
    for k in 0..heads_n {
        let unit = k % size.units;
        let login = format!("unit{:02}_{}", unit + 1, k / size.units + 1);
        heads[unit].push(add(d, login, Role::UnitHead, Some(unit)));
    }
    for k in 1..=viewers_n {
        add(d, format!("chayue{k:03}"), Role::Viewer, None);
    }
    let leaders = leader_users
        .iter()
        .enumerate()
        .map(|(n, &user_id)| LeaderRow {
            id: bases.leader + n as i64,
            name: users[(user_id - bases.user) as usize].display_name.clone(),
            title: LEADER_TITLES[n % LEADER_TITLES.len()].to_owned(),
            user_id: Some(user_id),
            created_at: founded,
        })
        .collect::<Vec<_>>();
    let weights = (0..size.units).map(|n| 1.0 / (n as f64 + 3.0).powf(SKEW));
    People {
        units,
        users,
        leaders: dedupe_leader_names(leaders),
        secretariat,
        heads,
        lead_weights: WeightedIndex::new(weights).expect("at least one unit"),
    }
}

/// The n-th unit's name: the list first, then district offices.
fn unit_name(n: usize) -> String {
    match UNITS.get(n) {
        Some(name) => (*name).to_owned(),
        None => {
            let extra = n - UNITS.len();
            let district = MORE_UNITS[extra % MORE_UNITS.len()];
            format!("{district}街道办事处{}", extra / MORE_UNITS.len() + 1)
        }
    }
}

/// `leaders.name` is unique; two leaders who drew the same name are told apart as people
/// are, by a suffix.
fn dedupe_leader_names(mut leaders: Vec<LeaderRow>) -> Vec<LeaderRow> {
    let mut seen = std::collections::BTreeMap::<String, usize>::new();
    for l in &mut leaders {
        let n = seen.entry(l.name.clone()).or_default();
        *n += 1;
        if *n > 1 {
            l.name = format!("{}（{}）", l.name, n);
        }
    }
    leaders
}
