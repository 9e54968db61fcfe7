-- Email digests, sent exactly once per period across any number of duban instances.
--
-- A digest run composes the digests of one period ('weekly:2026-W48', 'daily:2026-11-23')
-- and queues them in email_outbox, all in one transaction. Its row here is written in that
-- transaction, so a period that has been run is never run again, after a restart or on
-- another instance; empty digests leave no outbox row, and this row is what remembers
-- that their period is done.
CREATE TABLE digest_runs (
    period     text PRIMARY KEY CHECK (period ~ '^(weekly|daily):'),
    -- Messages queued by the run.
    queued     integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Where a sent message went ('smtp mail.example.cn:587' or the .eml file written when no
-- SMTP server is configured), for the secretariat's outbox page.
ALTER TABLE email_outbox ADD COLUMN delivered_to text;

-- The outbox page lists the newest messages first.
CREATE INDEX email_outbox_created ON email_outbox (created_at DESC);
