//! Typed ids: an item's id cannot be passed where a document's or a unit's is meant.

/// Declares an id type: a bigint in PostgreSQL, a number in URLs, forms and JSON.
macro_rules! typed_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize, sqlx::Type,
        )]
        #[serde(transparent)]
        #[sqlx(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }
    };
}

typed_id! {
    /// A decision's or task's id (`items.id`).
    ItemId
}

typed_id! {
    /// An imported document's id (`documents.id`).
    DocumentId
}

typed_id! {
    /// A unit's id (`units.id`): a department, office or outside body.
    UnitId
}

typed_id! {
    /// A user's id (`users.id`).
    UserId
}
