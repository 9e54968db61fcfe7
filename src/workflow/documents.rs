//! The secretariat corrects a document's header (each changed field in its history) or
//! deletes a document imported by mistake, while none of its items is published.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgPool;

use super::{invalid, require_secretariat, Result, WorkflowError};
use crate::domain::{Actor, DocumentField, DocumentId};
use crate::store::document_edits::{self, Header};

/// Saves the corrected header, based on the version the form showed (its `updated_at`).
pub async fn edit_document(
    pool: &PgPool,
    actor: &Actor,
    id: DocumentId,
    based_on: DateTime<Utc>,
    header: &Header,
) -> Result<()> {
    require_secretariat(actor)?;
    let mut tx = pool.begin().await?;
    let (before, version) = document_edits::lock_header(&mut tx, id)
        .await?
        .ok_or(WorkflowError::NotFound)?;
    if version != based_on {
        return invalid(
            "已被他人修改：您提交的内容基于旧版本，未保存。下面是当前内容，请核对后重新提交。",
        );
    }
    let changes = changed_fields(&before, header);
    if changes.is_empty() {
        return Ok(());
    }
    document_edits::update_header(&mut tx, id, header).await?;
    for (field, was, now) in &changes {
        document_edits::insert_event(&mut tx, id, actor.user_id(), *field, (was, now)).await?;
    }
    crate::store::search::reindex_document(&mut tx, id).await?;
    tx.commit().await?;
    Ok(())
}

/// Each field that differs, with its text before and after.
pub fn changed_fields(before: &Header, after: &Header) -> Vec<(DocumentField, String, String)> {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let date = |d: &Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let list = |v: &[String]| v.join("、");
    let all = [
        (
            DocumentField::Title,
            text(&before.title),
            text(&after.title),
        ),
        (
            DocumentField::DocNumber,
            text(&before.doc_number),
            text(&after.doc_number),
        ),
        (DocumentField::Org, text(&before.org), text(&after.org)),
        (
            DocumentField::MeetingDate,
            date(&before.meeting_date),
            date(&after.meeting_date),
        ),
        (
            DocumentField::IssuedDate,
            date(&before.issued_date),
            date(&after.issued_date),
        ),
        (
            DocumentField::Place,
            text(&before.place),
            text(&after.place),
        ),
        (
            DocumentField::Chair,
            text(&before.chair),
            text(&after.chair),
        ),
        (
            DocumentField::Attendees,
            list(&before.attendees),
            list(&after.attendees),
        ),
        (
            DocumentField::Observers,
            list(&before.observers),
            list(&after.observers),
        ),
        (
            DocumentField::Recorder,
            text(&before.recorder),
            text(&after.recorder),
        ),
        (
            DocumentField::Signer,
            text(&before.signer),
            text(&after.signer),
        ),
    ];
    all.into_iter().filter(|(_, a, b)| a != b).collect()
}

/// Deletes a document none of whose items is published; returns how many drafts went
/// with it.
pub async fn delete_document(pool: &PgPool, actor: &Actor, id: DocumentId) -> Result<usize> {
    require_secretariat(actor)?;
    let mut tx = pool.begin().await?;
    document_edits::lock_header(&mut tx, id)
        .await?
        .ok_or(WorkflowError::NotFound)?;
    let statuses = document_edits::lock_item_statuses(&mut tx, id).await?;
    let published = statuses.iter().filter(|s| s.is_tracked()).count();
    if published > 0 {
        return invalid(format!(
            "这份文件已有 {published} 项交办，不能删除：已交办事项的进展、材料和记录必须保留。\
             可修改文件信息，或将不需督办的事项标为不予督办。"
        ));
    }
    document_edits::delete_document(&mut tx, id).await?;
    tx.commit().await?;
    tracing::info!(document_id = %id, actor = %actor.user_id(), drafts = statuses.len(), "document deleted");
    Ok(statuses.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_fields_that_differ_are_changes_and_lists_compare_as_written() {
        let before = Header {
            title: Some("【媒体解读】某区政府常务会议纪要".into()),
            attendees: vec!["张三".into(), "李四".into()],
            ..Header::default()
        };
        let after = Header {
            title: Some("某区政府常务会议纪要".into()),
            ..before.clone()
        };

        let changes = changed_fields(&before, &after);

        assert_eq!(
            changes,
            [(
                DocumentField::Title,
                "【媒体解读】某区政府常务会议纪要".to_owned(),
                "某区政府常务会议纪要".to_owned()
            )]
        );
    }
}
