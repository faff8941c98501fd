-- Following, the digest e-mail, the outbox every e-mail leaves through, and stewards' nudges.

-- A member follows one challenge, idea, workshop or offering; changes to it become their notifications.
CREATE TABLE follows (
    member_id     bigint NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    community_id  bigint NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    challenge_id  bigint REFERENCES challenges(id) ON DELETE CASCADE,
    idea_id       bigint REFERENCES ideas(id) ON DELETE CASCADE,
    workshop_id   bigint REFERENCES workshops(id) ON DELETE CASCADE,
    offering_id   bigint REFERENCES offerings(id) ON DELETE CASCADE,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CHECK (num_nonnulls(challenge_id, idea_id, workshop_id, offering_id) = 1)
);
CREATE UNIQUE INDEX follows_challenge ON follows (challenge_id, member_id) WHERE challenge_id IS NOT NULL;
CREATE UNIQUE INDEX follows_idea ON follows (idea_id, member_id) WHERE idea_id IS NOT NULL;
CREATE UNIQUE INDEX follows_workshop ON follows (workshop_id, member_id) WHERE workshop_id IS NOT NULL;
CREATE UNIQUE INDEX follows_offering ON follows (offering_id, member_id) WHERE offering_id IS NOT NULL;
CREATE INDEX follows_member ON follows (member_id, created_at);

-- Authors and co-authors follow their ideas.
INSERT INTO follows (member_id, community_id, idea_id)
SELECT DISTINCT a.member_id, a.community_id, a.idea_id FROM idea_authors a;

-- The digest: how often (weekly unless the member chooses), the last notification it carried, when the next is due.
ALTER TABLE members ADD COLUMN digest text NOT NULL DEFAULT 'weekly' CHECK (digest IN ('daily', 'weekly', 'never'));
ALTER TABLE members ADD COLUMN digest_through bigint NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN digest_due_at timestamptz NOT NULL DEFAULT now() + interval '7 days';
CREATE INDEX members_digest_due ON members (digest_due_at) WHERE digest <> 'never';
-- One click on an e-mail's unsubscribe link: no digest and no nudges by e-mail (notifications in the app stay).
ALTER TABLE members ADD COLUMN mail_opt_out boolean NOT NULL DEFAULT false;

-- Every e-mail Eyrie sends, written by the transaction that decides to send it; a sender leases a batch, hands each
-- message to the mail server (or the mail folder) and marks it sent once accepted, so a mail server that is down
-- loses nothing, and a message is handed over once.
CREATE TABLE outbox (
    id               bigserial PRIMARY KEY,
    member_id        bigint REFERENCES members(id) ON DELETE CASCADE,
    kind             text NOT NULL CHECK (kind IN ('digest', 'nudge', 'invitation')),
    recipient        text NOT NULL,
    subject          text NOT NULL,
    body             text NOT NULL,
    unsubscribe      text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    leased_until     timestamptz,
    lease            uuid,
    sent_at          timestamptz,
    failed_at        timestamptz,
    last_error       text
);
CREATE INDEX outbox_waiting ON outbox (next_attempt_at, id) WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX outbox_member ON outbox (member_id, created_at);

-- Keys the server signs links with (the unsubscribe link), made once per instance.
CREATE TABLE site_keys (
    name        text PRIMARY KEY,
    key         bytea NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- A steward's personal message to a drifting member or a newcomer: at most one per member per community in 30 days.
CREATE TABLE nudges (
    id            bigserial PRIMARY KEY,
    community_id  bigint NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    member_id     bigint NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    sent_by       bigint REFERENCES members(id) ON DELETE SET NULL,
    message       text NOT NULL CHECK (length(message) BETWEEN 1 AND 1000),
    link          text NOT NULL DEFAULT '',
    sent_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX nudges_member ON nudges (community_id, member_id, sent_at DESC);
