use std::process::ExitCode;

use clap::Parser;
use duban::cli::Cli;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    duban::telemetry::init(cli.log_format);
    cli.run().await
}
