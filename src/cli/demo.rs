use std::time::Instant;

use clap::Args;

use crate::config::DatabaseSettings;
use crate::db::{Database, Ownership};
use crate::demo::{self, synthetic};

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Instead of the five sample documents, fill an empty database with generated data
    /// at scale (for benchmarks); every synthetic user's password is `duban-bench`.
    #[arg(long)]
    pub synthetic: bool,
    /// Items to generate (with --synthetic).
    #[arg(long, default_value_t = 100_000, requires = "synthetic")]
    pub items: usize,
    /// Documents to generate (with --synthetic).
    #[arg(long, default_value_t = 2_000, requires = "synthetic")]
    pub documents: usize,
    /// Units to generate (with --synthetic).
    #[arg(long, default_value_t = 60, requires = "synthetic")]
    pub units: usize,
    /// Users to generate (with --synthetic).
    #[arg(long, default_value_t = 500, requires = "synthetic")]
    pub users: usize,
    /// Seed of the generator: the same seed on the same day gives the same data.
    #[arg(long, default_value_t = 1, requires = "synthetic")]
    pub seed: u64,
}

/// Seeds the demo data, or generates synthetic data, then exits.
pub async fn run(settings: &DatabaseSettings, args: DemoArgs) -> anyhow::Result<()> {
    let db = Database::open(settings, Ownership::Shared).await?;
    let result = if args.synthetic {
        generate(&db, &args).await
    } else {
        demo::seed(&db.pool)
            .await
            .map(|seeded| println!("{}", demo::describe(&seeded)))
    };
    db.close().await;
    result
}

async fn generate(db: &Database, args: &DemoArgs) -> anyhow::Result<()> {
    let size = synthetic::Size {
        items: args.items,
        documents: args.documents,
        units: args.units,
        users: args.users,
    };
    let started = Instant::now();
    let today = crate::domain::today_in_china();
    let s = synthetic::generate(&db.pool, size, args.seed, today).await?;
    println!(
        "generated {} units, {} users, {} documents, {} items, {} item events and {} progress \
         reports in {:.1} s (seed {})",
        s.units,
        s.users,
        s.documents,
        s.items,
        s.events,
        s.progress_reports,
        started.elapsed().as_secs_f64(),
        args.seed
    );
    println!(
        "password of every synthetic user: {}; secretariat: {}",
        synthetic::SYNTHETIC_PASSWORD,
        s.secretariat
    );
    if let Some((login, items)) = s.busiest_head {
        println!("busiest unit head: {login} (their unit leads {items} items)");
    }
    Ok(())
}
