//! The domain's enumerated concepts and the database agree name for name: every value the
//! code can write is one the schema accepts, and the schema holds no value the code
//! cannot read.

mod common;

use std::collections::BTreeSet;

use common::TestDb;
use duban::domain::{
    Delivery, DigestPreference, DocumentField, DocumentKind, EventAction, ExtensionStatus,
    ItemField, ItemKind, ItemStatus, LadderStep, Level, MailPurpose, OutboxStatus, Recurrence,
    Role, SourceFormat, UnitRole,
};

fn names<T: Copy>(all: &[T], as_str: fn(T) -> &'static str) -> BTreeSet<String> {
    all.iter().map(|v| as_str(*v).to_owned()).collect()
}

async fn enum_labels(db: &TestDb, type_name: &str) -> BTreeSet<String> {
    sqlx::query_scalar::<_, String>(&format!(
        "SELECT unnest(enum_range(NULL::{type_name}))::text"
    ))
    .fetch_all(&db.pool)
    .await
    .unwrap()
    .into_iter()
    .collect()
}

/// The quoted names a CHECK constraint on `column` of `table` allows.
async fn checked_names(db: &TestDb, table: &str, column: &str) -> BTreeSet<String> {
    let defs: Vec<String> = sqlx::query_scalar(
        "SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c \
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey) \
         WHERE c.contype = 'c' AND c.conrelid = $1::regclass AND a.attname = $2",
    )
    .bind(table)
    .bind(column)
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(
        defs.len(),
        1,
        "one CHECK constrains {table}.{column}: {defs:?}"
    );
    defs[0]
        .split('\'')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn every_postgres_enum_has_exactly_the_names_of_its_rust_enum() {
    let db = TestDb::new().await;
    let pairs = [
        ("item_kind", names(&ItemKind::ALL, ItemKind::as_str)),
        ("item_status", names(&ItemStatus::ALL, ItemStatus::as_str)),
        ("recurrence", names(&Recurrence::ALL, Recurrence::as_str)),
        ("unit_role", names(&UnitRole::ALL, UnitRole::as_str)),
        (
            "extension_status",
            names(&ExtensionStatus::ALL, ExtensionStatus::as_str),
        ),
        (
            "document_kind",
            names(&DocumentKind::ALL, DocumentKind::as_str),
        ),
        (
            "outbox_status",
            names(&OutboxStatus::ALL, OutboxStatus::as_str),
        ),
        ("user_role", names(&Role::ALL, Role::as_str)),
    ];
    for (type_name, rust) in pairs {
        assert_eq!(enum_labels(&db, type_name).await, rust, "{type_name}");
    }
}

#[tokio::test]
async fn every_checked_text_column_allows_exactly_the_names_of_its_rust_enum() {
    let db = TestDb::new().await;
    let pairs = [
        (
            "item_events",
            "action",
            names(&EventAction::ALL, EventAction::as_str),
        ),
        (
            "item_events",
            "field",
            names(&ItemField::ALL, ItemField::as_str),
        ),
        (
            "email_outbox",
            "purpose",
            names(&MailPurpose::ALL, MailPurpose::as_str),
        ),
        (
            "email_outbox",
            "delivery",
            names(&Delivery::ALL, Delivery::as_str),
        ),
        (
            "users",
            "digest",
            names(&DigestPreference::ALL, DigestPreference::as_str),
        ),
        (
            "documents",
            "source_format",
            names(&SourceFormat::ALL, SourceFormat::as_str),
        ),
        ("items", "level", names(&Level::ALL, Level::as_str)),
        ("ladder_levels", "level", names(&Level::ALL, Level::as_str)),
        (
            "ladder_steps",
            "step",
            names(&LadderStep::ALL, LadderStep::as_str),
        ),
        (
            "document_events",
            "field",
            names(&DocumentField::ALL, DocumentField::as_str),
        ),
    ];
    for (table, column, rust) in pairs {
        assert_eq!(
            checked_names(&db, table, column).await,
            rust,
            "{table}.{column}"
        );
    }
}

#[tokio::test]
async fn a_name_outside_the_vocabulary_cannot_be_stored() {
    let db = TestDb::new().await;
    let refused = sqlx::query(
        "INSERT INTO email_outbox (purpose, dedup_key, to_address, subject, body_text) \
         VALUES ('spam', 'x', 'a@example.org', 's', 'b')",
    )
    .execute(&db.pool)
    .await;
    let message = refused.unwrap_err().to_string();
    assert!(message.contains("email_outbox_purpose_known"), "{message}");
}

#[test]
fn stored_names_read_back_as_the_same_value_and_unknown_names_are_refused_in_chinese() {
    for s in ItemStatus::ALL {
        assert_eq!(s.as_str().parse::<ItemStatus>(), Ok(s));
        assert_eq!(s.to_string(), s.label());
    }
    let err = "finished".parse::<ItemStatus>().unwrap_err();
    assert_eq!(err.to_string(), "未知的状态取值：finished");
    let json = serde_json::to_string(&[Recurrence::Monthly]).unwrap();
    assert_eq!(json, r#"["monthly"]"#);
    let back: Vec<Recurrence> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, [Recurrence::Monthly]);
}
