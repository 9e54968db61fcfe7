-- The visibility rule now lives in `src/store/visibility.rs`, written per role so that each
-- statement can use the index of its scope; a function called per row cannot.
DROP FUNCTION item_visible_to(bigint, item_status, bigint, user_role, bigint, bigint);

-- The data version (see migration `data_version`) was one row: every writing transaction
-- updated it at commit and held its lock through the commit's WAL flush, so concurrent
-- writers queued one flush at a time. It is now striped over sixteen rows, each backend
-- bumping its own stripe, and the version is their sum.
--
-- The sum still names one state of the data: it grows by one with every committed writing
-- transaction, and the set of transactions a snapshot sees only grows over time, so two
-- snapshots with the same sum see the same transactions.
CREATE TABLE data_version_stripes (
    stripe smallint PRIMARY KEY,
    n      bigint NOT NULL
);
INSERT INTO data_version_stripes (stripe, n)
    SELECT s, CASE WHEN s = 0 THEN (SELECT n FROM data_version) ELSE 0 END
    FROM generate_series(0, 15) s;
DROP TABLE data_version;

CREATE FUNCTION data_version() RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT sum(n)::bigint FROM data_version_stripes
$$;

CREATE OR REPLACE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- A transaction-local mark so that an import of many rows bumps once, not per row.
    IF coalesce(current_setting('duban.data_version_bumped', true), '') <> 'yes' THEN
        UPDATE data_version_stripes SET n = n + 1 WHERE stripe = pg_backend_pid() % 16;
        PERFORM set_config('duban.data_version_bumped', 'yes', true);
    END IF;
    RETURN NULL;
END
$$;
