-- The responsible leader (责任领导, 分管领导) a task table names for an item, as the extractor
-- read it, kept for review like extracted_owners: the import links the item to the
-- `leaders` row of that name only when exactly one has it, and the clerk still sees a
-- name that matched no one (or more than one). Items a clerk added, items from prose and
-- items imported before this have none.
ALTER TABLE items ADD COLUMN extracted_leader text;
