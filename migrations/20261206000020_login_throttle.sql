-- The login throttle counts attempts per login name, and a name is one account whatever
-- its case (users.login is stored lower-case): attempts are keyed on the normalised name.
-- Names are validated before an attempt is recorded, so every row fits the users.login
-- rule; the check states it, and keeps the (login, attempted_at) index entries small
-- (a 3 KB name used to overflow the index row and fail the insert, uncounted).
--
-- Older rows are throttle history that matters for fifteen minutes: normalise what can
-- be, and drop what no account could ever match.
UPDATE login_attempts SET login = lower(btrim(login)) WHERE login <> lower(btrim(login));
DELETE FROM login_attempts WHERE login !~ '^[a-z0-9_.@-]{2,64}$';

ALTER TABLE login_attempts
    ADD CONSTRAINT login_attempts_login_normalised CHECK (login ~ '^[a-z0-9_.@-]{2,64}$');
