-- The concepts stored as text are checked like the enums: the Rust enums of
-- `src/domain` declare the same names, and a value outside them cannot be written.
ALTER TABLE item_events
    ADD CONSTRAINT item_events_action_known CHECK (action IN (
        'extracted', 'added', 'status', 'edited', 'acknowledged', 'progress',
        'extension_requested', 'extension_approved', 'extension_rejected', 'urged',
        'unit_merged')),
    ADD CONSTRAINT item_events_field_known CHECK (field IS NULL OR field IN (
        'kind', 'title', 'body', 'lead_units', 'co_units', 'leader', 'due_date',
        'recurrence', 'status', 'units'));

ALTER TABLE email_outbox
    ADD CONSTRAINT email_outbox_purpose_known CHECK (purpose IN ('digest', 'urge'));
