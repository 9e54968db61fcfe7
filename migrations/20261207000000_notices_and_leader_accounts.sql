-- Notices besides digests and urges: 交办 and leaders' 批示 to the units' heads, and units'
-- steps (reported done, more time asked) to the secretariat, who may turn the latter off in
-- 个人设置.
ALTER TABLE email_outbox DROP CONSTRAINT email_outbox_purpose_known,
    ADD CONSTRAINT email_outbox_purpose_known
        CHECK (purpose IN ('digest', 'urge', 'assigned', 'update', 'instruction'));

-- A leader's 批示 is an event of the item's history.
ALTER TABLE item_events DROP CONSTRAINT item_events_action_known,
    ADD CONSTRAINT item_events_action_known CHECK (action IN (
        'extracted', 'added', 'status', 'edited', 'acknowledged', 'progress',
        'extension_requested', 'extension_approved', 'extension_rejected', 'urged',
        'unit_merged', 'instructed'));
ALTER TABLE users ADD COLUMN notify_updates boolean NOT NULL DEFAULT true;

-- Every leader account has its place in the leaders' directory, which decides what it
-- sees: accounts made before this was automatic are linked to the unlinked leader of
-- their name, or added under it.
INSERT INTO leaders (name, user_id)
SELECT DISTINCT ON (btrim(u.display_name)) btrim(u.display_name), u.id FROM users u
WHERE u.role = 'leader' AND NOT EXISTS (SELECT 1 FROM leaders l WHERE l.user_id = u.id)
ORDER BY btrim(u.display_name), u.id
ON CONFLICT (name) DO UPDATE SET user_id = EXCLUDED.user_id WHERE leaders.user_id IS NULL;
