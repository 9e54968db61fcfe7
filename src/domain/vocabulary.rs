//! One declaration per enumerated concept of the domain. Each concept is written once with
//! its stored name and its Chinese label; every layer (extractor, store, workflow, web,
//! digest) then uses the Rust enum, and the database holds the same names, either as a
//! PostgreSQL enum or as text with a CHECK constraint.

/// Declares an enumerated domain concept.
///
/// The literal after the name names the concept in Chinese, for error messages.
/// `pg "type"` binds it to the PostgreSQL enum of that name; `text` binds it to a text
/// column (which a migration constrains with a CHECK); `url` names values in URLs only. Each variant gives its stored name
/// (also its name in URLs, forms and JSON) and its label for people.
///
/// The enum gets `ALL`, `as_str`, `label`, `parse`, `FromStr`, `Display` (the label),
/// serde as the stored name, and sqlx encoding as the stored name.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        pub enum $name:ident($concept:literal): $db:ident $($pg:literal)? {
            $( $(#[$vmeta:meta])* $variant:ident = $stored:literal => $label:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: [$name; [$($stored),+].len()] = [$($name::$variant),+];

            /// The stored name: in the database, URLs, forms and JSON.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $stored,)+
                }
            }

            /// The name in the UI.
            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)+
                }
            }

            /// The value of a stored name (surrounding blanks ignored).
            pub fn parse(raw: &str) -> Option<Self> {
                let raw = raw.trim();
                Self::ALL.into_iter().find(|v| v.as_str() == raw)
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::domain::UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s).ok_or_else(|| $crate::domain::UnknownValue::new($concept, s))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                raw.parse().map_err(serde::de::Error::custom)
            }
        }

        vocabulary!(@sql $name, $db $($pg)?);
    };

    (@sql $name:ident, pg $pg:literal) => {
        vocabulary!(@codec $name);
        impl sqlx::Type<sqlx::Postgres> for $name {
            fn type_info() -> sqlx::postgres::PgTypeInfo {
                sqlx::postgres::PgTypeInfo::with_name($pg)
            }
        }
        impl sqlx::postgres::PgHasArrayType for $name {
            fn array_type_info() -> sqlx::postgres::PgTypeInfo {
                sqlx::postgres::PgTypeInfo::array_of($pg)
            }
        }
    };

    // Named in URLs and forms only, never stored.
    (@sql $name:ident, url) => {};

    (@sql $name:ident, text) => {
        vocabulary!(@codec $name);
        impl sqlx::Type<sqlx::Postgres> for $name {
            fn type_info() -> sqlx::postgres::PgTypeInfo {
                <&str as sqlx::Type<sqlx::Postgres>>::type_info()
            }
            fn compatible(ty: &sqlx::postgres::PgTypeInfo) -> bool {
                <&str as sqlx::Type<sqlx::Postgres>>::compatible(ty)
            }
        }
        impl sqlx::postgres::PgHasArrayType for $name {
            fn array_type_info() -> sqlx::postgres::PgTypeInfo {
                <&str as sqlx::postgres::PgHasArrayType>::array_type_info()
            }
        }
    };

    (@codec $name:ident) => {
        impl<'q> sqlx::Encode<'q, sqlx::Postgres> for $name {
            fn encode_by_ref(
                &self,
                buf: &mut sqlx::postgres::PgArgumentBuffer,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <&str as sqlx::Encode<'q, sqlx::Postgres>>::encode_by_ref(&self.as_str(), buf)
            }
        }

        impl<'r> sqlx::Decode<'r, sqlx::Postgres> for $name {
            fn decode(value: sqlx::postgres::PgValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
                let raw = <&str as sqlx::Decode<'r, sqlx::Postgres>>::decode(value)?;
                Ok(raw.parse::<$name>()?)
            }
        }
    };
}

pub(crate) use vocabulary;

/// A stored name that names no value of the concept: a database or a form out of step
/// with the code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("未知的{concept}取值：{value}")]
pub struct UnknownValue {
    pub concept: &'static str,
    pub value: String,
}

impl UnknownValue {
    pub fn new(concept: &'static str, raw: &str) -> Self {
        // Error messages quote at most 40 characters of what was sent.
        Self {
            concept,
            value: raw.chars().take(40).collect(),
        }
    }
}
