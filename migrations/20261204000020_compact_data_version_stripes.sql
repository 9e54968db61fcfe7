-- Every request that renders a cached page sums `data_version_stripes`, a scan of the whole
-- table. Under a stream of writes each stripe's row is updated hundreds of times a second;
-- PostgreSQL prunes a page's dead row versions only once the page is nearly full, so each
-- scan walked up to a page's worth of dead versions per stripe, and whenever a page filled
-- before it could be pruned (an older snapshot still open) rows moved to new pages and never
-- came back: the table grew to fourteen pages for sixteen rows, all read on every request.
--
-- With a fill factor of 10 a page counts as full, and is pruned by the next reader, once a
-- tenth of it is used, which keeps the dead versions a scan meets to a few dozen. Rows can
-- still move to other pages under load (a page that readers hold pinned cannot be pruned),
-- but those pages stay nearly empty. CLUSTER rewrites the table compactly (allowed inside
-- the migration's transaction when the table is named).
ALTER TABLE data_version_stripes SET (fillfactor = 10);
CLUSTER data_version_stripes USING data_version_stripes_pkey;
