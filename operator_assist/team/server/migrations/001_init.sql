-- Team statistics schema, version 1. Applied by `operator-assist-server serve` on start.

CREATE TABLE teams (
    team_id   serial PRIMARY KEY,
    name      text NOT NULL UNIQUE,
    tz        text NOT NULL DEFAULT 'Europe/Moscow'   -- a day is the team's local day
);

CREATE TABLE operators (
    operator_id serial PRIMARY KEY,
    login       text NOT NULL UNIQUE,
    team_id     int NOT NULL REFERENCES teams,
    is_lead     boolean NOT NULL DEFAULT false,
    created     timestamptz NOT NULL DEFAULT now()
);

-- One token per enrolment; bound to the first install (journal file) that uses it.
CREATE TABLE tokens (
    token_hash  text PRIMARY KEY,                      -- sha256 hex of the token; the token itself is never stored
    operator_id int NOT NULL REFERENCES operators,
    install_id  uuid UNIQUE,
    created     timestamptz NOT NULL DEFAULT now(),
    revoked     timestamptz
);

CREATE TABLE installs (
    install_id  uuid PRIMARY KEY,
    operator_id int NOT NULL REFERENCES operators,
    team_id     int NOT NULL REFERENCES teams,
    token_hash  text NOT NULL REFERENCES tokens,
    last_seq    bigint NOT NULL DEFAULT 0,
    last_seen   timestamptz
);

CREATE TABLE events (
    install_id uuid NOT NULL,
    event_seq  bigint NOT NULL,                        -- the journal's events.id
    at         timestamptz NOT NULL,
    call_id    text,
    kind       text NOT NULL,
    data       jsonb NOT NULL DEFAULT '{}',
    PRIMARY KEY (install_id, event_seq)
);
CREATE INDEX events_call ON events (install_id, call_id, event_seq) WHERE call_id IS NOT NULL;

-- The SQL twin of core/stats.py's per-call rows (_facts + _rows), from events alone.
CREATE VIEW call_facts AS
WITH marked AS (
    SELECT install_id, call_id, event_seq, at, kind, data,
           max(event_seq) FILTER (WHERE kind = 'hold_started') OVER before AS last_start,
           max(event_seq) FILTER (WHERE kind = 'hold_ended') OVER before AS last_end,
           max(event_seq) FILTER (WHERE kind = 'hold_limit_reached') OVER before AS last_limit,
           CASE WHEN jsonb_typeof(data -> 'duration') = 'number' THEN (data ->> 'duration')::float8 END AS duration,
           CASE WHEN jsonb_typeof(data -> 'limit') = 'number' THEN (data ->> 'limit')::float8 END AS hold_limit
    FROM events
    WHERE call_id IS NOT NULL
    WINDOW before AS (PARTITION BY install_id, call_id ORDER BY event_seq
                      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
), holds AS (
    SELECT *,
           coalesce(last_start > coalesce(last_end, 0), false) AS open_hold,
           coalesce(last_limit > greatest(coalesce(last_start, 0), coalesce(last_end, 0)), false) AS open_over
    FROM marked
), per_call AS (
    SELECT install_id, call_id,
           min(at) FILTER (WHERE kind = 'call_started') AS started_at,
           min(at) FILTER (WHERE kind NOT IN ('call_started', 'call_ended', 'call_interrupted')) AS first_at,
           min(at) FILTER (WHERE kind = 'call_ended') AS ended_at,
           min(duration) FILTER (WHERE kind = 'call_ended') AS ended_duration,
           min(at) FILTER (WHERE kind = 'call_interrupted') AS cut_at,
           bool_or(kind = 'call_ended') AS ended,
           bool_or(kind = 'call_interrupted') AS cut,
           count(*) FILTER (WHERE kind = 'hold_started')
             + count(*) FILTER (WHERE kind = 'hold_ended' AND NOT open_hold) AS holds,
           count(duration) FILTER (WHERE kind = 'hold_ended') AS hold_n,
           coalesce(sum(duration) FILTER (WHERE kind = 'hold_ended'), 0) AS hold_sum,
           max(duration) FILTER (WHERE kind = 'hold_ended') AS hold_max,
           count(*) FILTER (WHERE kind = 'hold_ended' AND CASE
               WHEN jsonb_typeof(data -> 'over_limit') = 'boolean' THEN (data ->> 'over_limit')::boolean
               ELSE open_over OR coalesce(duration > hold_limit, false) END) AS holds_over_closed,
           max(event_seq) FILTER (WHERE kind = 'hold_started') AS max_start,
           max(event_seq) FILTER (WHERE kind = 'hold_ended') AS max_end,
           max(event_seq) FILTER (WHERE kind = 'hold_limit_reached') AS max_limit,
           count(*) FILTER (WHERE kind = 'silence_warning') AS silence,
           bool_or(kind = 'offer_shown') AS shown,
           bool_or(kind = 'offer_outcome' AND data ->> 'outcome' = 'accepted') AS accepted,
           bool_or(kind = 'offer_outcome' AND data ->> 'outcome' = 'declined') AS declined,
           bool_or(kind = 'offer_outcome' AND data ->> 'outcome' = 'not_voiced') AS not_voiced,
           bool_or(kind = 'offer_suppressed' AND data ->> 'reason' = 'complaint') AS supp_complaint,
           bool_or(kind = 'offer_suppressed' AND data ->> 'reason' = 'lost_phone') AS supp_lost_phone,
           bool_or(kind = 'offer_suppressed' AND data ->> 'reason' = 'siebel_down') AS supp_siebel_down
    FROM holds
    GROUP BY install_id, call_id
)
SELECT install_id, call_id,
       coalesce(started_at, first_at, ended_at - make_interval(secs => coalesce(ended_duration, 0))) AS started,
       CASE WHEN ended THEN 'normal' WHEN cut THEN 'interrupted' ELSE 'open' END AS status,
       holds::int AS holds,
       hold_n::int AS hold_n,
       hold_sum,
       hold_max,
       (holds_over_closed
        + (coalesce(max_start > coalesce(max_end, 0), false)
           AND coalesce(max_limit > greatest(max_start, coalesce(max_end, 0)), false))::int)::int AS holds_over,
       silence::int AS silence,
       CASE WHEN supp_complaint OR supp_lost_phone OR supp_siebel_down THEN 'suppressed'
            WHEN accepted THEN 'accepted' WHEN declined THEN 'declined' WHEN not_voiced THEN 'not_voiced'
            WHEN shown THEN 'no_outcome' END AS offer,
       supp_complaint, supp_lost_phone, supp_siebel_down
FROM per_call;

-- call_facts materialized for the calls each batch touched, with the operator and the team's local day.
CREATE TABLE call_rows (
    install_id  uuid NOT NULL,
    call_id     text NOT NULL,
    operator_id int NOT NULL,
    team_id     int NOT NULL,
    day         date NOT NULL,
    started     timestamptz NOT NULL,
    status      text NOT NULL,
    holds       int NOT NULL,
    hold_n      int NOT NULL,
    hold_sum    float8 NOT NULL,
    hold_max    float8,
    holds_over  int NOT NULL,
    silence     int NOT NULL,
    offer       text,
    supp_complaint   boolean NOT NULL,
    supp_lost_phone  boolean NOT NULL,
    supp_siebel_down boolean NOT NULL,
    PRIMARY KEY (install_id, call_id)
);
CREATE INDEX call_rows_operator_day ON call_rows (operator_id, day);

-- One row per operator and team-local day: what the team lead's view reads.
CREATE TABLE daily_operator (
    operator_id  int NOT NULL,
    day          date NOT NULL,
    team_id      int NOT NULL,
    calls        int NOT NULL,          -- finished: normal + interrupted
    interrupted  int NOT NULL,
    in_progress  int NOT NULL,
    without_hold int NOT NULL,
    holds        int NOT NULL,
    hold_n       int NOT NULL,
    hold_sum     float8 NOT NULL,
    hold_max     float8,
    holds_over   int NOT NULL,
    silence      int NOT NULL,
    offer_calls  int NOT NULL,
    voiced       int NOT NULL,
    accepted     int NOT NULL,
    supp_complaint   int NOT NULL,
    supp_lost_phone  int NOT NULL,
    supp_siebel_down int NOT NULL
);
CREATE UNIQUE INDEX daily_operator_key ON daily_operator (operator_id, day);
CREATE INDEX daily_operator_team_day ON daily_operator (team_id, day);
CREATE INDEX daily_operator_day ON daily_operator (day);
