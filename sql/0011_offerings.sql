-- Service offerings: made from selected ideas (which become `converted`, pointing to the offering) and closed
-- workshops; designed in the open (value proposition canvas, service blueprint), measured (KPIs) and followed
-- (progress updates, milestones), with an append-only history of their states. Contributors are told in-app.
CREATE TABLE offerings (
    id               bigserial PRIMARY KEY,
    community_id     bigint NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    -- The challenge of its first idea (the funnel per challenge); NULL when it comes from workshops only.
    challenge_id     bigint REFERENCES challenges(id) ON DELETE SET NULL,
    name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    promise          text NOT NULL CHECK (length(promise) <= 200),
    segment          text NOT NULL CHECK (length(segment) <= 200),
    owner_id         bigint REFERENCES members(id) ON DELETE SET NULL,
    organisation_id  bigint NOT NULL REFERENCES organisations(id),
    state            text NOT NULL DEFAULT 'concept' CHECK (state IN ('concept', 'pilot', 'launched', 'retired')),
    -- The latest progress update's overall percentage, kept with the update.
    progress         integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    created_by       bigint REFERENCES members(id) ON DELETE SET NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX offerings_community ON offerings (community_id, state, id);
CREATE INDEX offerings_challenge ON offerings (challenge_id) WHERE challenge_id IS NOT NULL;

CREATE TABLE offering_partners (
    offering_id      bigint NOT NULL REFERENCES offerings(id) ON DELETE CASCADE,
    organisation_id  bigint NOT NULL REFERENCES organisations(id),
    PRIMARY KEY (offering_id, organisation_id)
);

-- An idea feeds at most one offering: the idea row points to it, and this column is what the pages read.
ALTER TABLE ideas ADD COLUMN offering_id bigint REFERENCES offerings(id) ON DELETE SET NULL;
CREATE INDEX ideas_offering ON ideas (offering_id) WHERE offering_id IS NOT NULL;
-- Lineage follows merges from an offering's ideas to the ideas merged into them.
CREATE INDEX ideas_merged_into ON ideas (merged_into_id) WHERE merged_into_id IS NOT NULL;
ALTER TABLE ideas ADD CONSTRAINT ideas_converted_have_offering CHECK (state <> 'converted' OR offering_id IS NOT NULL);

CREATE TABLE offering_workshops (
    offering_id  bigint NOT NULL REFERENCES offerings(id) ON DELETE CASCADE,
    workshop_id  bigint NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    PRIMARY KEY (offering_id, workshop_id)
);
CREATE INDEX offering_workshops_workshop ON offering_workshops (workshop_id);

CREATE TABLE offering_events (
    id            bigserial PRIMARY KEY,
    community_id  bigint NOT NULL,
    offering_id   bigint NOT NULL REFERENCES offerings(id) ON DELETE CASCADE,
    actor_id      bigint REFERENCES members(id) ON DELETE SET NULL,
    kind          text NOT NULL,
    from_state    text,
    to_state      text,
    reason        text NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX offering_events_offering ON offering_events (offering_id, id);

CREATE TABLE canvas_entries (
    id           bigserial PRIMARY KEY,
    offering_id  bigint NOT NULL REFERENCES offerings(id) ON DELETE CASCADE,
    section      text NOT NULL CHECK (section IN ('jobs', 'pains', 'gains', 'products', 'relievers', 'creators')),
    position     integer NOT NULL,
    body         text NOT NULL CHECK (length(body) BETWEEN 1 AND 200)
);
CREATE INDEX canvas_entries_offering ON canvas_entries (offering_id, section, position);

CREATE TABLE canvas_fits (
    offering_id  bigint NOT NULL REFERENCES offerings(id) ON DELETE CASCADE,
    from_entry   bigint NOT NULL REFERENCES canvas_entries(id) ON DELETE CASCADE,
    to_entry     bigint NOT NULL REFERENCES canvas_entries(id) ON DELETE CASCADE,
    PRIMARY KEY (from_entry, to_entry)
);
CREATE INDEX canvas_fits_offering ON canvas_fits (offering_id);

CREATE TABLE blueprint_steps (
    id            bigserial PRIMARY KEY,
    offering_id   bigint NOT NULL REFERENCES offerings(id) ON DELETE CASCADE,
    lane          text NOT NULL CHECK (lane IN ('evidence', 'customer', 'frontstage', 'backstage', 'support')),
    "column"      integer NOT NULL CHECK ("column" >= 1),
    body          text NOT NULL CHECK (length(body) BETWEEN 1 AND 200),
    fail_point    boolean NOT NULL DEFAULT false,
    wait_minutes  integer CHECK (wait_minutes BETWEEN 0 AND 10080),
    -- The board note it was seeded from, if any (`note-12`).
    source        text,
    -- One step per lane in a column; checked at commit, since an edit renumbers columns step by step.
    CONSTRAINT blueprint_one_per_cell UNIQUE (offering_id, lane, "column") DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE blueprint_arrows (
    offering_id  bigint NOT NULL REFERENCES offerings(id) ON DELETE CASCADE,
    from_step    bigint NOT NULL REFERENCES blueprint_steps(id) ON DELETE CASCADE,
    to_step      bigint NOT NULL REFERENCES blueprint_steps(id) ON DELETE CASCADE,
    PRIMARY KEY (from_step, to_step),
    CHECK (from_step <> to_step)
);
CREATE INDEX blueprint_arrows_offering ON blueprint_arrows (offering_id);

CREATE TABLE kpis (
    id           bigserial PRIMARY KEY,
    offering_id  bigint NOT NULL REFERENCES offerings(id) ON DELETE CASCADE,
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    unit         text NOT NULL DEFAULT '' CHECK (length(unit) <= 20),
    direction    text NOT NULL CHECK (direction IN ('higher', 'lower')),
    baseline     double precision NOT NULL,
    target       double precision,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX kpis_offering ON kpis (offering_id, id);

CREATE TABLE kpi_measurements (
    kpi_id       bigint NOT NULL REFERENCES kpis(id) ON DELETE CASCADE,
    day          date NOT NULL,
    value        double precision NOT NULL,
    recorded_by  bigint REFERENCES members(id) ON DELETE SET NULL,
    -- One value per day: measuring again that day corrects it.
    PRIMARY KEY (kpi_id, day)
);

CREATE TABLE offering_updates (
    id           bigserial PRIMARY KEY,
    offering_id  bigint NOT NULL REFERENCES offerings(id) ON DELETE CASCADE,
    author_id    bigint REFERENCES members(id) ON DELETE SET NULL,
    note         text NOT NULL CHECK (length(note) BETWEEN 1 AND 2000),
    percent      integer NOT NULL CHECK (percent BETWEEN 0 AND 100),
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX offering_updates_offering ON offering_updates (offering_id, id DESC);

CREATE TABLE milestones (
    id           bigserial PRIMARY KEY,
    offering_id  bigint NOT NULL REFERENCES offerings(id) ON DELETE CASCADE,
    title        text NOT NULL CHECK (length(title) BETWEEN 1 AND 140),
    due          date NOT NULL,
    done_at      timestamptz
);
CREATE INDEX milestones_offering ON milestones (offering_id, due, id);

-- What Eyrie tells a member inside the app. Written in the same transaction as the change that causes it.
CREATE TABLE notifications (
    id            bigserial PRIMARY KEY,
    member_id     bigint NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    community_id  bigint NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    kind          text NOT NULL,
    offering_id   bigint REFERENCES offerings(id) ON DELETE CASCADE,
    idea_id       bigint REFERENCES ideas(id) ON DELETE CASCADE,
    body          text NOT NULL,
    link          text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    read_at       timestamptz
);
CREATE INDEX notifications_member ON notifications (member_id, id DESC);
CREATE INDEX notifications_unread ON notifications (member_id) WHERE read_at IS NULL;
