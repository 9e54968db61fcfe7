//! duban (督办): Chinese meeting minutes and notices in, tracked decisions and tasks out.

/// Passwords (argon2id) and random tokens.
pub mod auth;
/// Per-instance caches keyed by data version and day.
pub mod cache;
/// The command line.
pub mod cli;
/// Settings from flags and the environment.
pub mod config;
/// Reading PDF and Word 97 files through external programs, contained; the rest via `extract`.
pub mod convert;
/// The dashboard's figures, cached per data version and day.
pub mod dashboard;
/// Opening the database: embedded cluster or `DATABASE_URL`; migrations.
pub mod db;
/// Demo data: units, a user per role, the sample documents and their items.
pub mod demo;
/// Email digests and urges: composing, scheduling, the outbox worker, SMTP.
pub mod digest;
/// Domain values: roles, statuses, the traffic light.
pub mod domain;
/// Document text to header, sections, decisions and tasks; pure.
pub mod extract;
/// How values read for people, on pages and in mail: dates, times, days left.
pub mod format;
/// Importing documents: extract and store in one transaction.
pub mod import;
/// Chinese word segmentation (jieba) and highlighted snippets for search; pure.
pub mod search;
/// 督办通知单: a slip per unit of a document's published items, printed or as a .docx.
pub mod slips;
/// Building and running the HTTP server.
pub mod startup;
/// Every SQL statement.
pub mod store;
/// Log setup.
pub mod telemetry;
/// HTTP handlers, pages, sessions, CSRF, errors.
pub mod web;
/// The 督办 rules for changing items.
pub mod workflow;
