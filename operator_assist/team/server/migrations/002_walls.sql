-- Read-only wall tokens (issue 23): each sees one team's live board and nothing else.
-- Like the operators' tokens, only the sha256 of the token is stored.
CREATE TABLE wall_tokens (
    token_hash text PRIMARY KEY,
    team_id    int NOT NULL REFERENCES teams,
    created    timestamptz NOT NULL DEFAULT now(),
    revoked    timestamptz
);
CREATE INDEX wall_tokens_team ON wall_tokens (team_id);
