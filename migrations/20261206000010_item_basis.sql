-- Why the extractor found an item, as it wrote it (`list:二是`, `assignment:由X负责`,
-- `decision:原则同意`, `deadline`), and whether the item names an owner, a deliverable or a
-- deadline (the review page pre-ticks only those). Items a clerk added, and items imported
-- before these were recorded, have no basis and count as trackable.
ALTER TABLE items
    ADD COLUMN extracted_basis text,
    ADD COLUMN trackable boolean NOT NULL DEFAULT true;
