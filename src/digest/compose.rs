//! Messages from their content: subject, plain text and HTML, both parts rendered by askama
//! from `templates/mail/`; pure. Every item links back to its page, and every message ends
//! with why its reader gets it and where to change that.

use askama::Template;
use chrono::NaiveDate;

use super::content::{Digest, LeaderDigest, SecretariatDigest, UnitDigest};
use super::schedule::{Cadence, Period};
use crate::domain::{ExtensionStatus, ItemId, Light, LightCause};
use crate::format::{cn_date, cn_date_opt, cn_time, days_left};
use crate::store::digest::{DigestItem, Extension, Returned, UnitTotals};
pub use crate::store::outbox::Letter;
use crate::workflow::{ComposeError, Letters, Notice, NoticeKind};

/// Who reads the message, and where duban is.
#[derive(Debug, Clone, Copy)]
pub struct Reader<'a> {
    pub name: &'a str,
    /// The start of every link, without a trailing slash.
    pub base_url: &'a str,
}

/// Lines listed under one heading. The rest are counted, with a link to where they all
/// are: a digest of thousands of lines is read by nobody.
pub const SECTION_SHOWN: usize = 30;

/// A heading and its lines, the same in both parts.
pub struct Section {
    pub title: String,
    pub entries: Vec<Entry>,
    /// What was left out of `entries`.
    pub more: Option<More>,
}

/// Lines a section leaves out, and the page that lists them all.
pub struct More {
    pub count: usize,
    pub url: String,
}

/// One line of a section: an item (with its link) and what to know about it.
pub struct Entry {
    pub title: String,
    pub url: String,
    pub facts: String,
    /// A quoted remark: a reason, an answer.
    pub remark: Option<String>,
}

/// What both digest templates render.
pub struct DigestView {
    pub greeting: String,
    pub intro: String,
    /// Per-unit lights, for the secretariat only.
    pub totals: Vec<UnitTotals>,
    pub sections: Vec<Section>,
    pub footer: Footer,
}

pub struct Footer {
    pub reason: String,
    pub settings_url: String,
    pub base_url: String,
}

#[derive(Template)]
#[template(path = "mail/digest.txt")]
struct DigestText<'a> {
    v: &'a DigestView,
}

#[derive(Template)]
#[template(path = "mail/digest.html")]
struct DigestHtml<'a> {
    v: &'a DigestView,
    subject: &'a str,
}

/// The message of a digest for `reader`.
pub fn digest_mail(
    digest: &Digest,
    period: &Period,
    reader: Reader<'_>,
) -> Result<Letter, askama::Error> {
    let links = Links(reader.base_url);
    let today = period.today();
    // (who, in the subject; whose items, in the first line; why this reader gets it)
    let (who, whose, reason, mut view) = match digest {
        Digest::Unit(d) => (
            d.unit.clone(),
            format!("{}的督办事项", d.unit),
            format!("您是{}的部门负责人", d.unit),
            unit_view(d, &links, today),
        ),
        Digest::Secretariat(d) => (
            "办公室汇总".to_owned(),
            "各单位的督办事项".to_owned(),
            "您是办公室（督办）人员".to_owned(),
            secretariat_view(d, &links, today),
        ),
        Digest::Leader(d) => (
            format!("{}负责的事项", d.leader),
            "您负责的督办事项".to_owned(),
            format!("您是这些事项的责任领导（{}）", d.leader),
            leader_view(d, &links, today),
        ),
    };
    let how_often = match period.cadence {
        Cadence::Weekly => "每周",
        Cadence::Daily => "每日",
    };
    view.greeting = format!("{}您好：", reader.name);
    view.footer = Footer {
        reason: format!("您收到这封邮件，是因为{reason}，并选择了{how_often}接收督办汇总。"),
        settings_url: links.settings(),
        base_url: reader.base_url.to_owned(),
    };
    view.intro = format!(
        "以下是{whose}截至{}的情况（新消息自{}起）。",
        cn_date(today),
        cn_time(period.since),
    );
    let subject = format!(
        "{} · {who} · {}{}",
        period.cadence.noun(),
        period.label(),
        headline(digest)
    );
    Ok(Letter {
        text: DigestText { v: &view }.render()?,
        html: DigestHtml {
            v: &view,
            subject: &subject,
        }
        .render()?,
        subject,
    })
}

/// The most pressing counts, for the subject: items overdue and items missing a report.
fn headline(digest: &Digest) -> String {
    let (overdue, missed) = match digest {
        Digest::Unit(d) => (d.overdue.len(), d.missed.len()),
        Digest::Secretariat(d) => (d.overdue.len(), d.missed.len()),
        Digest::Leader(d) => {
            let is = |cause| d.red.iter().filter(|i| i.cause == Some(cause)).count();
            (is(LightCause::Overdue), is(LightCause::ReportMissed))
        }
    };
    let counts: Vec<String> = [("逾期", overdue), ("缺报", missed)]
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(what, n)| format!("{what} {n} 项"))
        .collect();
    if counts.is_empty() {
        String::new()
    } else {
        format!("（{}）", counts.join("，"))
    }
}

fn empty_view() -> DigestView {
    DigestView {
        greeting: String::new(),
        intro: String::new(),
        totals: Vec::new(),
        sections: Vec::new(),
        footer: Footer {
            reason: String::new(),
            settings_url: String::new(),
            base_url: String::new(),
        },
    }
}

fn unit_view(d: &UnitDigest, links: &Links<'_>, today: NaiveDate) -> DigestView {
    let all = links.my_items();
    let items = |title: &str, list: &[DigestItem]| {
        section(title, list, &all, |i| unit_entry(i, links, today))
    };
    let mut view = empty_view();
    view.sections = vec![
        items("已逾期", &d.overdue),
        items("缺报（未按周期报送进展）", &d.missed),
        items("新交办", &d.new),
        items("14天内到期", &d.due_soon),
        items("14天以上无进展", &d.stale),
        section(
            "被退回（请按意见继续办理）",
            &d.returned,
            &all,
            |r| returned_entry(r, links),
        ),
        section("延期申请答复", &d.answered, &all, |e| {
            answered_entry(e, links)
        }),
    ];
    view.sections.retain(|s| !s.entries.is_empty());
    view
}

fn secretariat_view(d: &SecretariatDigest, links: &Links<'_>, today: NaiveDate) -> DigestView {
    let mut view = empty_view();
    let (awaiting, overdue, missed) = (
        links.ledger("status=reported_done"),
        links.ledger("light=red"),
        links.ledger("missed=1"),
    );
    view.totals = d.totals.clone();
    if !d.totals.is_empty() {
        view.totals.push(d.grand_total());
    }
    view.sections = vec![
        section("已完成，待核验", &d.awaiting, &awaiting, |i| Entry {
            facts: format!(
                "牵头：{} · 报完成于{}",
                or_none(&i.lead_units),
                i.reported_done_at.map(cn_time).unwrap_or_default()
            ),
            ..item_entry(i, links)
        }),
        section("逾期事项", &d.overdue, &overdue, |i| Entry {
            facts: format!("牵头：{} · {}", or_none(&i.lead_units), due_facts(i, today)),
            ..item_entry(i, links)
        }),
        section("缺报事项", &d.missed, &missed, |i| Entry {
            facts: format!("牵头：{} · {}", or_none(&i.lead_units), due_facts(i, today)),
            ..item_entry(i, links)
        }),
        section(
            "待答复的延期申请",
            &d.pending,
            &links.ledger(""),
            |e| Entry {
                title: e.title.clone(),
                url: links.item(e.item_id),
                facts: format!(
                    "牵头：{} · 申请将完成时限由{}延至{} · 申请于{}",
                    or_none(&e.lead_units),
                    cn_date_opt(e.old_due),
                    cn_date(e.new_due),
                    cn_time(e.created_at)
                ),
                remark: Some(format!("理由：{}", e.reason)),
            },
        ),
    ];
    view.sections.retain(|s| !s.entries.is_empty());
    view
}

fn leader_view(d: &LeaderDigest, links: &Links<'_>, today: NaiveDate) -> DigestView {
    let entry = |i: &DigestItem| Entry {
        facts: format!(
            "牵头：{} · {} · {}",
            or_none(&i.lead_units),
            i.status.label(),
            due_facts(i, today)
        ),
        ..item_entry(i, links)
    };
    let all = links.my_items();
    let mut view = empty_view();
    view.sections = vec![
        section(Light::Red.heading(), &d.red, &all, entry),
        section(Light::Yellow.heading(), &d.yellow, &all, entry),
        section(Light::Green.heading(), &d.green, &all, entry),
        section("已完成，待办公室核验", &d.done, &all, entry),
    ];
    view.sections.retain(|s| !s.entries.is_empty());
    view
}

/// A section of the first [`SECTION_SHOWN`] `rows`; the others are at `all_url`.
fn section<T>(title: &str, rows: &[T], all_url: &str, entry: impl Fn(&T) -> Entry) -> Section {
    let left_out = rows.len().saturating_sub(SECTION_SHOWN);
    Section {
        title: format!("{title}（{} 项）", rows.len()),
        entries: rows.iter().take(SECTION_SHOWN).map(entry).collect(),
        more: (left_out > 0).then(|| More {
            count: left_out,
            url: all_url.to_owned(),
        }),
    }
}

fn item_entry(i: &DigestItem, links: &Links<'_>) -> Entry {
    Entry {
        title: match &i.register_number {
            Some(number) => format!("{number} {}", i.title),
            None => i.title.clone(),
        },
        url: links.item(i.id),
        facts: String::new(),
        remark: None,
    }
}

fn unit_entry(i: &DigestItem, links: &Links<'_>, today: NaiveDate) -> Entry {
    let part = if i.is_lead { "牵头" } else { "配合" };
    Entry {
        facts: format!("{part} · {} · {}", i.status.label(), due_facts(i, today)),
        ..item_entry(i, links)
    }
}

fn returned_entry(r: &Returned, links: &Links<'_>) -> Entry {
    Entry {
        title: r.title.clone(),
        url: links.item(r.item_id),
        facts: format!("退回于{}", cn_time(r.returned_at)),
        remark: r
            .reason
            .as_ref()
            .map(|reason| format!("退回意见：{reason}")),
    }
}

fn answered_entry(e: &Extension, links: &Links<'_>) -> Entry {
    let verdict = if e.status == ExtensionStatus::Approved {
        format!("已同意延期，完成时限改为{}", cn_date(e.new_due))
    } else {
        format!("未同意延期，完成时限仍为{}", cn_date_opt(e.old_due))
    };
    Entry {
        title: e.title.clone(),
        url: links.item(e.item_id),
        facts: verdict,
        remark: e.decision_note.as_ref().map(|n| format!("办公室意见：{n}")),
    }
}

/// "完成时限：2026年11月30日（还剩 7 天）".
fn due_facts(i: &DigestItem, today: NaiveDate) -> String {
    let left = days_left(i.due_date, today);
    if left.is_empty() {
        format!("完成时限：{}", cn_date_opt(i.due_date))
    } else {
        format!("完成时限：{}（{left}）", cn_date_opt(i.due_date))
    }
}

fn or_none(units: &str) -> &str {
    if units.is_empty() {
        "未指定"
    } else {
        units
    }
}

/// Links into duban.
struct Links<'a>(&'a str);

impl Links<'_> {
    fn item(&self, id: ItemId) -> String {
        format!("{}/items/{id}", self.0)
    }
    fn settings(&self) -> String {
        format!("{}/account", self.0)
    }
    fn my_items(&self) -> String {
        format!("{}/my", self.0)
    }
    /// The ledger under a filter (a query string, or "" for all).
    fn ledger(&self, query: &str) -> String {
        match query {
            "" => format!("{}/ledger", self.0),
            q => format!("{}/ledger?{q}", self.0),
        }
    }
}

/// What both notice templates render: who is told what, about which items.
pub struct NoticeView {
    pub greeting: String,
    pub body: String,
    pub entries: Vec<Entry>,
    /// The button of the HTML part: where to act.
    pub action: &'static str,
    pub action_url: String,
    pub footer: Footer,
}

#[derive(Template)]
#[template(path = "mail/notice.txt")]
struct NoticeText<'a> {
    v: &'a NoticeView,
}

#[derive(Template)]
#[template(path = "mail/notice.html")]
struct NoticeHtml<'a> {
    v: &'a NoticeView,
    subject: &'a str,
}

/// Writes notices' messages from the templates, with links under `base_url`.
pub struct NoticeMail<'a> {
    pub base_url: &'a str,
}

impl Letters for NoticeMail<'_> {
    fn letter(&self, notice: &Notice<'_>, to: &str) -> Result<Letter, ComposeError> {
        let reader = Reader {
            name: to,
            base_url: self.base_url,
        };
        Ok(notice_mail(notice, reader)?)
    }
}

/// The message of a notice to one reader.
pub fn notice_mail(n: &Notice<'_>, reader: Reader<'_>) -> Result<Letter, askama::Error> {
    let links = Links(reader.base_url);
    let first = n.items.first().map_or("", |i| i.title.as_str());
    let count = n.items.len();
    let unit = n.unit;
    let (subject, body, reason) = match n.kind {
        NoticeKind::Urge => (
            format!("【催办】{first}"),
            format!("办公室对{unit}牵头的督办事项进行了催办，请抓紧办理，并及时在督办系统中报送进展。"),
            format!("您收到这封邮件，是因为您是{unit}的部门负责人，催办邮件发给牵头单位负责人，不能退订。"),
        ),
        NoticeKind::Assigned => (
            if count == 1 {
                format!("【交办】{first}")
            } else {
                format!("【交办】{first}等 {count} 项督办事项")
            },
            format!("办公室向{unit}交办了以下 {count} 项督办事项，请在督办系统中签收，按时限办理并报送进展。"),
            format!("您收到这封邮件，是因为您是{unit}的部门负责人，交办通知发给牵头和配合单位负责人，不能退订。"),
        ),
        NoticeKind::ReportedDone => (
            format!("【待核验】{unit}报告已完成：{first}"),
            format!("{unit}报告以下督办事项已完成，请核验后办结或退回。"),
            UPDATES_REASON.to_owned(),
        ),
        NoticeKind::Instruction => (
            format!("【领导批示】{first}"),
            format!(
                "{}对{unit}承办的督办事项作出批示，请认真落实，并在督办系统中报送落实情况。",
                n.leader.unwrap_or("责任领导")
            ),
            format!("您收到这封邮件，是因为您是{unit}的部门负责人，领导批示发给承办单位负责人，不能退订。"),
        ),
        NoticeKind::Reminder => (
            format!("【到期提醒】{first}"),
            format!("{unit}牵头的督办事项即将到期，请按时限抓紧办理，并及时在督办系统中报送进展。"),
            LADDER_REASON.replace("{unit}", unit),
        ),
        NoticeKind::Warning => (
            format!("【到期预警】{first}"),
            format!(
                "{unit}牵头的督办事项临近完成时限，请确保按时完成；确有困难的，请尽快在督办系统中申请延期。"
            ),
            LADDER_REASON.replace("{unit}", unit),
        ),
        NoticeKind::Escalation => (
            format!("【逾期报告】{first}"),
            format!(
                "您负责的督办事项已逾期，经催办仍未办结，特此报告。牵头单位：{unit}。"
            ),
            "您收到这封邮件，是因为您是该事项的责任领导，事项逾期超过督办等级规定的天数时报告责任领导，不能退订。"
                .to_owned(),
        ),
        NoticeKind::ExtensionRequested => (
            format!("【延期申请】{unit}：{first}"),
            format!(
                "{unit}申请将以下督办事项的完成时限延至{}，请审批。",
                cn_date_opt(n.new_due)
            ),
            UPDATES_REASON.to_owned(),
        ),
    };
    let entries = n
        .items
        .iter()
        .map(|i| {
            let due = notice_due(i.due, n.today);
            let mut facts = match i.part {
                Some(part) => format!("{} · 完成时限：{due}", part.label()),
                None => format!("完成时限：{due}"),
            };
            if let Some(number) = &i.number {
                facts = format!("{number} · {facts}");
            }
            let remark = Some(n.note.trim()).filter(|t| !t.is_empty()).map(|t| {
                let who = match n.kind {
                    NoticeKind::Urge => "办公室附言",
                    NoticeKind::ExtensionRequested => "延期理由",
                    NoticeKind::Instruction => "批示",
                    _ => "说明",
                };
                format!("{who}：{t}")
            });
            Entry {
                title: i.title.clone(),
                url: links.item(i.item_id),
                facts,
                remark,
            }
        })
        .collect();
    let (action, action_url) = match (n.kind, n.items) {
        (_, [one]) => ("打开督办系统办理", links.item(one.item_id)),
        _ => ("打开我的督办", links.my_items()),
    };
    let view = NoticeView {
        greeting: format!("{}您好：", reader.name),
        body,
        entries,
        action,
        action_url,
        footer: Footer {
            reason,
            settings_url: links.settings(),
            base_url: reader.base_url.to_owned(),
        },
    };
    Ok(Letter {
        text: NoticeText { v: &view }.render()?,
        html: NoticeHtml {
            v: &view,
            subject: &subject,
        }
        .render()?,
        subject,
    })
}

/// Why a unit head gets the ladder's reminders and warnings; `{unit}` is their unit.
const LADDER_REASON: &str =
    "您收到这封邮件，是因为您是{unit}的部门负责人，到期提醒和预警按督办等级发给牵头单位负责人，不能退订。";

const UPDATES_REASON: &str =
    "您收到这封邮件，是因为您在督办系统的「个人设置」中选择了接收办理动态提醒，可在那里关闭。";

fn notice_due(due: Option<NaiveDate>, today: NaiveDate) -> String {
    let left = days_left(due, today);
    match due {
        Some(d) if left.is_empty() => cn_date(d),
        Some(d) => format!("{}（{left}）", cn_date(d)),
        None => "未定".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::*;
    use crate::digest::content::{leader_digest, unit_digest};
    use crate::domain::{ItemStatus, UnitRole};
    use crate::workflow::NoticeItem;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn week() -> Period {
        Period {
            cadence: Cadence::Weekly,
            key: "weekly:2026-W48".into(),
            since: t("2026-11-16T00:00:00Z"),
            now: t("2026-11-23T00:00:00Z"),
        }
    }

    fn reader() -> Reader<'static> {
        Reader {
            name: "孙处长",
            base_url: "https://duban.example.edu.cn",
        }
    }

    fn late_item() -> DigestItem {
        DigestItem {
            id: ItemId(42),
            register_number: None,
            title: "修订<教学>管理办法".into(),
            status: ItemStatus::InProgress,
            due_date: Some("2026-11-20".parse().unwrap()),
            assigned_at: Some(t("2026-10-01T02:00:00Z")),
            last_progress_at: None,
            reported_done_at: None,
            lead_units: "教务处".into(),
            is_lead: true,
            cause: Some(LightCause::Overdue),
        }
    }

    /// 教务处's weekly digest with one late item.
    fn late_unit_mail() -> Letter {
        let digest = unit_digest("教务处", vec![late_item()], vec![], vec![], &week());
        digest_mail(&Digest::Unit(digest), &week(), reader()).unwrap()
    }

    #[test]
    fn a_long_section_lists_its_first_thirty_items_and_links_to_all_of_them() {
        let items = (0..45)
            .map(|n| DigestItem {
                id: ItemId(100 + n),
                title: format!("逾期事项{n:02}"),
                ..late_item()
            })
            .collect();
        let digest = unit_digest("教务处", items, vec![], vec![], &week());
        let mail = digest_mail(&Digest::Unit(digest), &week(), reader()).unwrap();
        for part in [&mail.text, &mail.html] {
            assert!(part.contains("已逾期（45 项）"));
            assert!(part.contains("逾期事项29") && !part.contains("逾期事项30"));
            assert!(part.contains("另有 15 项未列出"));
            assert!(part.contains("https://duban.example.edu.cn/my"));
        }
    }

    #[test]
    fn a_unit_digest_names_the_unit_period_and_lateness_in_its_subject() {
        let mail = late_unit_mail();

        assert_eq!(
            mail.subject,
            "督办周报 · 教务处 · 2026年第48周（逾期 1 项）"
        );
    }

    #[test]
    fn a_digest_subject_counts_missed_reports_beside_late_items() {
        let missed = DigestItem {
            cause: Some(LightCause::ReportMissed),
            ..late_item()
        };
        let leader = Digest::Leader(leader_digest("陈副院长", vec![late_item(), missed]));

        assert_eq!(headline(&leader), "（逾期 1 项，缺报 1 项）");
        assert_eq!(
            headline(&Digest::Leader(leader_digest("陈副院长", vec![]))),
            ""
        );
    }

    #[test]
    fn both_parts_list_the_item_with_its_link_and_deadline() {
        let mail = late_unit_mail();

        for part in [&mail.text, &mail.html] {
            assert!(part.contains("孙处长您好"), "{part}");
            assert!(part.contains("已逾期（1 项）"), "{part}");
            assert!(
                part.contains("https://duban.example.edu.cn/items/42"),
                "{part}"
            );
            assert!(part.contains("2026年11月20日（逾期 3 天）"), "{part}");
        }
        assert!(mail.text.contains("修订<教学>管理办法"));
        assert!(
            mail.html.contains("修订&#60;教学&#62;管理办法")
                || mail.html.contains("修订&lt;教学&gt;管理办法")
        );
    }

    #[test]
    fn the_footer_says_why_the_reader_gets_it_and_where_to_change_it() {
        let mail = late_unit_mail();

        for part in [&mail.text, &mail.html] {
            assert!(
                part.contains("您是教务处的部门负责人，并选择了每周接收督办汇总"),
                "{part}"
            );
            assert!(
                part.contains("https://duban.example.edu.cn/account"),
                "{part}"
            );
        }
    }

    #[test]
    fn a_leader_digest_is_titled_by_the_leader_and_grouped_by_light() {
        let digest = Digest::Leader(leader_digest("陈副院长", vec![late_item()]));

        let mail = digest_mail(&digest, &week(), reader()).unwrap();

        assert!(mail.subject.starts_with("督办周报 · 陈副院长负责的事项"));
        assert!(mail.text.contains("红灯 · 逾期或缺报（1 项）"));
    }

    #[test]
    fn the_secretariat_digest_has_a_line_per_unit_and_a_total() {
        let totals = vec![UnitTotals {
            unit: "教务处".into(),
            open: 3,
            red: 1,
            yellow: 1,
            green: 1,
            awaiting: 2,
        }];
        let digest = Digest::Secretariat(SecretariatDigest {
            totals,
            ..SecretariatDigest::default()
        });

        let mail = digest_mail(&digest, &week(), reader()).unwrap();

        assert!(mail
            .subject
            .starts_with("督办周报 · 办公室汇总 · 2026年第48周"));
        assert!(
            mail.text
                .contains("教务处：在办 3 项（红灯 1，黄灯 1，绿灯 1），待核验 2 项"),
            "{}",
            mail.text
        );
        assert!(mail.text.contains("合计：在办 3 项"));
        assert!(mail.html.contains("<td>教务处</td>"), "{}", mail.html);
    }

    #[test]
    fn an_urge_names_the_item_its_deadline_and_the_secretariats_words() {
        let items = [NoticeItem {
            item_id: ItemId(7),
            number: None,
            title: "完成迎评材料".into(),
            due: Some("2026-11-30".parse().unwrap()),
            part: Some(UnitRole::Lead),
        }];
        let urge = Notice {
            kind: NoticeKind::Urge,
            unit: "教务处",
            items: &items,
            today: "2026-11-23".parse().unwrap(),
            note: " 请本周内报送 ",
            new_due: None,
            leader: None,
        };

        let mail = notice_mail(&urge, reader()).unwrap();

        assert_eq!(mail.subject, "【催办】完成迎评材料");
        for part in [&mail.text, &mail.html] {
            assert!(part.contains("2026年11月30日（还剩 7 天）"), "{part}");
            assert!(part.contains("办公室附言：请本周内报送"), "{part}");
            assert!(
                part.contains("https://duban.example.edu.cn/items/7"),
                "{part}"
            );
        }
    }

    #[test]
    fn an_assignment_lists_each_item_with_the_units_part_in_it() {
        let items = [
            NoticeItem {
                item_id: ItemId(7),
                number: Some("督〔2026〕第15号".into()),
                title: "完成迎评材料".into(),
                due: Some("2026-12-31".parse().unwrap()),
                part: Some(UnitRole::Lead),
            },
            NoticeItem {
                item_id: ItemId(8),
                number: Some("督〔2026〕第16号".into()),
                title: "修订教学管理办法".into(),
                due: None,
                part: Some(UnitRole::Co),
            },
        ];
        let notice = Notice {
            kind: NoticeKind::Assigned,
            unit: "教务处",
            items: &items,
            today: "2026-11-23".parse().unwrap(),
            note: "",
            new_due: None,
            leader: None,
        };

        let mail = notice_mail(&notice, reader()).unwrap();

        assert_eq!(mail.subject, "【交办】完成迎评材料等 2 项督办事项");
        assert!(mail
            .text
            .contains("1. 完成迎评材料\n   督〔2026〕第15号 · 牵头 · 完成时限：2026年12月31日"));
        assert!(mail
            .text
            .contains("2. 修订教学管理办法\n   督〔2026〕第16号 · 配合 · 完成时限：未定"));
        assert!(
            mail.html.contains("https://duban.example.edu.cn/my"),
            "{}",
            mail.html
        );
    }

    #[test]
    fn the_ladders_notices_say_which_step_in_the_subject_and_why_the_reader_gets_them() {
        let items = [NoticeItem {
            item_id: ItemId(7),
            number: None,
            title: "完成迎评材料".into(),
            due: Some("2026-11-30".parse().unwrap()),
            part: None,
        }];
        let notice = |kind| Notice {
            kind,
            unit: "教务处",
            items: &items,
            today: "2026-12-14".parse().unwrap(),
            note: "",
            new_due: None,
            leader: Some("陈副院长"),
        };

        let warning = notice_mail(&notice(NoticeKind::Warning), reader()).unwrap();
        let escalation = notice_mail(&notice(NoticeKind::Escalation), reader()).unwrap();

        assert_eq!(warning.subject, "【到期预警】完成迎评材料");
        assert!(warning
            .text
            .contains("您是教务处的部门负责人，到期提醒和预警"));
        assert_eq!(escalation.subject, "【逾期报告】完成迎评材料");
        for part in [&escalation.text, &escalation.html] {
            assert!(part.contains("牵头单位：教务处"), "{part}");
            assert!(part.contains("2026年11月30日（逾期 14 天）"), "{part}");
            assert!(part.contains("您是该事项的责任领导"), "{part}");
        }
    }
}
