-- Community health: who is core, active, peripheral or inactive, month by month, and how they move.
--
-- The activity itself is what Eyrie already records (ideas, comments, votes, reviews, workshop seats, board notes,
-- offering updates) plus sign-ins, kept here. A snapshot rolls a month's activity up per member
-- (`participation_months`), derives each member's level from the last months' rollups (`participation_levels`) and
-- keeps the counts the dashboard reads (`participation_counts`, `participation_moves`, `health_organisations`,
-- `health_pairs`, `health_funnels`). Closed months are final: a snapshot redoes only the month under way (and the
-- month before, once, after a month ends), so the dashboard never scans the event history.

-- Sign-ins: the only trace of members who read without contributing.
CREATE TABLE member_signins (
    member_id     bigint NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    signed_in_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX member_signins_member ON member_signins (member_id, signed_in_at);
CREATE INDEX member_signins_time ON member_signins USING brin (signed_in_at);

-- Dots had no time; votes need one to fall in a month.
ALTER TABLE dots ADD COLUMN placed_at timestamptz NOT NULL DEFAULT now();

-- Monthly rollups read a community's activity by time. A BRIN index on the time alone reads every community's rows
-- of the month (1.3 s for the ideas of a month in which another community had a million); a btree on
-- (community, time) reads only this one's (8 ms), for one more index entry per vote, comment or idea.
CREATE INDEX ideas_community_time ON ideas (community_id, created_at);
CREATE INDEX comments_community_time ON comments (community_id, created_at);
CREATE INDEX supports_community_time ON supports (community_id, created_at);
CREATE INDEX pairwise_votes_community_time ON pairwise_votes (community_id, created_at);
CREATE INDEX board_notes_created_brin ON board_notes USING brin (created_at);
CREATE INDEX memberships_community_joined ON memberships (community_id, joined_at);

-- A community's thresholds, set by its stewards; no row means the defaults.
CREATE TABLE health_settings (
    community_id   bigint PRIMARY KEY REFERENCES communities(id) ON DELETE CASCADE,
    core_months    integer NOT NULL CHECK (core_months BETWEEN 1 AND 12),
    lead_months    integer NOT NULL CHECK (lead_months BETWEEN 1 AND 24),
    active_days    integer NOT NULL CHECK (active_days BETWEEN 7 AND 365),
    inactive_days  integer NOT NULL CHECK (inactive_days BETWEEN 30 AND 730),
    newcomer_days  integer NOT NULL CHECK (newcomer_days BETWEEN 7 AND 365),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (active_days < inactive_days)
);

-- One member's activity in one community in one calendar month (UTC).
CREATE TABLE participation_months (
    community_id          bigint NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    month                 date NOT NULL,
    member_id             bigint NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    ideas                 integer NOT NULL DEFAULT 0,
    comments              integer NOT NULL DEFAULT 0,
    votes                 integer NOT NULL DEFAULT 0,
    reviews               integer NOT NULL DEFAULT 0,
    seats                 integer NOT NULL DEFAULT 0,
    notes                 integer NOT NULL DEFAULT 0,
    updates               integer NOT NULL DEFAULT 0,
    visits                integer NOT NULL DEFAULT 0,
    leads                 integer NOT NULL DEFAULT 0,
    last_contribution_at  timestamptz,
    last_lead_at          timestamptz,
    last_seen_at          timestamptz,
    PRIMARY KEY (community_id, month, member_id)
);

-- Each member's level at the end of a month (the month under way: at the snapshot's time).
CREATE TABLE participation_levels (
    community_id          bigint NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    month                 date NOT NULL,
    member_id             bigint NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    level                 text NOT NULL CHECK (level IN ('core', 'active', 'peripheral', 'inactive')),
    previous_level        text CHECK (previous_level IN ('core', 'active', 'peripheral', 'inactive')),
    -- Slid down from core or active since the month before (`ParticipationLevel.isDrift`).
    drifting              boolean NOT NULL,
    joined_at             timestamptz NOT NULL,
    last_contribution_at  timestamptz,
    PRIMARY KEY (community_id, month, member_id)
);
CREATE INDEX participation_levels_drifting
    ON participation_levels (community_id, month, last_contribution_at DESC NULLS LAST, member_id) WHERE drifting;
CREATE INDEX participation_levels_newcomers
    ON participation_levels (community_id, month, joined_at DESC, member_id) WHERE last_contribution_at IS NULL;

-- When each month was last worked out, and whether it is final (taken after the month ended).
CREATE TABLE health_months (
    community_id  bigint NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    month         date NOT NULL,
    taken_at      timestamptz NOT NULL,
    final         boolean NOT NULL,
    PRIMARY KEY (community_id, month)
);

CREATE TABLE participation_counts (
    community_id  bigint NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    month         date NOT NULL,
    level         text NOT NULL,
    members       integer NOT NULL,
    PRIMARY KEY (community_id, month, level)
);

-- Members who were at `from_level` the month before and are at `to_level` in `month` (`from_level` 'new': joined).
CREATE TABLE participation_moves (
    community_id  bigint NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    month         date NOT NULL,
    from_level    text NOT NULL,
    to_level      text NOT NULL,
    members       integer NOT NULL,
    PRIMARY KEY (community_id, month, from_level, to_level)
);

-- Each organisation's part in the community over the last twelve months, as of the latest snapshot.
CREATE TABLE health_organisations (
    community_id     bigint NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    organisation_id  bigint NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    members          integer NOT NULL,
    ideas            integer NOT NULL,
    votes            integer NOT NULL,
    comments         integer NOT NULL,
    seats            integer NOT NULL,
    contributions    integer NOT NULL,
    PRIMARY KEY (community_id, organisation_id)
);

-- Organisations that work together: ideas co-authored, workshops attended together (a < b).
CREATE TABLE health_pairs (
    community_id  bigint NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    kind          text NOT NULL CHECK (kind IN ('ideas', 'workshops')),
    org_a         bigint NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    org_b         bigint NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    together      integer NOT NULL,
    PRIMARY KEY (community_id, kind, org_a, org_b),
    CHECK (org_a < org_b)
);

-- Each challenge's funnel as of the latest snapshot, stage counts in `ServiceFunnel` order.
CREATE TABLE health_funnels (
    community_id  bigint NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    position      integer NOT NULL,
    challenge_id  bigint REFERENCES challenges(id) ON DELETE CASCADE,
    title         text NOT NULL,
    stages        integer[] NOT NULL,
    PRIMARY KEY (community_id, position)
);
