-- An item's history and its latest progress report are read newest first with the id as
-- tie-break; with the id in the index the newest rows come straight off it, however long
-- the history, instead of every row of the item being sorted.
DROP INDEX item_events_item;
CREATE INDEX item_events_item ON item_events (item_id, created_at, id);
DROP INDEX progress_reports_item;
CREATE INDEX progress_reports_item ON progress_reports (item_id, created_at DESC, id DESC);
