//! The item list's filter (督办事项筛选): what the query string of `/ledger` may say, parsed
//! once at the edge and written back out so that pagination, sorting and export links keep it.

use chrono::NaiveDate;
use thiserror::Error;

use super::{DocumentId, ItemStatus, Light, UnitId, UnitRole};

/// Items per page of the list.
pub const PAGE_SIZE: i64 = 50;
/// The most rows one export holds.
pub const EXPORT_CAP: i64 = 100_000;
/// The longest text filter accepted, in characters.
const MAX_TEXT: usize = 100;

/// Why a query string is not a valid filter. Messages are Chinese: they reach the error page.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum FilterError {
    #[error("“{field}”的取值无效：{value}")]
    BadNumber { field: &'static str, value: String },
    #[error("未知的状态：{0}")]
    UnknownStatus(String),
    #[error("未知的亮灯：{0}（可选 red、yellow、green、done）")]
    UnknownLight(String),
    #[error("日期格式应为 YYYY-MM-DD：{0}")]
    BadDate(String),
    #[error("起始日期不能晚于截止日期")]
    EmptyRange,
    #[error("单位角色应为 lead（牵头）或 co（配合）：{0}")]
    UnknownUnitRole(String),
    #[error("未知的排序方式：{0}")]
    UnknownSort(String),
    #[error("排序方向应为 asc 或 desc：{0}")]
    BadDirection(String),
    #[error("页码无效：{0}")]
    BadPage(String),
    #[error("搜索文字过长（最多 {MAX_TEXT} 字）")]
    TextTooLong,
}

/// What the list is ordered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// 完成时限, items without a deadline last.
    #[default]
    Due,
    /// 更新时间.
    Updated,
    /// 状态, in lifecycle order.
    Status,
    /// 牵头单位 (the first lead unit's name).
    Unit,
}

impl SortKey {
    pub const ALL: [SortKey; 4] = [
        SortKey::Due,
        SortKey::Updated,
        SortKey::Status,
        SortKey::Unit,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Due => "due",
            SortKey::Updated => "updated",
            SortKey::Status => "status",
            SortKey::Unit => "unit",
        }
    }
}

/// Ascending or descending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortDir {
    #[default]
    Asc,
    Desc,
}

impl SortDir {
    pub fn as_str(self) -> &'static str {
        match self {
            SortDir::Asc => "asc",
            SortDir::Desc => "desc",
        }
    }

    fn flipped(self) -> Self {
        match self {
            SortDir::Asc => SortDir::Desc,
            SortDir::Desc => SortDir::Asc,
        }
    }
}

/// Days without a progress report after which an open item counts as stale (久未更新).
pub const STALE_DAYS: i64 = 14;

/// A filtered, sorted page of the item list. An empty `lights` means "any"; an empty
/// `statuses` means those of published items ([`ItemStatus::PUBLISHED`]: the ledger lists
/// drafts and 不予督办 items only when asked).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ItemFilter {
    pub unit: Option<UnitId>,
    /// With `unit`: only items the unit leads (or only those it helps with).
    pub unit_role: Option<UnitRole>,
    pub statuses: Vec<ItemStatus>,
    pub lights: Vec<Light>,
    pub document: Option<DocumentId>,
    pub leader: Option<i64>,
    pub due_from: Option<NaiveDate>,
    pub due_to: Option<NaiveDate>,
    /// Closed (办结) on or after / on or before, in China's calendar.
    pub closed_from: Option<NaiveDate>,
    pub closed_to: Option<NaiveDate>,
    /// Only open items with no progress reported for [`STALE_DAYS`].
    pub stale: bool,
    /// Only open items that missed a periodic report (缺报), whatever their light shows.
    pub missed: bool,
    pub text: Option<String>,
    pub sort: SortKey,
    pub dir: SortDir,
    /// 1-based.
    pub page: u32,
}

impl ItemFilter {
    /// Reads decoded query pairs; unknown keys are ignored and empty values mean "not set"
    /// (an untouched form field submits `unit=`).
    ///
    /// ```
    /// use duban::domain::filter::{ItemFilter, SortKey};
    /// use duban::domain::{ItemStatus, Light};
    /// let f = ItemFilter::from_pairs([("status", "blocked"), ("status", "assigned"),
    ///     ("light", "red"), ("sort", "unit"), ("unit", "")]).unwrap();
    /// assert_eq!(f.statuses, [ItemStatus::Blocked, ItemStatus::Assigned]);
    /// assert_eq!((f.lights, f.sort, f.unit, f.page), (vec![Light::Red], SortKey::Unit, None, 1));
    /// assert!(ItemFilter::from_pairs([("light", "purple")]).is_err());
    /// ```
    pub fn from_pairs<K, V>(pairs: impl IntoIterator<Item = (K, V)>) -> Result<Self, FilterError>
    where
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let mut f = ItemFilter {
            page: 1,
            ..ItemFilter::default()
        };
        for (key, value) in pairs {
            let v = value.as_ref().trim();
            if v.is_empty() {
                continue;
            }
            match key.as_ref() {
                "unit" => f.unit = Some(UnitId(id("单位", v)?)),
                "document" => f.document = Some(DocumentId(id("来源文件", v)?)),
                "leader" => f.leader = Some(id("责任领导", v)?),
                "status" => push_new(&mut f.statuses, parse_status(v)?),
                "light" => push_new(&mut f.lights, parse_light(v)?),
                "due_from" => f.due_from = Some(date(v)?),
                "due_to" => f.due_to = Some(date(v)?),
                "closed_from" => f.closed_from = Some(date(v)?),
                "closed_to" => f.closed_to = Some(date(v)?),
                "role" => f.unit_role = Some(parse_unit_role(v)?),
                "stale" => f.stale = v != "0",
                "missed" => f.missed = v != "0",
                "q" if v.chars().count() > MAX_TEXT => return Err(FilterError::TextTooLong),
                "q" => f.text = Some(v.to_owned()),
                "sort" => f.sort = parse_sort(v)?,
                "dir" => f.dir = parse_dir(v)?,
                "page" => f.page = page(v)?,
                _ => {}
            }
        }
        let reversed = |range| matches!(range, (Some(a), Some(b)) if a > b);
        if reversed((f.due_from, f.due_to)) || reversed((f.closed_from, f.closed_to)) {
            return Err(FilterError::EmptyRange);
        }
        Ok(f)
    }

    /// The filter and sort as query pairs, without the page: what every link keeps.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut p = Vec::new();
        let mut opt = |k, v: Option<String>| {
            if let Some(v) = v {
                p.push((k, v));
            }
        };
        opt("unit", self.unit.map(|v| v.to_string()));
        opt("role", self.unit_role.map(|r| r.as_str().to_owned()));
        opt("document", self.document.map(|v| v.to_string()));
        opt("leader", self.leader.map(|v| v.to_string()));
        opt("due_from", self.due_from.map(|d| d.to_string()));
        opt("due_to", self.due_to.map(|d| d.to_string()));
        opt("closed_from", self.closed_from.map(|d| d.to_string()));
        opt("closed_to", self.closed_to.map(|d| d.to_string()));
        opt("stale", self.stale.then(|| "1".to_owned()));
        opt("missed", self.missed.then(|| "1".to_owned()));
        opt("q", self.text.clone());
        p.extend(
            self.statuses
                .iter()
                .map(|s| ("status", s.as_str().to_owned())),
        );
        p.extend(self.lights.iter().map(|l| ("light", l.as_str().to_owned())));
        if self.sort != SortKey::default() || self.dir != SortDir::default() {
            p.push(("sort", self.sort.as_str().to_owned()));
            p.push(("dir", self.dir.as_str().to_owned()));
        }
        p
    }

    /// The filter and sort as a query string (no leading `?`), without the page.
    ///
    /// ```
    /// use duban::domain::filter::ItemFilter;
    /// let f = ItemFilter::from_pairs([("q", "新校区 & 清徐"), ("status", "closed"), ("page", "3")]).unwrap();
    /// assert_eq!(f.to_query_string(), "q=%E6%96%B0%E6%A0%A1%E5%8C%BA+%26+%E6%B8%85%E5%BE%90&status=closed");
    /// assert_eq!(ItemFilter::from_pairs(url_pairs(&f.to_query_string())).unwrap().page, 1);
    /// # fn url_pairs(s: &str) -> Vec<(String, String)> { serde_html_form::from_str(s).unwrap() }
    /// ```
    pub fn to_query_string(&self) -> String {
        serde_html_form::to_string(self.to_pairs()).unwrap_or_default()
    }

    /// The same list at another page.
    pub fn page_query(&self, page: u32) -> String {
        let mut p = self.to_pairs();
        if page > 1 {
            p.push(("page", page.to_string()));
        }
        serde_html_form::to_string(p).unwrap_or_default()
    }

    /// The same filter sorted by `key`: ascending first, flipped when already sorted by it.
    pub fn sort_query(&self, key: SortKey) -> String {
        let dir = if self.sort == key {
            self.dir.flipped()
        } else {
            SortDir::Asc
        };
        let f = ItemFilter {
            sort: key,
            dir,
            page: 1,
            ..self.clone()
        };
        let mut p = f.to_pairs();
        if !p.iter().any(|(k, _)| *k == "sort") {
            p.extend([
                ("sort", key.as_str().to_owned()),
                ("dir", dir.as_str().to_owned()),
            ]);
        }
        serde_html_form::to_string(p).unwrap_or_default()
    }

    /// Rows skipped before this page.
    pub fn offset(&self) -> i64 {
        i64::from(self.page.saturating_sub(1)) * PAGE_SIZE
    }

    /// The `ILIKE` pattern of the text filter, with `%`, `_` and `\` taken literally.
    pub fn text_pattern(&self) -> Option<String> {
        self.text.as_ref().map(|t| {
            let escaped: String = t
                .chars()
                .flat_map(|c| match c {
                    '%' | '_' | '\\' => vec!['\\', c],
                    c => vec![c],
                })
                .collect();
            format!("%{escaped}%")
        })
    }
}

fn parse_status(v: &str) -> Result<ItemStatus, FilterError> {
    ItemStatus::parse(v).ok_or_else(|| FilterError::UnknownStatus(shorten(v)))
}

fn parse_light(v: &str) -> Result<Light, FilterError> {
    Light::parse(v).ok_or_else(|| FilterError::UnknownLight(shorten(v)))
}

fn parse_unit_role(v: &str) -> Result<UnitRole, FilterError> {
    UnitRole::parse(v).ok_or_else(|| FilterError::UnknownUnitRole(shorten(v)))
}

fn parse_sort(v: &str) -> Result<SortKey, FilterError> {
    SortKey::ALL
        .into_iter()
        .find(|k| k.as_str() == v)
        .ok_or_else(|| FilterError::UnknownSort(shorten(v)))
}

fn parse_dir(v: &str) -> Result<SortDir, FilterError> {
    match v {
        "asc" => Ok(SortDir::Asc),
        "desc" => Ok(SortDir::Desc),
        _ => Err(FilterError::BadDirection(shorten(v))),
    }
}

fn id(field: &'static str, v: &str) -> Result<i64, FilterError> {
    v.parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| FilterError::BadNumber {
            field,
            value: shorten(v),
        })
}

fn date(v: &str) -> Result<NaiveDate, FilterError> {
    NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| FilterError::BadDate(shorten(v)))
}

fn page(v: &str) -> Result<u32, FilterError> {
    v.parse::<u32>()
        .ok()
        // Past this the offset would overflow anything sensible; nobody pages that far.
        .filter(|n| (1..=1_000_000).contains(n))
        .ok_or_else(|| FilterError::BadPage(shorten(v)))
}

fn push_new<T: PartialEq>(list: &mut Vec<T>, v: T) {
    if !list.contains(&v) {
        list.push(v);
    }
}

/// Error messages quote at most 40 characters of what was sent.
fn shorten(v: &str) -> String {
    v.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(pairs: &[(&str, &str)]) -> Result<ItemFilter, FilterError> {
        ItemFilter::from_pairs(pairs.iter().copied())
    }

    #[test]
    fn an_empty_query_is_the_default_first_page_sorted_by_deadline() {
        let f = parse(&[]).unwrap();
        assert_eq!(f.page, 1);
        assert_eq!((f.sort, f.dir), (SortKey::Due, SortDir::Asc));
        assert_eq!(f.to_query_string(), "");
    }

    #[test]
    fn bad_values_are_named_in_chinese() {
        let msg = |pairs: &[(&str, &str)]| parse(pairs).unwrap_err().to_string();
        assert_eq!(msg(&[("unit", "abc")]), "“单位”的取值无效：abc");
        assert_eq!(msg(&[("status", "done")]), "未知的状态：done");
        assert_eq!(
            msg(&[("due_from", "2022-13-01")]),
            "日期格式应为 YYYY-MM-DD：2022-13-01"
        );
        assert_eq!(msg(&[("page", "0")]), "页码无效：0");
        assert_eq!(msg(&[("sort", "title")]), "未知的排序方式：title");
        assert_eq!(
            parse(&[("due_from", "2022-05-01"), ("due_to", "2022-04-01")]),
            Err(FilterError::EmptyRange)
        );
    }

    #[test]
    fn every_filter_survives_a_round_trip_through_the_query_string() {
        let f = parse(&[
            ("unit", "3"),
            ("status", "in_progress"),
            ("status", "blocked"),
            ("light", "yellow"),
            ("document", "7"),
            ("leader", "2"),
            ("due_from", "2022-04-01"),
            ("due_to", "2022-04-30"),
            ("role", "lead"),
            ("closed_from", "2022-03-01"),
            ("closed_to", "2022-03-31"),
            ("stale", "1"),
            ("missed", "1"),
            ("q", "100% 完成_率"),
            ("sort", "updated"),
            ("dir", "desc"),
        ])
        .unwrap();
        let pairs: Vec<(String, String)> = serde_html_form::from_str(&f.to_query_string()).unwrap();
        assert_eq!(ItemFilter::from_pairs(pairs).unwrap(), f);
        assert_eq!(f.text_pattern().as_deref(), Some("%100\\% 完成\\_率%"));
    }

    #[test]
    fn sorting_by_the_same_column_again_flips_the_direction_and_returns_to_page_one() {
        let f = parse(&[("sort", "unit"), ("page", "4")]).unwrap();
        assert_eq!(f.sort_query(SortKey::Unit), "sort=unit&dir=desc");
        assert_eq!(f.sort_query(SortKey::Due), "sort=due&dir=asc");
        assert_eq!(f.page_query(2), "sort=unit&dir=asc&page=2");
        assert_eq!(f.offset(), 150);
    }
}
