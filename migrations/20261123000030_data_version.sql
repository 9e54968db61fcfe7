-- The dashboard's figures are aggregates over every item; recomputing them on each request
-- would not survive 100,000 items. Instances cache them per data version and day instead:
-- `data_version.n` moves whenever anything the figures are made of changes.
--
-- The counter is bumped by deferred constraint triggers, i.e. at commit, once per
-- transaction: the new number becomes visible together with the changes it stands for,
-- and the row lock is held only for the instant before commit, so writers do not queue
-- behind each other for the length of their transactions (nor deadlock on the row). A reader
-- reads the number before computing: a commit in between leaves newer figures under the
-- older number, which the next request recomputes, never older figures under a newer one.
-- Users are not watched: the cache is keyed by the viewer's role and unit, so a user whose
-- role or unit changes looks up another entry.
CREATE TABLE data_version (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    n  bigint NOT NULL
);
INSERT INTO data_version (n) VALUES (0);

CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- A transaction-local mark so that an import of many rows bumps once, not per row.
    IF coalesce(current_setting('duban.data_version_bumped', true), '') <> 'yes' THEN
        UPDATE data_version SET n = n + 1;
        PERFORM set_config('duban.data_version_bumped', 'yes', true);
    END IF;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER items_data_version AFTER INSERT OR UPDATE OR DELETE ON items
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version();
CREATE CONSTRAINT TRIGGER item_units_data_version AFTER INSERT OR UPDATE OR DELETE ON item_units
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version();
CREATE CONSTRAINT TRIGGER documents_data_version AFTER INSERT OR UPDATE OR DELETE ON documents
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version();
CREATE CONSTRAINT TRIGGER units_data_version AFTER INSERT OR UPDATE OR DELETE ON units
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version();
CREATE CONSTRAINT TRIGGER leaders_data_version AFTER INSERT OR UPDATE OR DELETE ON leaders
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version();
