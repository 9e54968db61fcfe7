//! POST /documents/{id}/review: everything the review page's one form does. Every item the
//! clerk changed is saved first, whatever the button; then the button's action runs. A
//! refusal shows the page again with the clerk's ticks.

use actix_web::{web, HttpResponse};

use super::csrf::UserForm;
use super::documents::{require_secretariat, review_page};
use super::error::{refusal, Result};
use super::render::{page_with_status, see_other};
use super::review_form::{ReviewAction, ReviewForm};
use super::AppState;
use crate::digest::compose::NoticeMail;
use crate::domain::{Actor, DocumentId, ItemId};
use crate::store::items;
use crate::workflow::{self, WorkflowError};

type Outcome = std::result::Result<String, WorkflowError>;

pub async fn review(
    state: web::Data<AppState>,
    path: web::Path<DocumentId>,
    f: UserForm<ReviewForm>,
) -> Result<HttpResponse> {
    let id = path.into_inner();
    require_secretariat(&f.user)?;
    let actor = f.user.actor();
    let outcome = match save_changes(&state, &actor, id, &f.form).await {
        Ok(()) => act(&state, &actor, id, &f.form).await,
        Err(e) => Err(e),
    };
    let (status, message) = match outcome {
        Ok(to) => return Ok(see_other(to)),
        Err(e) => refusal(e)?,
    };
    let mut page = review_page(&state, &f.user, id, Some(message)).await?;
    page.ticked = Some(f.form.ticked.clone());
    page.past_due_confirmed = f.form.past_due_confirmed;
    page_with_status(status, &page)
}

/// Saves each item whose fields differ from what it is now (the page's items read in one
/// statement; each changed one is then locked and checked against its version).
async fn save_changes(
    state: &AppState,
    actor: &Actor,
    id: DocumentId,
    form: &ReviewForm,
) -> std::result::Result<(), WorkflowError> {
    if form.items.is_empty() {
        return Ok(());
    }
    let current = items::list_document_items(&state.pool, actor, id).await?;
    for (&item_id, raw) in &form.items {
        let edit = raw.to_edit()?;
        let item = current
            .iter()
            .find(|i| i.id == item_id)
            .ok_or(WorkflowError::NotFound)?;
        if workflow::changes(item, &edit) {
            workflow::edit_item(&state.pool, actor, item_id, &edit).await?;
        }
    }
    Ok(())
}

async fn act(state: &AppState, actor: &Actor, id: DocumentId, form: &ReviewForm) -> Outcome {
    let pool = &state.pool;
    let back = |query: String, card: Option<ItemId>| {
        let anchor = card.map(|c| format!("#card-{c}")).unwrap_or_default();
        format!("/documents/{id}{query}{anchor}")
    };
    match &form.action {
        ReviewAction::Save(card) => Ok(back(
            card.map(|c| format!("?saved={c}")).unwrap_or_default(),
            *card,
        )),
        &ReviewAction::Dismiss(item) | &ReviewAction::Restore(item) => {
            let dismiss = matches!(form.action, ReviewAction::Dismiss(_));
            let current = items::find_visible_item(pool, actor, item)
                .await?
                .ok_or(WorkflowError::NotFound)?;
            workflow::dismiss_item(pool, actor, item, current.version, dismiss).await?;
            Ok(back(String::new(), Some(item)))
        }
        ReviewAction::Publish => {
            let base_url = state.http.public_url();
            let letters = NoticeMail {
                base_url: &base_url,
            };
            let confirmed = form.past_due_confirmed;
            let done =
                workflow::publish_items(pool, actor, &form.ticked, confirmed, &letters).await?;
            let ids: Vec<String> = done.items.iter().map(ItemId::to_string).collect();
            let query = format!("?published={}&notified={}", ids.join(","), done.notified);
            Ok(format!("/documents/{id}{query}#publish-result"))
        }
        ReviewAction::DismissTicked => {
            let n = workflow::dismiss_items(pool, actor, &form.ticked).await?;
            Ok(back(format!("?done=dismissed&n={n}"), None))
        }
        ReviewAction::Batch => {
            let n = workflow::batch_edit(pool, actor, &form.ticked, &form.batch()?).await?;
            Ok(back(format!("?done=batched&n={n}"), None))
        }
        ReviewAction::Adopt(name) => {
            let n = workflow::adopt_unit_names(pool, actor, id, std::slice::from_ref(name)).await?;
            Ok(back(format!("?done=adopted&n={n}"), None))
        }
        ReviewAction::AdoptAll => {
            if !form.adopt_confirmed {
                return Err(WorkflowError::Invalid(
                    "请先勾选「确认全部新建」，再点「全部新建并选用」。".into(),
                ));
            }
            let names = super::documents::unknown_names(state, actor, id).await?;
            let n = workflow::adopt_unit_names(pool, actor, id, &names).await?;
            Ok(back(format!("?done=adopted&n={n}"), None))
        }
    }
}
