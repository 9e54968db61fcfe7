-- One row of an item's history as the item page reads it. The page's statement returns the
-- latest fifty as an array of this type: built as JSON, every row's time stamp was formatted
-- as text and parsed back, which cost half of the statement.
CREATE TYPE history_entry AS (
    action     text,
    field      text,
    before     text,
    after      text,
    note       text,
    actor      text,
    created_at timestamptz
);

-- Every request's session lookup read the data version through data_version(). PostgreSQL
-- cannot inline a SQL function whose body has a FROM clause, so it parsed and planned the
-- body on every call: about a tenth of the database's time on the item page. The session
-- statement now sums the stripes itself.
DROP FUNCTION data_version();
