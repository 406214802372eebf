-- Team statistics schema, version 6: the team's standard (issue 24). Each published bundle is a
-- version of its own, never changed afterwards; a rollback publishes an earlier one's files again.

CREATE TABLE standards (
    team_id      int NOT NULL REFERENCES teams,
    version      int NOT NULL,
    published    timestamptz NOT NULL DEFAULT now(),
    published_by text NOT NULL,                         -- the lead's login, or «server:<user>» (the server's command)
    rollback_of  int,                                   -- the version whose files it publishes again
    format       int NOT NULL,
    etag         text NOT NULL,
    size         int NOT NULL,                          -- bytes of its files
    files        jsonb NOT NULL,                        -- {"phrases/03-hold.yaml": "…", …}
    PRIMARY KEY (team_id, version)
);

-- Which version each call was served under (the call_started event's «standard»; NULL: the bundled standard).
CREATE FUNCTION call_standard_for(p_install uuid, p_calls text[], p_since timestamptz)
RETURNS TABLE (call_id text, standard int)
LANGUAGE sql STABLE AS $$
SELECT DISTINCT ON (call_id) call_id, (data ->> 'standard')::int
FROM events
WHERE install_id = p_install AND call_id = ANY (p_calls) AND at >= p_since
  AND kind = 'call_started' AND jsonb_typeof(data -> 'standard') = 'number'
ORDER BY call_id, event_seq
$$;

ALTER TABLE call_rows ADD COLUMN standard int;
-- The lead's figures per version read a team's calls of a period.
CREATE INDEX call_rows_team_day ON call_rows (team_id, day);
