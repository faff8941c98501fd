-- Personal API tokens: members make, name and revoke them on their profile. Only a SHA-256 of the token is kept
-- (it is shown once); its scope is read, or read and write. The rate limit's fixed window is kept on the row, so
-- every instance counts the same requests: one statement finds the token, counts the request and notes its use.
CREATE TABLE api_tokens (
    id            bigserial PRIMARY KEY,
    member_id     bigint NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    token_hash    bytea NOT NULL UNIQUE,
    -- The first characters, so that a member can tell their tokens apart.
    prefix        text NOT NULL,
    can_write     boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at  timestamptz,
    revoked_at    timestamptz,
    window_start  timestamptz NOT NULL DEFAULT now(),
    window_count  integer NOT NULL DEFAULT 0
);
CREATE INDEX api_tokens_member ON api_tokens (member_id, id DESC);
