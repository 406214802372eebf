-- call_facts for one install's calls, reading only events since a moment (issue 23): with events
-- partitioned by month, a batch's calls then touch the recent partitions only, however long the
-- history. Built from the view's own definition, so the two can never disagree.
DO $$
DECLARE
    def text := pg_get_viewdef('call_facts'::regclass);
    filter text := 'WHERE (events.call_id IS NOT NULL)';
BEGIN
    IF position(filter IN def) = 0 THEN
        RAISE EXCEPTION 'call_facts no longer filters on call_id: update migration 004';
    END IF;
    EXECUTE format(
        'CREATE FUNCTION call_facts_for(p_install uuid, p_calls text[], p_since timestamptz) '
        'RETURNS SETOF call_facts LANGUAGE sql STABLE AS %L',
        replace(def, filter, filter || ' AND events.install_id = p_install AND events.call_id = ANY (p_calls)'
                                    || ' AND events.at >= p_since'));
END $$;
