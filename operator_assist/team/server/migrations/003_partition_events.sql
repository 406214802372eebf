-- events partitioned by month of `at` (issue 23): ingest touches only the current month's
-- indexes, so it stays flat as the history grows; a month can be detached or dropped whole.
-- Works on an existing database: the rows move into the partitioned table in this transaction.
-- The primary key must contain the partition key: an event resent by the PC has the same
-- (install_id, event_seq, at), so duplicates are still refused.

-- The view over events is re-created from its own definition (read before the swap).
CREATE TEMP TABLE _call_facts_def ON COMMIT DROP AS SELECT pg_get_viewdef('call_facts'::regclass) AS def;
DROP VIEW call_facts;

ALTER TABLE events RENAME TO events_unpartitioned;
ALTER INDEX events_call RENAME TO events_unpartitioned_call;
ALTER TABLE events_unpartitioned RENAME CONSTRAINT events_pkey TO events_unpartitioned_pkey;

CREATE TABLE events (
    install_id uuid NOT NULL,
    event_seq  bigint NOT NULL,                        -- the journal's events.id
    at         timestamptz NOT NULL,
    call_id    text,
    kind       text NOT NULL,
    data       jsonb NOT NULL DEFAULT '{}',
    PRIMARY KEY (install_id, event_seq, at)
) PARTITION BY RANGE (at);
CREATE INDEX events_call ON events (install_id, call_id, event_seq) WHERE call_id IS NOT NULL;
-- Anything outside the monthly partitions (a PC whose clock was years off) lands here.
CREATE TABLE events_default PARTITION OF events DEFAULT;

-- One partition per calendar month (UTC), named events_YYYY_MM. The server calls it for the months
-- ahead at start and daily; ingest never waits for it.
CREATE FUNCTION events_partition_for(month date) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    first date := date_trunc('month', month)::date;
    name text := format('events_%s', to_char(first, 'YYYY_MM'));
BEGIN
    IF to_regclass(name) IS NULL THEN
        EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)',
                       name, first::timestamp AT TIME ZONE 'UTC', (first + interval '1 month')::timestamp AT TIME ZONE 'UTC');
    END IF;
    RETURN name;
END $$;

SELECT events_partition_for(m::date)
FROM generate_series(
    date_trunc('month', least(coalesce((SELECT min(at) FROM events_unpartitioned), now()), now()) AT TIME ZONE 'UTC'),
    date_trunc('month', greatest(coalesce((SELECT max(at) FROM events_unpartitioned), now()), now()) AT TIME ZONE 'UTC')
        + interval '2 months',
    interval '1 month') AS m
-- but never thousands of them for one absurd timestamp: those rows go to the default partition
WHERE m >= date_trunc('month', now() AT TIME ZONE 'UTC') - interval '10 years'
  AND m <= date_trunc('month', now() AT TIME ZONE 'UTC') + interval '2 years';

INSERT INTO events SELECT install_id, event_seq, at, call_id, kind, data FROM events_unpartitioned;
DROP TABLE events_unpartitioned;

DO $$ BEGIN EXECUTE 'CREATE VIEW call_facts AS ' || (SELECT def FROM _call_facts_def); END $$;
