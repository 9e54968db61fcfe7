-- How a sent message left: to the mail server, or written as an .eml file because none
-- is configured (nobody received it; the outbox page must not say 已发送). Messages sent
-- before this was kept are told apart by what was recorded of where they went.
ALTER TABLE email_outbox
    ADD COLUMN delivery text CONSTRAINT email_outbox_delivery_known
        CHECK (delivery IN ('smtp', 'file'));
UPDATE email_outbox SET delivery = CASE WHEN delivered_to LIKE 'file %' THEN 'file' ELSE 'smtp' END
    WHERE status = 'sent';
