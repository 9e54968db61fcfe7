-- The 督办 office's own loop: reporting duties (报送周期 with the day a report is due),
-- 分解 into parts, 序时进度 (progress stated in per cent), 督办等级 with its warning
-- ladder, and the automatic steps the ladder has taken.

-- An item's reporting duty: its cycle (items.recurrence) and the day of the period a
-- report is due on (a weekday 1-7 for weekly duties, a day of the month otherwise, in
-- the period's last month; none means the period's last day: 每月底, 季末, 年底).
ALTER TABLE items
    ADD COLUMN report_day smallint,
    -- The last progress report of a lead unit: a reporting period is filled by one.
    ADD COLUMN last_report_at timestamptz,
    -- The due date of the first reporting period not yet filled, kept by a trigger from
    -- the duty, 交办 and the last report: the light then compares dates, where computing
    -- periods per item per page would cost a list of 100,000 items a second.
    ADD COLUMN report_due date,
    -- 完成进度 as a lead unit last stated it.
    ADD COLUMN progress_percent smallint,
    ADD COLUMN level text NOT NULL DEFAULT 'normal',
    ADD COLUMN parent_id bigint REFERENCES items (id) ON DELETE CASCADE,
    ADD COLUMN has_parts boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT items_report_day_valid CHECK (report_day IS NULL OR (
        recurrence IS NOT NULL AND report_day BETWEEN 1 AND 31
        AND (recurrence <> 'weekly' OR report_day <= 7))),
    ADD CONSTRAINT items_progress_percent_valid
        CHECK (progress_percent BETWEEN 0 AND 100),
    ADD CONSTRAINT items_level_known CHECK (level IN ('normal', 'key', 'urgent')),
    ADD CONSTRAINT items_part_not_parent CHECK (parent_id IS NULL OR NOT has_parts);
CREATE INDEX items_parts ON items (parent_id) WHERE parent_id IS NOT NULL;

ALTER TABLE progress_reports ADD COLUMN percent smallint
    CHECK (percent BETWEEN 0 AND 100);

-- Backfilled without moving 更新时间: nobody changed these items.
ALTER TABLE items DISABLE TRIGGER items_touch;
UPDATE items i SET last_report_at = r.at
FROM (SELECT p.item_id, max(p.created_at) AS at FROM progress_reports p
      JOIN item_units iu ON iu.item_id = p.item_id AND iu.unit_id = p.unit_id
          AND iu.role = 'lead'
      GROUP BY p.item_id) r
WHERE r.item_id = i.id;
ALTER TABLE items ENABLE TRIGGER items_touch;

-- The office's settings that SQL reads (the light, the ladder), typed, in one row.
CREATE TABLE supervision_settings (
    only_row         boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    -- A report due within this many days and not yet made turns the item yellow.
    report_warn_days int NOT NULL DEFAULT 3 CHECK (report_warn_days BETWEEN 0 AND 60),
    -- Percentage points behind the planned progress that turn an item yellow.
    behind_margin    int NOT NULL DEFAULT 20 CHECK (behind_margin BETWEEN 1 AND 100),
    -- No automatic step is taken from quiet_from to quiet_until (China time).
    quiet_from       time NOT NULL DEFAULT '20:00',
    quiet_until      time NOT NULL DEFAULT '08:00',
    ladder_on        boolean NOT NULL DEFAULT true,
    -- Whether a lead unit may split its own items (the secretariat always may).
    parts_by_lead    boolean NOT NULL DEFAULT false,
    updated_by       bigint REFERENCES users (id),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
INSERT INTO supervision_settings DEFAULT VALUES;

-- Per 督办等级: the days before the deadline of the reminder (蓝) and of the warning that
-- turns the light yellow (黄), the days between automatic 催办 after the deadline, and
-- the days overdue after which the responsible leader is told.
CREATE TABLE ladder_levels (
    level               text PRIMARY KEY CHECK (level IN ('normal', 'key', 'urgent')),
    remind_days         int NOT NULL CHECK (remind_days BETWEEN 0 AND 90),
    warn_days           int NOT NULL CHECK (warn_days BETWEEN 0 AND 90),
    urge_every_days     int NOT NULL CHECK (urge_every_days BETWEEN 1 AND 90),
    escalate_after_days int NOT NULL CHECK (escalate_after_days BETWEEN 1 AND 365),
    CHECK (remind_days >= warn_days)
);
INSERT INTO ladder_levels VALUES
    ('normal', 10, 7, 7, 14),
    ('key', 15, 10, 3, 7),
    ('urgent', 5, 3, 1, 3);

-- Each automatic step once: the key is the deadline it answers (a new deadline starts a
-- new ladder) and, for repeated 催办, the round. Whoever inserts the row takes the step.
CREATE TABLE ladder_steps (
    item_id  bigint NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    step     text NOT NULL CHECK (step IN ('remind', 'warn', 'urge', 'escalate')),
    due_date date NOT NULL,
    round    int NOT NULL DEFAULT 0,
    taken_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (item_id, step, due_date, round)
);

ALTER TABLE item_events DROP CONSTRAINT item_events_action_known,
    ADD CONSTRAINT item_events_action_known CHECK (action IN (
        'extracted', 'added', 'status', 'edited', 'acknowledged', 'progress',
        'extension_requested', 'extension_approved', 'extension_rejected', 'urged',
        'unit_merged', 'instructed', 'extension_forwarded', 'split', 'reminded', 'warned',
        'escalated')),
    DROP CONSTRAINT item_events_field_known,
    ADD CONSTRAINT item_events_field_known CHECK (field IS NULL OR field IN (
        'kind', 'title', 'body', 'lead_units', 'co_units', 'leader', 'due_date',
        'recurrence', 'status', 'units', 'level'));

ALTER TABLE email_outbox DROP CONSTRAINT email_outbox_purpose_known,
    ADD CONSTRAINT email_outbox_purpose_known CHECK (purpose IN (
        'digest', 'urge', 'assigned', 'update', 'instruction', 'reminder', 'escalation'));

-- Reporting periods. A cycle's periods are calendar weeks (ISO, Monday first), months,
-- quarters, half years or years; a period's report is due on its day (see report_day),
-- clamped to the month's length (每月31日 is 2月28日 in February), or on its last day.
-- The window of a period runs from the day after the previous due date to its own due
-- date, both in China's calendar: a report on the due date fills it.
CREATE FUNCTION report_period_start(cycle text, day date) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE cycle
        WHEN 'weekly' THEN date_trunc('week', day)::date
        ELSE make_date(extract(year FROM day)::int,
            (extract(month FROM day)::int - 1)
                / (CASE cycle WHEN 'monthly' THEN 1 WHEN 'quarterly' THEN 3
                              WHEN 'half_yearly' THEN 6 ELSE 12 END)
                * (CASE cycle WHEN 'monthly' THEN 1 WHEN 'quarterly' THEN 3
                              WHEN 'half_yearly' THEN 6 ELSE 12 END) + 1, 1)
    END
$$;

CREATE FUNCTION report_period_next(cycle text, day date) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE cycle
        WHEN 'weekly' THEN report_period_start(cycle, day) + 7
        ELSE (report_period_start(cycle, day) + make_interval(months =>
            CASE cycle WHEN 'monthly' THEN 1 WHEN 'quarterly' THEN 3
                       WHEN 'half_yearly' THEN 6 ELSE 12 END))::date
    END
$$;

-- The due date of the period holding `day`.
CREATE FUNCTION report_due_in_period(cycle text, report_day int, day date) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN cycle = 'weekly' THEN report_period_start(cycle, day) + coalesce(report_day, 7) - 1
        WHEN report_day IS NULL THEN report_period_next(cycle, day) - 1
        ELSE least((report_period_next(cycle, day) - interval '1 month')::date + report_day - 1,
                   report_period_next(cycle, day) - 1)
    END
$$;

-- The first due date on or after `day`, and the last one before it. PL/pgSQL: a SQL
-- function whose body reads its own result twice is not inlined, and PostgreSQL's SQL
-- function executor costs about 0.3 ms a call, which the light pays per item.
CREATE FUNCTION report_due_from(cycle text, report_day int, day date) RETURNS date
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE d date := report_due_in_period(cycle, report_day, day);
BEGIN
    IF d >= day THEN
        RETURN d;
    END IF;
    RETURN report_due_in_period(cycle, report_day, report_period_next(cycle, day));
END
$$;

CREATE FUNCTION report_due_before(cycle text, report_day int, day date) RETURNS date
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE d date := report_due_in_period(cycle, report_day, day);
BEGIN
    IF d < day THEN
        RETURN d;
    END IF;
    RETURN report_due_in_period(cycle, report_day, report_period_start(cycle, day) - 1);
END
$$;

-- The due dates after `after` up to `until`, in order.
CREATE FUNCTION report_dues(cycle text, report_day int, after date, until date)
RETURNS SETOF date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    WITH RECURSIVE d(due) AS (
        SELECT report_due_from(cycle, report_day, after + 1)
        UNION ALL
        SELECT report_due_from(cycle, report_day, due + 1) FROM d WHERE due < until)
    SELECT due FROM d WHERE due <= until
$$;

-- items.report_due: the first owed period (due after the 交办 day) not filled by a lead
-- report. A report fills the period whose window holds its day, so the next one is the
-- first unfilled.
CREATE FUNCTION items_report_due() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    assigned date := (NEW.assigned_at AT TIME ZONE 'Asia/Shanghai')::date;
    reported date := (NEW.last_report_at AT TIME ZONE 'Asia/Shanghai')::date;
    cycle text := NEW.recurrence::text;
BEGIN
    IF cycle IS NULL OR assigned IS NULL THEN
        NEW.report_due := NULL;
    ELSIF reported IS NULL OR reported < assigned THEN
        NEW.report_due := report_due_from(cycle, NEW.report_day, assigned + 1);
    ELSE
        NEW.report_due := report_due_from(cycle, NEW.report_day,
            report_due_from(cycle, NEW.report_day, reported) + 1);
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER items_report_due
    BEFORE INSERT OR UPDATE OF recurrence, report_day, assigned_at, last_report_at ON items
    FOR EACH ROW EXECUTE FUNCTION items_report_due();

ALTER TABLE items DISABLE TRIGGER items_touch;
UPDATE items SET recurrence = recurrence WHERE recurrence IS NOT NULL;
ALTER TABLE items ENABLE TRIGGER items_touch;
