//! What pages read, kept per instance while the data and the day stay the same.
//!
//! Lists and figures over 100,000 items cost far more than a page may, yet they change only
//! when data changes or the day turns. Every entry is therefore keyed by the database's data
//! version (bumped at commit by triggers, see migration `data_version`) and today's date,
//! besides the viewer's scope and the page's own parameters. The version is read before the
//! entry is computed: a commit in between leaves newer data under the older version, which
//! the next request recomputes, never older data under a newer one. Instances share nothing
//! but the database, so any number of them stay correct.
//!
//! Concurrent misses of one key compute it once; the others wait for that result.

use std::future::Future;
use std::hash::Hash;
use std::sync::Arc;

use chrono::NaiveDate;
use quick_cache::{UnitWeighter, Weighter};

use crate::domain::Role;
use crate::domain::{Actor, UnitId, UserId};

/// Who sees the same items: the visibility rule (`store::visibility`) depends on the role,
/// on the unit only for unit heads and on the user only for leaders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Scope {
    role: Role,
    unit_id: Option<UnitId>,
    user_id: Option<UserId>,
}

impl Scope {
    pub fn of(viewer: &Actor) -> Self {
        Self {
            role: viewer.role(),
            unit_id: (viewer.role() == Role::UnitHead)
                .then_some(viewer.unit_id())
                .flatten(),
            user_id: (viewer.role() == Role::Leader).then_some(viewer.user_id()),
        }
    }
}

/// Values by key, good for one data version and one day; bounded in entries (or, for text,
/// in bytes), evicting the least useful: entries of superseded versions are never asked for
/// again and go first.
pub struct VersionedCache<K, V, W = UnitWeighter> {
    entries: quick_cache::sync::Cache<(K, i64, NaiveDate), Arc<V>, W>,
}

/// What a value holds in bytes, for caches bounded in bytes.
pub trait Bytes {
    fn bytes(&self) -> u64;
}

impl Bytes for String {
    fn bytes(&self) -> u64 {
        self.len() as u64
    }
}

/// Weighs values by their bytes, so that a cache of them is bounded in bytes.
#[derive(Debug, Clone, Copy)]
pub struct ByBytes;

impl<K, V: Bytes> Weighter<K, Arc<V>> for ByBytes {
    fn weight(&self, _: &K, value: &Arc<V>) -> u64 {
        value.bytes()
    }
}

impl<K: Eq + Hash + Clone, V> VersionedCache<K, V> {
    /// A cache of at most `capacity` entries.
    pub fn new(capacity: usize) -> Self {
        Self {
            entries: quick_cache::sync::Cache::new(capacity),
        }
    }
}

impl<K: Eq + Hash + Clone, V: Bytes> VersionedCache<K, V, ByBytes> {
    /// A cache of values of about `bytes` in all.
    pub fn of_bytes(bytes: u64, typical_len: u64) -> Self {
        let estimated = usize::try_from(bytes / typical_len.max(1)).unwrap_or(usize::MAX);
        Self {
            entries: quick_cache::sync::Cache::with_weighter(estimated, bytes, ByBytes),
        }
    }
}

impl<K, V, W> VersionedCache<K, V, W>
where
    K: Eq + Hash + Clone,
    W: Weighter<(K, i64, NaiveDate), Arc<V>> + Clone,
{
    /// The value of `key` for `version` and `today`, loaded by `load` only when no entry has
    /// it. `version` must have been read before `load` reads anything.
    pub async fn get_or_load<E>(
        &self,
        key: K,
        version: i64,
        today: NaiveDate,
        load: impl Future<Output = Result<V, E>>,
    ) -> Result<Arc<V>, E> {
        self.entries
            .get_or_insert_async(&(key, version, today), async { load.await.map(Arc::new) })
            .await
    }
}
