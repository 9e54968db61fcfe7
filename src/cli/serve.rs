use clap::Args;

use crate::config::{BenchSettings, DatabaseSettings, HttpSettings};
use crate::db::{Database, Ownership};
use crate::demo;
use crate::startup::Application;

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub http: HttpSettings,
    /// Create demo units, one demo user per role (their logins are printed) and the five
    /// sample documents with items in every state.
    #[arg(long)]
    pub demo: bool,
    #[command(flatten)]
    pub bench: BenchSettings,
}

pub async fn run(database: &DatabaseSettings, args: ServeArgs) -> anyhow::Result<()> {
    let db = Database::open(database, Ownership::Exclusive).await?;
    let served = serve(&db, args).await;
    // Stop the embedded cluster whether serving ended cleanly or not.
    db.close().await;
    served
}

async fn serve(db: &Database, args: ServeArgs) -> anyhow::Result<()> {
    if args.demo {
        let seeded = demo::seed(&db.pool).await?;
        println!("{}", demo::describe(&seeded));
    }
    // Rows from before full-text search have no search vector yet; a no-op afterwards.
    crate::store::search::reindex_all(&db.pool).await?;
    let app = Application::build_with(args.http.clone(), db.pool.clone(), args.bench)?;
    let url = format!("http://{}:{}", args.http.bind.ip(), app.port());
    tracing::info!(%url, "duban is serving");
    println!("duban is serving on {url}");
    app.run().await?;
    tracing::info!("server stopped");
    Ok(())
}
