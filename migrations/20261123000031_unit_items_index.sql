-- 我的督办 and the ledger's unit filter start from a unit's item links; the primary key
-- (item_id, unit_id) serves lookups by item only.
CREATE INDEX item_units_unit ON item_units (unit_id, role);
