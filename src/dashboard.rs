//! The dashboard's figures (督办看板) and their cache.
//!
//! The figures are SQL aggregates over every published item a viewer may see; at 100,000
//! items they cost far more than a page may, so each instance keeps them per viewer scope
//! (see [`crate::cache`]).

use std::sync::Arc;

use chrono::NaiveDate;
use sqlx::PgPool;

use crate::cache::{Scope, VersionedCache};
use crate::domain::Actor;
use crate::store::dashboard::{
    self, DocumentFigures, ItemLine, StatusLightCount, UnitFigures, Watch, WeekFigures,
};

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
    /// Items missing a periodic report (缺报).
    pub missed: Vec<ItemLine>,
    pub missed_total: i64,
    pub weeks: Vec<WeekFigures>,
}

impl Figures {
    /// Computes every figure; a handful of aggregate statements.
    pub async fn load(pool: &PgPool, viewer: &Actor, today: NaiveDate) -> sqlx::Result<Self> {
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
        let (missed_total, missed) =
            dashboard::watch_list(pool, viewer, today, Watch::Missed, WATCH_SHOWN).await?;
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
            missed,
            missed_total,
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

/// Figures per viewer scope, good while the data version and the day stay the same.
pub struct FiguresCache(VersionedCache<Scope, Figures>);

/// Scopes kept at most: there are about as many as units and leaders, and each entry is a
/// few kilobytes.
const SCOPES_KEPT: usize = 2_000;

impl Default for FiguresCache {
    fn default() -> Self {
        Self(VersionedCache::new(SCOPES_KEPT))
    }
}

impl FiguresCache {
    /// The viewer's figures for today, computed only when the data or the day moved on;
    /// `version` is the data version read before this call.
    pub async fn get(
        &self,
        pool: &PgPool,
        viewer: &Actor,
        version: i64,
        today: NaiveDate,
    ) -> sqlx::Result<Arc<Figures>> {
        self.0
            .get_or_load(
                Scope::of(viewer),
                version,
                today,
                Figures::load(pool, viewer, today),
            )
            .await
    }
}
