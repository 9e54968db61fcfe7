-- Register numbers (立项编号): publishing numbers each item within its year, gapless, in
-- the office's format (kept in `settings`). A counter row per year, incremented in the
-- publishing transaction, makes concurrent publishers take turns and a rolled-back
-- publication give its numbers back.
CREATE TABLE settings (
    key        text PRIMARY KEY,
    value      text NOT NULL,
    updated_by bigint REFERENCES users (id),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE register_counters (
    year int PRIMARY KEY,
    last int NOT NULL CHECK (last > 0)
);

ALTER TABLE items
    ADD COLUMN register_year int,
    ADD COLUMN register_seq int,
    ADD COLUMN register_number text,
    ADD CONSTRAINT items_register_seq_unique UNIQUE (register_year, register_seq),
    ADD CONSTRAINT items_register_number_unique UNIQUE (register_number),
    ADD CONSTRAINT items_register_complete CHECK (
        (register_year IS NULL) = (register_seq IS NULL)
        AND (register_seq IS NULL) = (register_number IS NULL));

-- Numbering an item is not a change anyone made to it: like recomputing its search vector,
-- it must not move updated_at (更新时间).
DROP TRIGGER items_touch ON items;
CREATE TRIGGER items_touch BEFORE UPDATE ON items FOR EACH ROW
    WHEN (OLD.search_vector IS NOT DISTINCT FROM NEW.search_vector
          AND OLD.register_seq IS NOT DISTINCT FROM NEW.register_seq)
    EXECUTE FUNCTION touch_updated_at();

-- Items published before numbers existed are numbered in the order they were published,
-- within the year (China time) they were published in.
WITH numbered AS (
    SELECT id, y, row_number() OVER (PARTITION BY y ORDER BY at, id)::int AS n
    FROM (SELECT id, coalesce(assigned_at, created_at) AS at,
                 extract(year FROM coalesce(assigned_at, created_at) AT TIME ZONE 'Asia/Shanghai')::int AS y
          FROM items WHERE status NOT IN ('draft', 'dismissed')) p
)
UPDATE items i SET register_year = y, register_seq = n,
    register_number = '督〔' || y || '〕第' || n || '号'
FROM numbered WHERE numbered.id = i.id;
INSERT INTO register_counters (year, last)
SELECT register_year, max(register_seq) FROM items WHERE register_year IS NOT NULL
GROUP BY register_year;
