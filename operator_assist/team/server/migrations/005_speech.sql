-- Team statistics schema, version 5: the speech checks (issue 26). Only counts travel: which
-- check was met or missed (speech_check) and how many forbidden words were heard (forbidden_word).

-- The SQL twin of core/call_facts.py's speech facts, for one install's calls, reading only events since
-- a moment (as call_facts_for, 004): a batch's calls touch the recent event partitions only.
CREATE FUNCTION call_speech_for(p_install uuid, p_calls text[], p_since timestamptz)
RETURNS TABLE (call_id text, hold_phrase_checks int, hold_phrase_said int, thanks_checks int, thanks_said int,
               summary boolean, farewell boolean, forbidden_words int)
LANGUAGE sql STABLE AS $$
SELECT call_id,
       count(*) FILTER (WHERE kind = 'speech_check' AND data ->> 'check' = 'before_hold')::int,
       count(*) FILTER (WHERE kind = 'speech_check' AND data ->> 'check' = 'before_hold' AND data -> 'met' = 'true')::int,
       count(*) FILTER (WHERE kind = 'speech_check' AND data ->> 'check' = 'after_hold')::int,
       count(*) FILTER (WHERE kind = 'speech_check' AND data ->> 'check' = 'after_hold' AND data -> 'met' = 'true')::int,
       (array_agg(data -> 'met' = 'true' ORDER BY event_seq DESC)
           FILTER (WHERE kind = 'speech_check' AND data ->> 'check' = 'summary'))[1],
       (array_agg(data -> 'met' = 'true' ORDER BY event_seq DESC)
           FILTER (WHERE kind = 'speech_check' AND data ->> 'check' = 'farewell'))[1],
       count(*) FILTER (WHERE kind = 'forbidden_word')::int
FROM events
WHERE install_id = p_install AND call_id = ANY (p_calls) AND at >= p_since
  AND kind IN ('speech_check', 'forbidden_word')
GROUP BY call_id
$$;

ALTER TABLE call_rows
    ADD COLUMN speech             boolean NOT NULL DEFAULT false,
    ADD COLUMN hold_phrase_checks int NOT NULL DEFAULT 0,
    ADD COLUMN hold_phrase_said   int NOT NULL DEFAULT 0,
    ADD COLUMN thanks_checks      int NOT NULL DEFAULT 0,
    ADD COLUMN thanks_said        int NOT NULL DEFAULT 0,
    ADD COLUMN summary            boolean,
    ADD COLUMN farewell           boolean,
    ADD COLUMN forbidden_words    int NOT NULL DEFAULT 0;

ALTER TABLE daily_operator
    ADD COLUMN speech_calls       int NOT NULL DEFAULT 0,
    ADD COLUMN hold_phrase_checks int NOT NULL DEFAULT 0,
    ADD COLUMN hold_phrase_said   int NOT NULL DEFAULT 0,
    ADD COLUMN thanks_checks      int NOT NULL DEFAULT 0,
    ADD COLUMN thanks_said        int NOT NULL DEFAULT 0,
    ADD COLUMN summary_checks     int NOT NULL DEFAULT 0,
    ADD COLUMN summary_said       int NOT NULL DEFAULT 0,
    ADD COLUMN farewell_checks    int NOT NULL DEFAULT 0,
    ADD COLUMN farewell_full      int NOT NULL DEFAULT 0,
    ADD COLUMN forbidden_words    int NOT NULL DEFAULT 0;
