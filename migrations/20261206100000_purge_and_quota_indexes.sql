-- The periodic purge deletes login attempts by age alone; without this index it would
-- read the whole table every time.
CREATE INDEX login_attempts_time ON login_attempts (attempted_at);

-- The evidence quota of a unit sums the sizes of its reports' files: reports by unit,
-- files by report (with their size, so the sum reads the index only).
CREATE INDEX progress_reports_unit ON progress_reports (unit_id);
CREATE INDEX attachments_progress ON attachments (progress_id) INCLUDE (size_bytes);
