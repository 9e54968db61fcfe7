//! Who hears of what happens to items. Each notice is queued in the outbox in the
//! transaction that makes it happen, so a rolled-back operation tells nobody and a committed
//! one cannot be forgotten; the mail layer writes the words ([`Letters`]).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use sqlx::PgConnection;

use super::{Result, WorkflowError};
use crate::domain::{today_in_china, ItemId, MailPurpose, UnitId, UnitRole, UserId};
use crate::store::items::Item;
use crate::store::outbox::{self, Letter, NewMail, Recipient};

/// What happened, as the message tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    /// 催办, to the heads of the lead units.
    Urge,
    /// 交办, to the heads of the lead and helping units, one message per head listing all
    /// the items of one publication.
    Assigned,
    /// A lead unit reported an item done, to the secretariat.
    ReportedDone,
    /// A lead unit asked for more time, to the secretariat.
    ExtensionRequested,
    /// A leader's 批示, to the heads of the lead and helping units.
    Instruction,
    /// The ladder's reminder (蓝) before a deadline, to the heads of the lead units.
    Reminder,
    /// The ladder's warning (黄) close to a deadline, to the heads of the lead units.
    Warning,
    /// The ladder's report of an item long overdue, to its responsible leader.
    Escalation,
}

impl NoticeKind {
    fn purpose(self) -> MailPurpose {
        match self {
            NoticeKind::Urge => MailPurpose::Urge,
            NoticeKind::Assigned => MailPurpose::Assigned,
            NoticeKind::ReportedDone | NoticeKind::ExtensionRequested => MailPurpose::Update,
            NoticeKind::Instruction => MailPurpose::Instruction,
            NoticeKind::Reminder | NoticeKind::Warning => MailPurpose::Reminder,
            NoticeKind::Escalation => MailPurpose::Escalation,
        }
    }
}

/// One item a notice is about.
#[derive(Debug, Clone)]
pub struct NoticeItem {
    pub item_id: ItemId,
    /// 立项编号, once published.
    pub number: Option<String>,
    pub title: String,
    pub due: Option<NaiveDate>,
    /// The reader's unit's part in it, for notices to units.
    pub part: Option<UnitRole>,
}

impl NoticeItem {
    fn of(item: &Item, part: Option<UnitRole>) -> Self {
        Self {
            item_id: item.id,
            number: item.register_number.clone(),
            title: item.title.clone(),
            due: item.due_date,
            part,
        }
    }
}

/// What a message says.
#[derive(Debug, Clone)]
pub struct Notice<'a> {
    pub kind: NoticeKind,
    /// The unit the message is about: the reader's (to a unit) or the one that acted (to
    /// the secretariat).
    pub unit: &'a str,
    pub items: &'a [NoticeItem],
    pub today: NaiveDate,
    /// The words of whoever acted: an urge's note, the reason for more time.
    pub note: &'a str,
    /// The deadline asked for, in an extension request.
    pub new_due: Option<NaiveDate>,
    /// The leader who wrote a 批示.
    pub leader: Option<&'a str>,
}

/// Why a message could not be written.
pub type ComposeError = Box<dyn std::error::Error + Send + Sync>;

/// Writes the message a notice sends to the person named `to`. The mail layer provides it
/// (`digest::compose::NoticeMail`), so that the 督办 rules decide and record who is told
/// without rendering templates.
pub trait Letters {
    fn letter(&self, notice: &Notice<'_>, to: &str) -> std::result::Result<Letter, ComposeError>;
}

async fn queue(
    conn: &mut PgConnection,
    letters: &(dyn Letters + Sync),
    notice: &Notice<'_>,
    to: &Recipient,
) -> Result<()> {
    let mail = letters
        .letter(notice, &to.display_name)
        .map_err(WorkflowError::Compose)?;
    let new = NewMail {
        purpose: notice.kind.purpose(),
        dedup_key: None,
        to_user_id: Some(to.user_id),
        to_address: &to.email,
        subject: &mail.subject,
        body_text: &mail.text,
        body_html: Some(&mail.html),
    };
    outbox::insert_mail(&mut *conn, &new).await?;
    Ok(())
}

/// 催办: one message to each head of the item's lead units; how many were queued.
pub(super) async fn urge(
    conn: &mut PgConnection,
    letters: &(dyn Letters + Sync),
    item: &Item,
    note: &str,
) -> Result<usize> {
    let today = today_in_china();
    to_lead_heads(conn, letters, NoticeKind::Urge, item, note, today).await
}

/// A notice about an item to each head of its lead units (催办, the ladder's reminder and
/// warning); how many were queued.
pub(super) async fn to_lead_heads(
    conn: &mut PgConnection,
    letters: &(dyn Letters + Sync),
    kind: NoticeKind,
    item: &Item,
    note: &str,
    today: NaiveDate,
) -> Result<usize> {
    let heads = outbox::list_unit_heads(&mut *conn, &item.lead_unit_ids).await?;
    let items = [NoticeItem::of(item, Some(UnitRole::Lead))];
    for head in &heads {
        let notice = Notice {
            kind,
            unit: &head.unit_name,
            items: &items,
            today,
            note,
            new_due: None,
            leader: None,
        };
        queue(conn, letters, &notice, head).await?;
    }
    Ok(heads.len())
}

/// The ladder's report of an overdue item to its responsible leader's account; false when
/// the item has no leader or the leader no active account with an address.
pub(super) async fn to_leader(
    conn: &mut PgConnection,
    letters: &(dyn Letters + Sync),
    item: &Item,
    today: NaiveDate,
) -> Result<bool> {
    let Some(leader_id) = item.leader_id else {
        return Ok(false);
    };
    let Some(to) = outbox::find_leader_recipient(&mut *conn, leader_id).await? else {
        return Ok(false);
    };
    let items = [NoticeItem::of(item, None)];
    let unit = item.lead_units.join("、");
    let notice = Notice {
        kind: NoticeKind::Escalation,
        unit: &unit,
        items: &items,
        today,
        note: "",
        new_due: None,
        leader: item.leader_name.as_deref(),
    };
    queue(conn, letters, &notice, &to).await?;
    Ok(true)
}

/// 交办: each head of a lead or helping unit of the published items gets one message with
/// the items of their unit (an item their unit leads is listed as 牵头 even if it also
/// helps).
pub(super) async fn assigned(
    conn: &mut PgConnection,
    letters: &(dyn Letters + Sync),
    published: &[Item],
) -> Result<usize> {
    let units: Vec<UnitId> = published
        .iter()
        .flat_map(|i| i.lead_unit_ids.iter().chain(&i.co_unit_ids))
        .copied()
        .collect();
    let heads = outbox::list_unit_heads(&mut *conn, &units).await?;
    let mut by_head: BTreeMap<UserId, (&Recipient, Vec<NoticeItem>)> = BTreeMap::new();
    for head in &heads {
        let Some(unit) = head.unit_id else { continue };
        for item in published {
            let part = if item.lead_unit_ids.contains(&unit) {
                UnitRole::Lead
            } else if item.co_unit_ids.contains(&unit) {
                UnitRole::Co
            } else {
                continue;
            };
            by_head
                .entry(head.user_id)
                .or_insert_with(|| (head, Vec::new()))
                .1
                .push(NoticeItem::of(item, Some(part)));
        }
    }
    let today = today_in_china();
    for (head, items) in by_head.values() {
        let notice = Notice {
            kind: NoticeKind::Assigned,
            unit: &head.unit_name,
            items,
            today,
            note: "",
            new_due: None,
            leader: None,
        };
        queue(conn, letters, &notice, head).await?;
    }
    Ok(by_head.len())
}

/// A unit's step the secretariat must answer (reported done, more time asked): to every
/// secretariat member who has not turned these messages off.
pub(super) async fn to_secretariat(
    conn: &mut PgConnection,
    letters: &(dyn Letters + Sync),
    kind: NoticeKind,
    item: &Item,
    note: &str,
    new_due: Option<NaiveDate>,
) -> Result<usize> {
    let watchers = outbox::list_update_watchers(&mut *conn).await?;
    let items = [NoticeItem::of(item, None)];
    let unit = item.lead_units.join("、");
    for watcher in &watchers {
        let notice = Notice {
            kind,
            unit: &unit,
            items: &items,
            today: today_in_china(),
            note,
            new_due,
            leader: None,
        };
        queue(conn, letters, &notice, watcher).await?;
    }
    Ok(watchers.len())
}

/// 批示: to each head of the item's lead and helping units.
pub(super) async fn instructed(
    conn: &mut PgConnection,
    letters: &(dyn Letters + Sync),
    item: &Item,
    text: &str,
) -> Result<usize> {
    let units: Vec<UnitId> = item
        .lead_unit_ids
        .iter()
        .chain(&item.co_unit_ids)
        .copied()
        .collect();
    let heads = outbox::list_unit_heads(&mut *conn, &units).await?;
    for head in &heads {
        let part = head.unit_id.map(|u| {
            if item.lead_unit_ids.contains(&u) {
                UnitRole::Lead
            } else {
                UnitRole::Co
            }
        });
        let items = [NoticeItem::of(item, part)];
        let notice = Notice {
            kind: NoticeKind::Instruction,
            unit: &head.unit_name,
            items: &items,
            today: today_in_china(),
            note: text,
            new_due: None,
            leader: item.leader_name.as_deref(),
        };
        queue(conn, letters, &notice, head).await?;
    }
    Ok(heads.len())
}
