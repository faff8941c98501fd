-- Co-design workshops: scheduled for a challenge or a whole community, with registrations, a waiting list whose
-- capacity the database keeps, and an agenda of time-boxed activities.

CREATE TABLE workshops (
    id             bigserial PRIMARY KEY,
    community_id   bigint NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    challenge_id   bigint REFERENCES challenges(id) ON DELETE CASCADE,
    title          text NOT NULL CHECK (length(title) BETWEEN 1 AND 140),
    purpose        text NOT NULL CHECK (length(purpose) <= 2000),
    starts_at      timestamptz NOT NULL,
    ends_at        timestamptz NOT NULL,
    time_zone      text NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 64),
    place          text NOT NULL DEFAULT '' CHECK (length(place) <= 200),
    call_link      text NOT NULL DEFAULT '' CHECK (length(call_link) <= 500),
    capacity       integer NOT NULL CHECK (capacity BETWEEN 1 AND 1000),
    -- Kept by the registration transactions (which lock this row first); the CHECK is the capacity's last word.
    seats_taken    integer NOT NULL DEFAULT 0 CHECK (seats_taken >= 0),
    waiting        integer NOT NULL DEFAULT 0 CHECK (waiting >= 0),
    state          text NOT NULL DEFAULT 'draft'
                   CHECK (state IN ('draft', 'scheduled', 'running', 'closed', 'cancelled')),
    cancel_reason  text CHECK (length(cancel_reason) <= 1000),
    -- iCalendar SEQUENCE: raised when the time, the place or the state changes.
    sequence       integer NOT NULL DEFAULT 0,
    created_by     bigint NOT NULL REFERENCES members(id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT workshop_full CHECK (seats_taken <= capacity),
    CHECK (ends_at > starts_at)
);
CREATE INDEX workshops_community ON workshops (community_id, starts_at);
CREATE INDEX workshops_challenge ON workshops (challenge_id, starts_at) WHERE challenge_id IS NOT NULL;

CREATE TABLE workshop_facilitators (
    workshop_id  bigint NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    member_id    bigint NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    PRIMARY KEY (workshop_id, member_id)
);
CREATE INDEX workshop_facilitators_member ON workshop_facilitators (member_id);

-- The ideas a workshop works on.
CREATE TABLE workshop_ideas (
    workshop_id  bigint NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    idea_id      bigint NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
    PRIMARY KEY (workshop_id, idea_id)
);
CREATE INDEX workshop_ideas_idea ON workshop_ideas (idea_id);

-- Whoever asks for a seat takes a number: the waiting list moves up in that order. Asking again after giving the
-- seat back takes a new number (the back of the queue).
CREATE SEQUENCE workshop_queue;

CREATE TABLE workshop_registrations (
    workshop_id    bigint NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    member_id      bigint NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    status         text NOT NULL CHECK (status IN ('registered', 'waiting', 'cancelled')),
    queue_number   bigint NOT NULL DEFAULT nextval('workshop_queue'),
    attended       boolean,
    registered_at  timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workshop_id, member_id)
);
CREATE INDEX workshop_registrations_queue ON workshop_registrations (workshop_id, status, queue_number);
CREATE INDEX workshop_registrations_member ON workshop_registrations (member_id, status);

-- Append-only: state moves, registrations, promotions from the waiting list, with who and why.
CREATE TABLE workshop_events (
    id           bigserial PRIMARY KEY,
    workshop_id  bigint NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    actor_id     bigint REFERENCES members(id) ON DELETE SET NULL,
    member_id    bigint REFERENCES members(id) ON DELETE SET NULL,
    kind         text NOT NULL,
    reason       text NOT NULL DEFAULT '' CHECK (length(reason) <= 1000),
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX workshop_events_workshop ON workshop_events (workshop_id, id);

-- The agenda: ordered, time-boxed activities. The running one's end is kept here, so every participant sees the
-- same countdown; a paused one keeps the seconds it had left.
CREATE TABLE workshop_activities (
    id                    bigserial PRIMARY KEY,
    workshop_id           bigint NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    position              integer NOT NULL,
    kind                  text NOT NULL
                          CHECK (kind IN ('framing', 'brainstorm', 'clustering', 'dot-vote', 'blueprint', 'decision')),
    title                 text NOT NULL CHECK (length(title) BETWEEN 1 AND 140),
    prompt                text NOT NULL DEFAULT '' CHECK (length(prompt) <= 1000),
    minutes               integer NOT NULL CHECK (minutes BETWEEN 1 AND 480),
    dots_per_participant  integer NOT NULL DEFAULT 5 CHECK (dots_per_participant BETWEEN 1 AND 50),
    max_dots_per_item     integer NOT NULL DEFAULT 3 CHECK (max_dots_per_item BETWEEN 1 AND 50),
    state                 text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'paused', 'done')),
    ends_at               timestamptz,
    seconds_left          integer CHECK (seconds_left >= 0),
    CONSTRAINT activity_position UNIQUE (workshop_id, position) DEFERRABLE INITIALLY DEFERRED,
    CHECK (max_dots_per_item <= dots_per_participant),
    CHECK (state <> 'running' OR ends_at IS NOT NULL),
    CHECK (state <> 'paused' OR seconds_left IS NOT NULL)
);
-- One activity at a time.
CREATE UNIQUE INDEX workshop_activities_one_running ON workshop_activities (workshop_id)
    WHERE state IN ('running', 'paused');
