-- The whole 督办 domain, designed up front so that workflow, dashboards and digests
-- build on it rather than fight it. Overdue and the traffic light are derived from dates
-- at read time and never stored: storing them would go stale at midnight.

CREATE TYPE user_role AS ENUM ('admin', 'secretariat', 'unit_head', 'leader', 'viewer');
CREATE TYPE document_kind AS ENUM ('minutes', 'report', 'notice', 'unknown');
CREATE TYPE item_kind AS ENUM ('decision', 'task');
-- The 督办 lifecycle: draft (extracted) → assigned (交办) → in_progress (推进中)
-- → reported_done (已完成，待核验) → closed (办结); plus blocked (受阻) and dismissed.
CREATE TYPE item_status AS ENUM
    ('draft', 'assigned', 'in_progress', 'blocked', 'reported_done', 'closed', 'dismissed');
CREATE TYPE recurrence AS ENUM ('weekly', 'monthly', 'quarterly', 'yearly');
CREATE TYPE unit_role AS ENUM ('lead', 'co');
CREATE TYPE extension_status AS ENUM ('pending', 'approved', 'rejected');
CREATE TYPE outbox_status AS ENUM ('queued', 'sent', 'failed');

CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END $$;

-- Units: 部门、系部、党总支 and outside bodies (各市教育局). `is_external` marks bodies
-- outside the organisation, which can own items but have no users.
CREATE TABLE units (
    id          bigserial PRIMARY KEY,
    name        text NOT NULL UNIQUE CHECK (length(btrim(name)) > 0),
    short_name  text,
    is_external boolean NOT NULL DEFAULT false,
    -- Set when this unit was merged into another; its items moved there.
    merged_into bigint REFERENCES units (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER units_touch BEFORE UPDATE ON units FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- Other names the same body goes by in documents (宣传部 for 宣传统战部).
CREATE TABLE unit_aliases (
    alias   text PRIMARY KEY CHECK (length(btrim(alias)) > 0),
    unit_id bigint NOT NULL REFERENCES units (id) ON DELETE CASCADE
);
CREATE INDEX unit_aliases_unit ON unit_aliases (unit_id);

CREATE TABLE users (
    id            bigserial PRIMARY KEY,
    login         text NOT NULL UNIQUE CHECK (login ~ '^[A-Za-z0-9_.@-]{2,64}$'),
    password_hash text NOT NULL,
    display_name  text NOT NULL CHECK (length(btrim(display_name)) > 0),
    role          user_role NOT NULL,
    unit_id       bigint REFERENCES units (id),
    email         text,
    -- Digest preference: 'weekly' (default), 'daily' or 'off'.
    digest        text NOT NULL DEFAULT 'weekly' CHECK (digest IN ('weekly', 'daily', 'off')),
    -- Deactivated users cannot log in but keep their history; users are never deleted.
    active        boolean NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CHECK (role <> 'unit_head' OR unit_id IS NOT NULL)
);
CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- People named as responsible leaders (责任领导); not all of them are users.
CREATE TABLE leaders (
    id         bigserial PRIMARY KEY,
    name       text NOT NULL UNIQUE CHECK (length(btrim(name)) > 0),
    title      text,
    user_id    bigint UNIQUE REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Server-side sessions: the cookie carries a random token, the table only its SHA-256,
-- so a leaked table cannot be replayed. Any app instance can serve any session.
CREATE TABLE sessions (
    token_hash   bytea PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users (id),
    csrf_token   text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- Every login attempt, for throttling across instances and for audit.
CREATE TABLE login_attempts (
    id           bigserial PRIMARY KEY,
    login        text NOT NULL,
    client_ip    text,
    succeeded    boolean NOT NULL,
    attempted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_login_time ON login_attempts (login, attempted_at DESC);
CREATE INDEX login_attempts_ip_time ON login_attempts (client_ip, attempted_at DESC);

CREATE TABLE documents (
    id            bigserial PRIMARY KEY,
    file_name     text NOT NULL,
    original      bytea NOT NULL,
    -- Importing the same bytes again finds this row instead of duplicating it.
    sha256        bytea NOT NULL UNIQUE CHECK (length(sha256) = 32),
    encoding      text NOT NULL,
    source_format text NOT NULL CHECK (source_format IN ('text', 'docx', 'html')),
    kind          document_kind NOT NULL DEFAULT 'unknown',
    org           text,
    doc_number    text,
    title         text,
    meeting_date  date,
    issued_date   date,
    place         text,
    chair         text,
    attendees     text[] NOT NULL DEFAULT '{}',
    observers     text[] NOT NULL DEFAULT '{}',
    recorder      text,
    signer        text,
    body          text NOT NULL,
    imported_by   bigint REFERENCES users (id),
    imported_at   timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER documents_touch BEFORE UPDATE ON documents FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE INDEX documents_dates ON documents (coalesce(meeting_date, issued_date) DESC);

-- Top-level agenda headings (一、二、…).
CREATE TABLE sections (
    id          bigserial PRIMARY KEY,
    document_id bigint NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ordinal     integer NOT NULL CHECK (ordinal > 0),
    title       text NOT NULL,
    span_start  integer NOT NULL,
    span_end    integer NOT NULL,
    UNIQUE (document_id, ordinal)
);

CREATE TABLE items (
    id                bigserial PRIMARY KEY,
    document_id       bigint REFERENCES documents (id),
    section_id        bigint REFERENCES sections (id),
    kind              item_kind NOT NULL,
    verdict           text,
    title             text NOT NULL CHECK (length(btrim(title)) > 0),
    body              text NOT NULL,
    -- Characters [span_start, span_end) of the document body; null for items a clerk
    -- wrote that quote no passage.
    span_start        integer,
    span_end          integer,
    list_marker       text,
    list_ordinal      integer,
    -- The owner names as the extractor read them, kept for review even when they
    -- matched no unit.
    extracted_owners    text[] NOT NULL DEFAULT '{}',
    extracted_co_owners text[] NOT NULL DEFAULT '{}',
    leader_id         bigint REFERENCES leaders (id),
    due_date          date,
    recurrence        recurrence,
    status            item_status NOT NULL DEFAULT 'draft',
    -- Optimistic concurrency: every update says which version it read and bumps it.
    version           integer NOT NULL DEFAULT 1,
    assigned_at       timestamptz,
    reported_done_at  timestamptz,
    closed_at         timestamptz,
    last_progress_at  timestamptz,
    created_by        bigint REFERENCES users (id),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CHECK ((span_start IS NULL) = (span_end IS NULL)),
    CHECK (span_start IS NULL OR span_start <= span_end)
);
CREATE TRIGGER items_touch BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE INDEX items_document ON items (document_id);
CREATE INDEX items_status_due ON items (status, due_date);
CREATE INDEX items_leader ON items (leader_id) WHERE leader_id IS NOT NULL;

-- Lead (牵头) and helping (配合) units of an item.
CREATE TABLE item_units (
    item_id bigint NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    unit_id bigint NOT NULL REFERENCES units (id),
    role    unit_role NOT NULL,
    PRIMARY KEY (item_id, unit_id)
);
CREATE INDEX item_units_unit ON item_units (unit_id, role);

-- Append-only history of every change to an item: who, when, which field, before, after.
CREATE TABLE item_events (
    id         bigserial PRIMARY KEY,
    item_id    bigint NOT NULL REFERENCES items (id),
    actor_id   bigint REFERENCES users (id),
    action     text NOT NULL,
    field      text,
    before     text,
    after      text,
    note       text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX item_events_item ON item_events (item_id, created_at);

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;
CREATE TRIGGER item_events_append_only BEFORE UPDATE OR DELETE ON item_events
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- Progress reports (进展情况) from a unit.
CREATE TABLE progress_reports (
    id         bigserial PRIMARY KEY,
    item_id    bigint NOT NULL REFERENCES items (id),
    unit_id    bigint REFERENCES units (id),
    author_id  bigint NOT NULL REFERENCES users (id),
    note       text NOT NULL CHECK (length(btrim(note)) > 0),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX progress_reports_item ON progress_reports (item_id, created_at DESC);

-- 签收: a unit acknowledges a new assignment.
CREATE TABLE acknowledgements (
    item_id    bigint NOT NULL REFERENCES items (id),
    unit_id    bigint NOT NULL REFERENCES units (id),
    user_id    bigint NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (item_id, unit_id)
);

-- Evidence files (photos, documents) kept in PostgreSQL so that backups hold everything.
CREATE TABLE attachments (
    id           bigserial PRIMARY KEY,
    item_id      bigint NOT NULL REFERENCES items (id),
    progress_id  bigint REFERENCES progress_reports (id),
    file_name    text NOT NULL,
    content_type text NOT NULL,
    size_bytes   integer NOT NULL CHECK (size_bytes <= 20 * 1024 * 1024),
    sha256       bytea NOT NULL,
    content      bytea NOT NULL,
    uploaded_by  bigint NOT NULL REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachments_item ON attachments (item_id);

CREATE TABLE extension_requests (
    id           bigserial PRIMARY KEY,
    item_id      bigint NOT NULL REFERENCES items (id),
    requested_by bigint NOT NULL REFERENCES users (id),
    old_due      date,
    new_due      date NOT NULL,
    reason       text NOT NULL CHECK (length(btrim(reason)) > 0),
    status       extension_status NOT NULL DEFAULT 'pending',
    decided_by   bigint REFERENCES users (id),
    decided_at   timestamptz,
    decision_note text,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX extension_requests_item ON extension_requests (item_id);
CREATE INDEX extension_requests_pending ON extension_requests (created_at) WHERE status = 'pending';

-- Every outgoing message, written in the same transaction as the event that caused it
-- and sent by a worker that claims rows with FOR UPDATE SKIP LOCKED.
CREATE TABLE email_outbox (
    id            bigserial PRIMARY KEY,
    -- What caused it ('urge', 'digest', …) and, for digests, the period it covers, so that
    -- a period already sent is never sent again.
    purpose       text NOT NULL,
    dedup_key     text UNIQUE,
    to_user_id    bigint REFERENCES users (id),
    to_address    text NOT NULL,
    subject       text NOT NULL,
    body_text     text NOT NULL,
    body_html     text,
    status        outbox_status NOT NULL DEFAULT 'queued',
    attempts      integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error    text,
    sent_at       timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX email_outbox_due ON email_outbox (next_attempt_at) WHERE status = 'queued';
