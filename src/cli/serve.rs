use std::path::Path;
use std::time::Duration;

use clap::Args;

use crate::config::{DatabaseSettings, DigestSettings, HttpSettings, LadderSettings, MailSettings};
use crate::db::{Database, Ownership};
use crate::demo;
use crate::startup::Application;

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub http: HttpSettings,
    #[command(flatten)]
    pub mail: MailSettings,
    #[command(flatten)]
    pub digest: DigestSettings,
    #[command(flatten)]
    pub ladder: LadderSettings,
    /// Create demo units, one demo user per role (their logins are printed) and the five
    /// sample documents with items in every state.
    #[arg(long)]
    pub demo: bool,
}

pub async fn run(database: &DatabaseSettings, args: ServeArgs) -> anyhow::Result<()> {
    let db = Database::open(database, Ownership::Exclusive).await?;
    let served = serve(&db, &database.data_dir, args).await;
    // Stop the embedded cluster whether serving ended cleanly or not.
    db.close().await;
    served
}

async fn serve(db: &Database, data_dir: &Path, args: ServeArgs) -> anyhow::Result<()> {
    // Find out now, not at the first upload, whether the document readers can be fenced
    // off the network here (logged when they cannot).
    tokio::task::spawn_blocking(crate::convert::Programs::shared).await?;
    if args.demo {
        let seeded = demo::seed(&db.pool).await?;
        println!("{}", demo::describe(&seeded));
    }
    // Rows from before full-text search have no search vector yet; a no-op afterwards.
    crate::store::search::reindex_all(&db.pool).await?;
    #[cfg(feature = "bench")]
    crate::store::fortunes::create_fortune_table(&db.pool).await?;
    let app = Application::build(args.http.clone(), db.pool.clone())?;
    let background = crate::digest::background(
        db.pool.clone(),
        &args.mail,
        &args.digest,
        data_dir,
        args.http.public_url_on(app.port()),
    )?;
    let ladder = crate::digest::ladder::run_ladder(
        db.pool.clone(),
        Duration::from_secs(args.ladder.ladder_check_secs.max(1)),
        args.http.public_url_on(app.port()),
    );
    let url = format!("http://{}:{}", args.http.bind.ip(), app.port());
    tracing::info!(%url, "duban is serving");
    println!("duban is serving on {url}");
    // The mail worker, the digest scheduler and the ladder live as long as the server.
    tokio::select! {
        served = app.run() => served?,
        () = background => {}
        () = ladder => {}
    }
    tracing::info!("server stopped");
    Ok(())
}
