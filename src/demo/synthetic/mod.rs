//! Synthetic data at scale for benchmarks (`duban demo --synthetic`): by default 100,000
//! items in 2,000 documents over the past year, 60 units, 500 users and the item history
//! a year of work leaves, with statuses and deadlines spread around today. The same seed
//! and the same day give the same data. Everything is written in one transaction with a
//! few bulk statements per table.

mod dice;
mod documents;
mod history;
mod people;
mod text;

use anyhow::{bail, Context};
use chrono::NaiveDate;
use sqlx::PgPool;

use crate::auth::hash_password;
use crate::domain::{RegisterFormat, UnitRole};
use crate::store::{bulk, maintenance, register};
use dice::Dice;
use people::Bases;

/// The password of every synthetic user; the data is for benchmarks, not for use.
pub const SYNTHETIC_PASSWORD: &str = "duban-bench";

/// How much to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub items: usize,
    pub documents: usize,
    pub units: usize,
    pub users: usize,
}

impl Default for Size {
    fn default() -> Self {
        Self {
            items: 100_000,
            documents: 2_000,
            units: 60,
            users: 500,
        }
    }
}

/// What was made, and who to log in as.
#[derive(Debug, Clone)]
pub struct Summary {
    pub units: usize,
    pub users: usize,
    pub documents: usize,
    pub items: usize,
    pub events: usize,
    pub progress_reports: usize,
    /// The head of the unit that leads the most items, and how many it leads.
    pub busiest_head: Option<(String, usize)>,
    /// A secretariat login.
    pub secretariat: String,
}

/// Fills an empty database. `today` anchors every date (deadlines around it, nothing
/// after it).
pub async fn generate(
    pool: &PgPool,
    size: Size,
    seed: u64,
    today: NaiveDate,
) -> anyhow::Result<Summary> {
    check(&size)?;
    let mut tx = pool.begin().await?;
    let contents = maintenance::count_contents(&mut tx).await?;
    if contents.holds_data() {
        bail!(
            "synthetic data goes into an empty database, and this one already holds {} users, \
             {} documents and {} items; use a new --data-dir or an empty DATABASE_URL database",
            contents.users,
            contents.documents,
            contents.items
        );
    }
    let bases = Bases {
        unit: bulk::reserve_ids(&mut tx, "units", size.units).await?,
        user: bulk::reserve_ids(&mut tx, "users", size.users).await?,
        leader: bulk::reserve_ids(&mut tx, "leaders", people::role_counts(size.users).1).await?,
        document: bulk::reserve_ids(&mut tx, "documents", size.documents).await?,
        section: bulk::reserve_ids(
            &mut tx,
            "sections",
            size.documents * documents::MAX_SECTIONS,
        )
        .await?,
        item: bulk::reserve_ids(&mut tx, "items", size.items).await?,
    };
    // Generating (and segmenting the text for search) is CPU work: off the async threads.
    let (people, papers) = tokio::task::spawn_blocking(move || {
        let mut dice = Dice::new(seed, today);
        let people = people::make(&mut dice, &size, &bases);
        let papers = documents::write(&mut dice, &people, &bases, size.documents, size.items);
        (people, papers)
    })
    .await?;
    let hash = hash_password(SYNTHETIC_PASSWORD)?;
    bulk::insert_units(&mut tx, &people.units)
        .await
        .context("units")?;
    bulk::insert_users(&mut tx, &people.users, &hash)
        .await
        .context("users")?;
    bulk::insert_leaders(&mut tx, &people.leaders)
        .await
        .context("leaders")?;
    bulk::insert_documents(&mut tx, &papers.documents)
        .await
        .context("documents")?;
    bulk::insert_sections(&mut tx, &papers.sections)
        .await
        .context("sections")?;
    bulk::insert_items(&mut tx, &papers.items)
        .await
        .context("items")?;
    bulk::insert_item_units(&mut tx, &papers.item_units)
        .await
        .context("item units")?;
    register::number_unnumbered(&mut tx, RegisterFormat::DEFAULT)
        .await
        .context("register numbers")?;
    let r = &papers.records;
    bulk::insert_events(&mut tx, &r.events)
        .await
        .context("item events")?;
    bulk::insert_progress(&mut tx, &r.progress)
        .await
        .context("progress reports")?;
    bulk::insert_acks(&mut tx, &r.acks)
        .await
        .context("acknowledgements")?;
    bulk::insert_extensions(&mut tx, &r.extensions)
        .await
        .context("extension requests")?;
    tx.commit().await?;
    bulk::vacuum_analyze(&mut *pool.acquire().await?).await?;
    Ok(Summary {
        units: people.units.len(),
        users: people.users.len(),
        documents: papers.documents.len(),
        items: papers.items.len(),
        events: r.events.len(),
        progress_reports: r.progress.len(),
        busiest_head: busiest_head(&people, &papers),
        secretariat: people.users[1].login.clone(),
    })
}

fn check(size: &Size) -> anyhow::Result<()> {
    if size.units < 2 || size.users < 4 || size.documents < 1 {
        bail!("synthetic data needs at least 2 units, 4 users and 1 document");
    }
    if size.items < size.documents {
        bail!("synthetic data needs at least one item per document");
    }
    Ok(())
}

fn busiest_head(people: &people::People, papers: &documents::Papers) -> Option<(String, usize)> {
    let first_unit = people.units.first()?.id;
    let mut led = vec![0usize; people.units.len()];
    for iu in papers
        .item_units
        .iter()
        .filter(|iu| iu.role == UnitRole::Lead)
    {
        led[(iu.unit_id - first_unit) as usize] += 1;
    }
    let (unit, count) = led
        .iter()
        .enumerate()
        .filter(|(u, _)| !people.heads[*u].is_empty())
        .max_by_key(|(u, n)| (**n, std::cmp::Reverse(*u)))?;
    let head = people.heads[unit][0];
    let login = people.users.iter().find(|u| u.id == head)?.login.clone();
    Some((login, *count))
}
