use actix_web::{web, HttpResponse};
use serde_json::json;

use super::AppState;

/// GET /healthz: 200 when the database answers, 503 otherwise.
pub async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    match crate::store::maintenance::ping(&state.pool).await {
        Ok(_) => HttpResponse::Ok().json(json!({"status": "ok", "database": "ok"})),
        Err(e) => {
            tracing::warn!(error = %e, "health check failed");
            // The cause is in the log; anyone may ask, so the answer names none.
            HttpResponse::ServiceUnavailable()
                .json(json!({"status": "unavailable", "database": "unavailable"}))
        }
    }
}
