//! Register numbers (立项编号): publishing numbers each item within its year, gapless, and
//! writes the number in the office's format, such as 督〔2026〕第15号.

use std::fmt;

/// How an office writes its register numbers: text with `{year}` and `{n}` in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterFormat(String);

/// Why a format was refused, in Chinese for the settings form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct BadFormat(pub &'static str);

impl RegisterFormat {
    /// The format offices most often use.
    pub const DEFAULT: &'static str = "督〔{year}〕第{n}号";
    const MAX_CHARS: usize = 40;

    pub fn parse(raw: &str) -> Result<Self, BadFormat> {
        let raw = raw.trim();
        if raw.matches("{n}").count() != 1 {
            return Err(BadFormat("编号格式中须有且只有一个 {n}（年内序号）。"));
        }
        if raw.matches("{year}").count() > 1 {
            return Err(BadFormat("编号格式中最多有一个 {year}（年份）。"));
        }
        if raw.chars().count() > Self::MAX_CHARS {
            return Err(BadFormat("编号格式不能超过 40 个字。"));
        }
        // Without the year, numbers of two years would be the same text.
        if !raw.contains("{year}") {
            return Err(BadFormat(
                "编号格式中须有 {year}（年份），否则各年的编号会重复。",
            ));
        }
        let rest = raw.replace("{year}", "").replace("{n}", "");
        if rest.contains(['{', '}']) {
            return Err(BadFormat("编号格式中只能使用 {year} 和 {n} 两个占位符。"));
        }
        Ok(Self(raw.to_owned()))
    }

    /// The number of the `n`th item published in `year`.
    pub fn number(&self, year: i32, n: i32) -> String {
        self.0
            .replace("{year}", &year.to_string())
            .replace("{n}", &n.to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for RegisterFormat {
    fn default() -> Self {
        Self(Self::DEFAULT.to_owned())
    }
}

impl fmt::Display for RegisterFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_format_writes_a_number_as_offices_do() {
        assert_eq!(
            RegisterFormat::default().number(2026, 15),
            "督〔2026〕第15号"
        );
    }

    #[test]
    fn a_format_needs_the_year_and_exactly_one_sequence_number() {
        assert!(RegisterFormat::parse("校督字〔{year}〕{n}号").is_ok());
        for bad in [
            "督第{n}号",
            "督〔{year}〕",
            "{year}-{n}-{n}",
            "{year}-{n}-{x}",
            "",
        ] {
            assert!(RegisterFormat::parse(bad).is_err(), "{bad}");
        }
    }
}
