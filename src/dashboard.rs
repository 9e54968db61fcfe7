//! The dashboard's figures (督办看板) and their cache.
//!
//! The figures are SQL aggregates over every published item a viewer may see; at 100,000
//! items they cost far more than a page may. They change only when data changes or the day
//! turns, so each instance keeps them per viewer scope, keyed by the database's data
//! version (bumped at commit by triggers, see migration `data_version`) and today's date.
//! A request then costs one indexed read of the version. Instances share nothing but the
//! database, so any number of them stay correct.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use sqlx::PgPool;

use crate::domain::Role;
use crate::store::dashboard::{
    self, DocumentFigures, ItemLine, StatusLightCount, UnitFigures, Watch, WeekFigures,
};
use crate::store::items::Viewer;

/// Documents listed with their progress.
pub const DOCUMENTS_SHOWN: i64 = 20;
/// Items named in each watch list.
pub const WATCH_SHOWN: i64 = 10;
/// The "due soon" window, in days.
pub const DUE_SOON_DAYS: i64 = 14;
/// Weeks of the completion chart.
pub const WEEKS_SHOWN: i64 = 12;

/// Everything the dashboard shows, for one viewer scope on one day.
#[derive(Debug, Clone)]
pub struct Figures {
    pub today: NaiveDate,
    pub status_lights: Vec<StatusLightCount>,
    pub units: Vec<UnitFigures>,
    pub documents: Vec<DocumentFigures>,
    pub documents_total: i64,
    pub due_soon: Vec<ItemLine>,
    pub due_soon_total: i64,
    pub stale: Vec<ItemLine>,
    pub stale_total: i64,
    pub weeks: Vec<WeekFigures>,
}

impl Figures {
    /// Computes every figure; a handful of aggregate statements.
    pub async fn load(pool: &PgPool, viewer: &Viewer, today: NaiveDate) -> sqlx::Result<Self> {
        let (due_soon_total, due_soon) = dashboard::watch_list(
            pool,
            viewer,
            today,
            Watch::DueWithin {
                days: DUE_SOON_DAYS,
            },
            WATCH_SHOWN,
        )
        .await?;
        let (stale_total, stale) =
            dashboard::watch_list(pool, viewer, today, Watch::Stale, WATCH_SHOWN).await?;
        Ok(Self {
            today,
            status_lights: dashboard::status_light_counts(pool, viewer, today).await?,
            units: dashboard::unit_figures(pool, viewer, today).await?,
            documents: dashboard::document_figures(pool, viewer, today, DOCUMENTS_SHOWN).await?,
            documents_total: dashboard::count_documents(pool, viewer, today).await?,
            due_soon,
            due_soon_total,
            stale,
            stale_total,
            weeks: dashboard::closed_by_week(pool, viewer, today, WEEKS_SHOWN).await?,
        })
    }

    /// Items with a status (any light).
    pub fn with_status(&self, status: crate::domain::ItemStatus) -> i64 {
        self.status_lights
            .iter()
            .filter(|c| c.status == status)
            .map(|c| c.n)
            .sum()
    }

    /// Items with a light ("red", "yellow", "green", "done").
    pub fn with_light(&self, light: &str) -> i64 {
        self.status_lights
            .iter()
            .filter(|c| c.light == light)
            .map(|c| c.n)
            .sum()
    }

    pub fn total(&self) -> i64 {
        self.status_lights.iter().map(|c| c.n).sum()
    }
}

/// Who sees the same figures: the visibility rule (`item_visible_to`) depends on the role,
/// on the unit only for unit heads and on the user only for leaders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Scope {
    role: Role,
    unit_id: Option<i64>,
    user_id: Option<i64>,
}

impl Scope {
    fn of(viewer: &Viewer) -> Self {
        Self {
            role: viewer.role,
            unit_id: (viewer.role == Role::UnitHead)
                .then_some(viewer.unit_id)
                .flatten(),
            user_id: (viewer.role == Role::Leader).then_some(viewer.user_id),
        }
    }
}

struct Entry {
    version: i64,
    figures: Arc<Figures>,
}

/// Figures per scope, good while the data version and the day stay the same.
#[derive(Default)]
pub struct FiguresCache {
    entries: Mutex<HashMap<Scope, Entry>>,
}

/// Scopes kept at most; past this the cache starts afresh (there are about as many scopes
/// as units and leaders, so this only bounds memory against the unexpected).
const MAX_SCOPES: usize = 2_000;

impl FiguresCache {
    /// The viewer's figures for today, computed only when the data or the day moved on.
    pub async fn get(
        &self,
        pool: &PgPool,
        viewer: &Viewer,
        today: NaiveDate,
    ) -> sqlx::Result<Arc<Figures>> {
        let scope = Scope::of(viewer);
        // Read before computing: a commit in between can only make the entry newer than
        // its version says, never older.
        let version = dashboard::data_version(pool).await?;
        if let Some(figures) = self.lookup(&scope, version, today) {
            return Ok(figures);
        }
        let figures = Arc::new(Figures::load(pool, viewer, today).await?);
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= MAX_SCOPES {
            entries.clear();
        }
        entries.insert(
            scope,
            Entry {
                version,
                figures: Arc::clone(&figures),
            },
        );
        Ok(figures)
    }

    fn lookup(&self, scope: &Scope, version: i64, today: NaiveDate) -> Option<Arc<Figures>> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(scope)
            .filter(|e| e.version == version && e.figures.today == today)
            .map(|e| Arc::clone(&e.figures))
    }
}
