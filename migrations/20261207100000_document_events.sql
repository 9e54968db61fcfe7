-- The history of a document's header fields as the secretariat corrects them (a title
-- with a web site's prefix, a wrong 文号), before and after publishing.
CREATE TABLE document_events (
    id          bigserial PRIMARY KEY,
    document_id bigint NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    actor_id    bigint REFERENCES users (id),
    field       text NOT NULL CONSTRAINT document_events_field_known CHECK (field IN (
        'title', 'doc_number', 'org', 'meeting_date', 'issued_date', 'place', 'chair',
        'attendees', 'observers', 'recorder', 'signer')),
    before      text,
    after       text,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX document_events_document ON document_events (document_id, created_at DESC);

-- An item's history stays append-only, except that a document deleted before any of its
-- items was published (a mistaken import) takes its drafts' histories with it.
CREATE FUNCTION refuse_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND EXISTS (
        SELECT 1 FROM items WHERE id = OLD.item_id AND status IN ('draft', 'dismissed')) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;
DROP TRIGGER item_events_append_only ON item_events;
CREATE TRIGGER item_events_append_only BEFORE UPDATE OR DELETE ON item_events
    FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
DROP FUNCTION refuse_change();
