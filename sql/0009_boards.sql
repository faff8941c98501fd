-- Each workshop's live board: sticky notes, clusters and dots, and the numbered log of every change that clients
-- replay in order (and catch up from after a reconnect).

-- The board's last operation number; raised by every change, under the workshop row's lock.
ALTER TABLE workshops ADD COLUMN board_seq bigint NOT NULL DEFAULT 0;

CREATE TABLE board_clusters (
    id           bigserial PRIMARY KEY,
    workshop_id  bigint NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX board_clusters_workshop ON board_clusters (workshop_id, id);

CREATE TABLE board_notes (
    id             bigserial PRIMARY KEY,
    workshop_id    bigint NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    activity_id    bigint REFERENCES workshop_activities(id) ON DELETE SET NULL,
    author_id      bigint NOT NULL REFERENCES members(id),
    body           text NOT NULL CHECK (length(body) BETWEEN 1 AND 500),
    cluster_id     bigint REFERENCES board_clusters(id) ON DELETE SET NULL,
    lane           text CHECK (lane IN ('evidence', 'customer', 'frontstage', 'backstage', 'support')),
    -- Per-field versions and last writers: last writer wins per field, and the writer it overwrote is told.
    body_version   integer NOT NULL DEFAULT 1,
    body_by        bigint NOT NULL REFERENCES members(id),
    place_version  integer NOT NULL DEFAULT 1,
    place_by       bigint NOT NULL REFERENCES members(id),
    decision       boolean NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX board_notes_workshop ON board_notes (workshop_id, id);
CREATE INDEX board_notes_cluster ON board_notes (cluster_id) WHERE cluster_id IS NOT NULL;

-- Dots of one dot-vote activity, per member and target (a note or a cluster); N per member and K per target are
-- CHECKs on copies of the activity's limits, like the challenge's dots.
CREATE TABLE board_dots (
    activity_id  bigint NOT NULL REFERENCES workshop_activities(id) ON DELETE CASCADE,
    member_id    bigint NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    target       text NOT NULL CHECK (target ~ '^(note|cluster)-[0-9]+$'),
    count        integer NOT NULL CHECK (count >= 0),
    max_count    integer NOT NULL,
    PRIMARY KEY (activity_id, member_id, target),
    CONSTRAINT board_dots_per_item CHECK (count <= max_count)
);
CREATE INDEX board_dots_target ON board_dots (activity_id, target);

CREATE TABLE board_dot_budgets (
    activity_id  bigint NOT NULL REFERENCES workshop_activities(id) ON DELETE CASCADE,
    member_id    bigint NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    spent        integer NOT NULL CHECK (spent >= 0),
    budget       integer NOT NULL,
    PRIMARY KEY (activity_id, member_id),
    CONSTRAINT board_dot_budget_exceeded CHECK (spent <= budget)
);

-- Append-only: every change to the board, numbered per workshop without gaps, with what clients need to apply it.
CREATE TABLE board_ops (
    workshop_id  bigint NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    seq          bigint NOT NULL,
    kind         text NOT NULL,
    actor_id     bigint REFERENCES members(id) ON DELETE SET NULL,
    payload      jsonb NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workshop_id, seq)
);
