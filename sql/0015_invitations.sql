-- Invitations to members an import made: they have no password (and often a placeholder address) until they open
-- the link they were sent and choose one. Only a SHA-256 of the link's token is kept; a link works once, for a week.
CREATE TABLE invitations (
    token_hash   bytea PRIMARY KEY,
    member_id    bigint NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    email        citext NOT NULL CHECK (length(email) <= 254),
    invited_by   bigint REFERENCES members(id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    accepted_at  timestamptz
);
CREATE INDEX invitations_member ON invitations (member_id);
