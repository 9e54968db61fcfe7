//! Demo data for a newcomer: units and one user per role, with printed logins, and the
//! five sample documents taken through the real workflow so that every page has
//! something on it. Seeding again changes nothing.

mod accounts;
mod documents;
mod progress;
pub mod synthetic;

use sqlx::PgPool;

use crate::domain::{DocumentId, ItemStatus, Light, LightCause, Role};

/// The password of every demo account; demo data is for looking around, not for use.
pub const DEMO_PASSWORD: &str = "duban-demo";

/// A demo account as printed for the user.
pub struct DemoAccount {
    pub login: &'static str,
    pub name: &'static str,
    pub role: Role,
    pub unit: Option<&'static str>,
}

/// What `seed` made (or found).
pub struct Demo {
    pub accounts: Vec<DemoAccount>,
    pub data: DemoData,
}

/// Counts over the demo documents' items; the lights are today's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoData {
    pub documents: usize,
    pub items: usize,
    pub draft: usize,
    pub dismissed: usize,
    pub red: usize,
    pub yellow: usize,
    pub green: usize,
    pub blocked: usize,
    pub reported_done: usize,
    pub closed: usize,
    pub progress_reports: i64,
    pub pending_extensions: i64,
    pub events: i64,
}

/// Creates what is missing of the demo data; running it again changes nothing.
pub async fn seed(pool: &PgPool) -> anyhow::Result<Demo> {
    let accounts = accounts::seed_accounts(pool).await?;
    let cast = accounts::cast(pool).await?;
    let document_ids = documents::seed_documents(pool, &cast).await?;
    // The warning ladder has done today's work, as it would have by mid-morning: reminders,
    // automatic 催办, and the leader told of the item three weeks late. Its steps are
    // taken once, so seeding again adds none.
    let mid_morning = crate::domain::china_time::start_of_day(crate::domain::today_in_china())
        + chrono::Duration::hours(10);
    crate::workflow::ladder::run(pool, mid_morning, &progress::DEMO_MAIL).await?;
    let data = count(pool, &document_ids).await?;
    Ok(Demo { accounts, data })
}

async fn count(pool: &PgPool, document_ids: &[DocumentId]) -> anyhow::Result<DemoData> {
    let items = crate::store::demo::item_states(pool, document_ids).await?;
    let (progress_reports, pending_extensions, events) =
        crate::store::demo::activity_counts(pool, document_ids).await?;
    let mut data = DemoData {
        documents: document_ids.len(),
        items: items.len(),
        progress_reports,
        pending_extensions,
        events,
        ..DemoData::default()
    };
    for (status, cause) in items {
        match status {
            ItemStatus::Draft => data.draft += 1,
            ItemStatus::Dismissed => data.dismissed += 1,
            ItemStatus::ReportedDone => data.reported_done += 1,
            ItemStatus::Closed => data.closed += 1,
            ItemStatus::Assigned | ItemStatus::InProgress | ItemStatus::Blocked => {
                data.blocked += usize::from(status == ItemStatus::Blocked);
                match cause.map_or(Light::Green, LightCause::light) {
                    Light::Red => data.red += 1,
                    Light::Yellow => data.yellow += 1,
                    Light::Green | Light::Done => data.green += 1,
                }
            }
        }
    }
    Ok(data)
}

/// The table of demo logins and a line about the demo data, printed at start.
pub fn describe(demo: &Demo) -> String {
    let mut out = format!("Demo accounts (password for all: {DEMO_PASSWORD}):\n");
    for a in &demo.accounts {
        out.push_str(&format!(
            "  {:<12} {:<10} {:<12} {}\n",
            a.login,
            a.role.label(),
            a.name,
            a.unit.unwrap_or("")
        ));
    }
    let d = &demo.data;
    out.push_str(&format!(
        "Demo data: {} documents, {} items ({} draft, {} dismissed; open: {} red, {} yellow \
         ({} blocked), {} green; {} reported done, {} closed), {} progress reports, \
         {} pending extension request(s), {} history events\n",
        d.documents,
        d.items,
        d.draft,
        d.dismissed,
        d.red,
        d.yellow,
        d.blocked,
        d.green,
        d.reported_done,
        d.closed,
        d.progress_reports,
        d.pending_extensions,
        d.events
    ));
    out
}
