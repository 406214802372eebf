-- Team statistics schema, version 2: the speech checks (issue 26). Only counts travel: which
-- check was met or missed (speech_check) and how many forbidden words were heard (forbidden_word).

-- The SQL twin of core/stats.py's speech facts per call, from events alone.
CREATE VIEW call_speech AS
SELECT install_id, call_id,
       count(*) FILTER (WHERE kind = 'speech_check' AND data ->> 'check' = 'before_hold')::int AS hold_phrase_checks,
       count(*) FILTER (WHERE kind = 'speech_check' AND data ->> 'check' = 'before_hold' AND data -> 'met' = 'true')::int
           AS hold_phrase_said,
       count(*) FILTER (WHERE kind = 'speech_check' AND data ->> 'check' = 'after_hold')::int AS thanks_checks,
       count(*) FILTER (WHERE kind = 'speech_check' AND data ->> 'check' = 'after_hold' AND data -> 'met' = 'true')::int
           AS thanks_said,
       (array_agg(data -> 'met' = 'true' ORDER BY event_seq DESC)
           FILTER (WHERE kind = 'speech_check' AND data ->> 'check' = 'summary'))[1] AS summary,
       (array_agg(data -> 'met' = 'true' ORDER BY event_seq DESC)
           FILTER (WHERE kind = 'speech_check' AND data ->> 'check' = 'farewell'))[1] AS farewell,
       count(*) FILTER (WHERE kind = 'forbidden_word')::int AS forbidden_words
FROM events
WHERE call_id IS NOT NULL AND kind IN ('speech_check', 'forbidden_word')
GROUP BY install_id, call_id;

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
