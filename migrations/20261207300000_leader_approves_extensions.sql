-- An extension may need the responsible leader's approval after the secretariat's (a
-- setting, `extension_needs_leader`): the secretariat's yes is kept here and the request
-- stays pending until the leader answers.
ALTER TABLE extension_requests
    ADD COLUMN office_approved_by bigint REFERENCES users (id),
    ADD COLUMN office_approved_at timestamptz,
    ADD COLUMN office_note text;

ALTER TABLE item_events DROP CONSTRAINT item_events_action_known,
    ADD CONSTRAINT item_events_action_known CHECK (action IN (
        'extracted', 'added', 'status', 'edited', 'acknowledged', 'progress',
        'extension_requested', 'extension_approved', 'extension_rejected', 'urged',
        'unit_merged', 'instructed', 'extension_forwarded'));
