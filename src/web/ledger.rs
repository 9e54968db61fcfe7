//! (issue 5) ledger: see the module's routes.

use actix_web::web;

/// Routes of this page area.
pub fn routes(cfg: &mut web::ServiceConfig) {
    let _ = cfg;
}
