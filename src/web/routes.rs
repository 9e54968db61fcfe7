//! The URL map: every route duban serves, read top to bottom. Handlers check the session
//! and role they need; the `/admin` and `/mail` scopes refuse anyone but the secretariat
//! before any handler runs.

use actix_web::middleware::from_fn;
use actix_web::web;

use super::admin::{leaders, secretariat_only, settings, supervision, units, users};
use super::render::see_other;
use super::{
    account, assets, dashboard, document_edit, documents, health, home, items, ledger, login, mail,
    my, review, search, slips,
};

pub fn routes(cfg: &mut web::ServiceConfig) {
    // Signing in and out, and whether the server is up.
    cfg.route("/", web::get().to(home::home))
        .route("/login", web::get().to(login::login_form))
        .route("/login", web::post().to(login::log_in))
        .route("/logout", web::post().to(login::log_out))
        .route("/healthz", web::get().to(health::healthz))
        .route("/static/{path:.*}", web::get().to(assets::asset))
        // One's own account.
        .route("/account", web::get().to(account::account))
        .route("/account/digest", web::post().to(account::set_digest))
        .route("/account/updates", web::post().to(account::set_updates))
        .route("/account/password", web::get().to(account::password_form))
        .route(
            "/account/password",
            web::post().to(account::change_password),
        )
        // Daily work: one's items, the dashboard, the ledger and search.
        .route("/my", web::get().to(my::my_items))
        .route("/dashboard", web::get().to(dashboard::show_dashboard))
        .route("/ledger", web::get().to(ledger::list_items))
        .route("/ledger.xlsx", web::get().to(ledger::export_xlsx))
        .route("/ledger.csv", web::get().to(ledger::export_csv))
        .route("/ledger/print", web::get().to(ledger::print_items))
        .route("/search", web::get().to(search::search_page))
        // Documents: import; review, where the one form edits, dismisses and publishes (交办).
        .route("/documents", web::get().to(documents::list))
        .route("/documents/import", web::get().to(documents::import_form))
        .route("/documents/import", web::post().to(documents::import))
        .route("/documents/{id}", web::get().to(documents::show))
        .route("/documents/{id}/review", web::post().to(review::review))
        .route("/documents/{id}/slips", web::get().to(slips::print))
        .route("/documents/{id}/slips.docx", web::get().to(slips::docx))
        .route(
            "/documents/{id}/edit",
            web::get().to(document_edit::edit_form),
        )
        .route("/documents/{id}/edit", web::post().to(document_edit::edit))
        .route(
            "/documents/{id}/delete",
            web::post().to(document_edit::delete),
        )
        .route("/documents/{id}/items", web::post().to(documents::add_item))
        // An item and everything done to it.
        .route("/items/{id}", web::get().to(items::show_item))
        .route("/items/{id}/ack", web::post().to(items::acknowledge))
        .route(
            "/items/{id}/progress",
            web::post().to(items::report_progress),
        )
        .route("/items/{id}/status", web::post().to(items::change_status))
        .route(
            "/items/{id}/extension",
            web::post().to(items::request_extension),
        )
        .route("/items/{id}/edit", web::post().to(items::edit_item))
        .route("/items/{id}/verify", web::post().to(items::verify))
        .route("/items/{id}/urge", web::post().to(items::urge))
        .route("/items/{id}/instruct", web::post().to(items::instruct))
        .route("/items/{id}/parts", web::post().to(items::split))
        .route(
            "/extensions/{id}/decide",
            web::post().to(items::decide_extension),
        )
        .route(
            "/attachments/{id}",
            web::get().to(items::download_attachment),
        )
        // The secretariat's mail: the outbox and the digests as each reader gets them.
        .service(
            web::scope("/mail")
                .wrap(from_fn(secretariat_only))
                .route("", web::get().to(|| async { see_other("/mail/outbox") }))
                .route("/outbox", web::get().to(mail::list_outbox))
                .route("/outbox/{id}/retry", web::post().to(mail::retry))
                .route("/digests", web::get().to(mail::list_digests))
                .route("/digests/{user_id}", web::get().to(mail::preview_digest)),
        )
        // Administration: units and users.
        .service(
            web::scope("/admin")
                .wrap(from_fn(secretariat_only))
                .route("", web::get().to(|| async { see_other("/admin/units") }))
                .route("/units", web::get().to(units::list_units))
                .route("/units", web::post().to(units::create_unit))
                .route("/units/{id}", web::get().to(units::edit_unit_form))
                .route("/units/{id}", web::post().to(units::update_unit))
                .route("/units/{id}/aliases", web::post().to(units::add_alias))
                .route(
                    "/units/{id}/aliases/remove",
                    web::post().to(units::remove_alias),
                )
                .route("/units/{id}/merge", web::post().to(units::merge_unit))
                .route("/settings", web::get().to(settings::show))
                .route("/settings", web::post().to(settings::save))
                .route("/settings/supervision", web::post().to(supervision::save))
                .route("/leaders", web::get().to(leaders::list_leaders))
                .route("/leaders", web::post().to(leaders::create_leader))
                .route(
                    "/leaders/{id}/account",
                    web::post().to(leaders::set_account),
                )
                .route("/users", web::get().to(users::list_users))
                .route("/users", web::post().to(users::create_user))
                .route("/users/new", web::get().to(users::new_user_form))
                .route("/users/{id}", web::get().to(users::edit_user_form))
                .route("/users/{id}", web::post().to(users::update_user))
                .route(
                    "/users/{id}/password",
                    web::post().to(users::reset_password),
                )
                .route(
                    "/users/{id}/deactivate",
                    web::post().to(users::deactivate_user),
                )
                .route(
                    "/users/{id}/reactivate",
                    web::post().to(users::reactivate_user),
                ),
        );
    // The load benchmarks' yardstick, only in bench builds.
    #[cfg(feature = "bench")]
    cfg.route("/bench/fortunes", web::get().to(super::bench::fortunes));
}
