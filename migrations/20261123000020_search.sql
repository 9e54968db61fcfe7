-- Chinese full-text search (issue 5). PostgreSQL has no Chinese parser: the `simple`
-- configuration splits on spaces and punctuation only, so a run of Chinese text would be one
-- "word". The application therefore segments text with jieba (src/search) and stores
-- to_tsvector('simple', <space-separated words>) here; queries are segmented the same way.
-- That is also why this column cannot be a generated column or be backfilled in SQL: the
-- server fills rows whose vector is NULL when it starts (store::search::reindex_all), and
-- imports and edits keep it current (store::search::reindex_item / reindex_document).
ALTER TABLE items ADD COLUMN search_vector tsvector;
ALTER TABLE documents ADD COLUMN search_vector tsvector;

-- GIN answers `search_vector @@ query` without reading every row.
CREATE INDEX items_search ON items USING gin (search_vector);
CREATE INDEX documents_search ON documents USING gin (search_vector);

-- Recomputing the vector is not a change anyone made: it must not move updated_at, which
-- the ledger shows as 更新时间 and the dashboard uses to find stale items. The statements
-- that write search_vector write nothing else, so "search_vector changed" identifies them.
DROP TRIGGER items_touch ON items;
CREATE TRIGGER items_touch BEFORE UPDATE ON items FOR EACH ROW
    WHEN (OLD.search_vector IS NOT DISTINCT FROM NEW.search_vector)
    EXECUTE FUNCTION touch_updated_at();
DROP TRIGGER documents_touch ON documents;
CREATE TRIGGER documents_touch BEFORE UPDATE ON documents FOR EACH ROW
    WHEN (OLD.search_vector IS NOT DISTINCT FROM NEW.search_vector)
    EXECUTE FUNCTION touch_updated_at();
