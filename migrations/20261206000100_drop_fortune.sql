-- The benchmark yardstick's table (migration `fortune`) leaves production: it shipped in
-- every database and backup, though only the load benchmark reads it. Bench builds (cargo
-- feature `bench`) create it themselves at start, after migrating (store::fortunes).
-- IF EXISTS: dropping what is already gone is no error worth stopping an upgrade for.
DROP TABLE IF EXISTS fortune;
