-- Eyrie foundation: accounts, organisations, communities, challenges, ideas, comments, supports.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS citext;

CREATE TABLE organisations (
    id          bigserial PRIMARY KEY,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    slug        text NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE members (
    id               bigserial PRIMARY KEY,
    email            citext NOT NULL UNIQUE CHECK (length(email) <= 254),
    name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    password_hash    text NOT NULL,
    organisation_id  bigint NOT NULL REFERENCES organisations(id),
    is_admin         boolean NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL DEFAULT now()
);

-- Only a SHA-256 of the cookie's token is stored: a copy of this table opens no session.
CREATE TABLE sessions (
    token_hash   bytea PRIMARY KEY,
    member_id    bigint NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    csrf_token   text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL
);
CREATE INDEX sessions_member ON sessions (member_id);

CREATE TABLE signin_failures (
    id          bigserial PRIMARY KEY,
    email       citext NOT NULL,
    address     text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX signin_failures_email ON signin_failures (email, created_at);
CREATE INDEX signin_failures_address ON signin_failures (address, created_at);

CREATE TABLE communities (
    id           bigserial PRIMARY KEY,
    slug         text NOT NULL UNIQUE,
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    domain       text NOT NULL CHECK (length(domain) <= 2000),
    visibility   text NOT NULL CHECK (visibility IN ('open', 'private')),
    invite_code  text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE memberships (
    community_id  bigint NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    member_id     bigint NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    role          text NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'facilitator', 'steward')),
    status        text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'pending')),
    joined_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (community_id, member_id)
);
CREATE INDEX memberships_member ON memberships (member_id);

CREATE TABLE challenges (
    id                bigserial PRIMARY KEY,
    community_id      bigint NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    title             text NOT NULL CHECK (length(title) <= 140),
    problem           text NOT NULL CHECK (length(problem) <= 5000),
    question          text NOT NULL CHECK (length(question) <= 300),
    sponsor_id        bigint NOT NULL REFERENCES organisations(id),
    opens_at          timestamptz NOT NULL,
    voting_at         timestamptz NOT NULL,
    review_at         timestamptz NOT NULL,
    closes_at         timestamptz NOT NULL,
    phase_override    text CHECK (phase_override IN ('draft', 'open', 'voting', 'review', 'closed')),
    late_submissions  boolean NOT NULL DEFAULT false,
    created_by        bigint NOT NULL REFERENCES members(id),
    created_at        timestamptz NOT NULL DEFAULT now(),
    CHECK (opens_at <= voting_at AND voting_at <= review_at AND review_at <= closes_at)
);
CREATE INDEX challenges_community ON challenges (community_id, opens_at DESC);

-- Append-only: who moved a challenge's phase by hand, and why.
CREATE TABLE challenge_events (
    id            bigserial PRIMARY KEY,
    community_id  bigint NOT NULL,
    challenge_id  bigint NOT NULL REFERENCES challenges(id) ON DELETE CASCADE,
    actor_id      bigint NOT NULL REFERENCES members(id),
    from_phase    text NOT NULL,
    to_phase      text NOT NULL,
    reason        text NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ideas (
    id              bigserial PRIMARY KEY,
    community_id    bigint NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    challenge_id    bigint NOT NULL REFERENCES challenges(id) ON DELETE CASCADE,
    author_id       bigint NOT NULL REFERENCES members(id),
    title           text NOT NULL CHECK (length(title) <= 140),
    summary         text NOT NULL CHECK (length(summary) <= 300),
    body            text NOT NULL DEFAULT '' CHECK (length(body) <= 10000),
    tags            text[] NOT NULL DEFAULT '{}',
    state           text NOT NULL CHECK (state IN ('draft', 'submitted', 'shortlisted', 'in_design', 'selected',
                                                   'converted', 'withdrawn', 'declined', 'merged')),
    merged_into_id  bigint REFERENCES ideas(id),
    hidden_reason   text,
    support_count   integer NOT NULL DEFAULT 0 CHECK (support_count >= 0),
    comment_count   integer NOT NULL DEFAULT 0 CHECK (comment_count >= 0),
    submission_key  text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    search          tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A') ||
        setweight(to_tsvector('english', summary), 'B') ||
        setweight(to_tsvector('english', body), 'C')) STORED,
    -- A double-clicked "Submit idea" sends the same key twice: the second insert finds this constraint.
    UNIQUE (author_id, submission_key)
);
CREATE INDEX ideas_new ON ideas (challenge_id, id DESC) WHERE hidden_reason IS NULL;
CREATE INDEX ideas_supported ON ideas (challenge_id, support_count DESC, id DESC) WHERE hidden_reason IS NULL;
CREATE INDEX ideas_discussed ON ideas (challenge_id, comment_count DESC, id DESC) WHERE hidden_reason IS NULL;
CREATE INDEX ideas_search ON ideas USING gin (search);
CREATE INDEX ideas_tags ON ideas USING gin (tags);
CREATE INDEX ideas_title_trgm ON ideas USING gin (title gin_trgm_ops);
CREATE INDEX ideas_author ON ideas (author_id);

CREATE TABLE idea_authors (
    idea_id       bigint NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
    member_id     bigint NOT NULL REFERENCES members(id),
    community_id  bigint NOT NULL,
    position      smallint NOT NULL,
    PRIMARY KEY (idea_id, member_id)
);
CREATE INDEX idea_authors_member ON idea_authors (member_id);

-- Append-only history of an idea: transitions (from/to state) and moderation (hide/restore, merge).
CREATE TABLE idea_events (
    id            bigserial PRIMARY KEY,
    community_id  bigint NOT NULL,
    idea_id       bigint NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
    actor_id      bigint REFERENCES members(id),
    kind          text NOT NULL,
    from_state    text,
    to_state      text,
    reason        text NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idea_events_idea ON idea_events (idea_id, id);

CREATE TABLE comments (
    id             bigserial PRIMARY KEY,
    community_id   bigint NOT NULL,
    idea_id        bigint NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
    parent_id      bigint REFERENCES comments(id),
    author_id      bigint NOT NULL REFERENCES members(id),
    body           text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
    hidden_reason  text,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX comments_idea ON comments (idea_id, id);
CREATE INDEX comments_author ON comments (author_id, id DESC);

CREATE TABLE comment_events (
    id            bigserial PRIMARY KEY,
    community_id  bigint NOT NULL,
    comment_id    bigint NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
    actor_id      bigint NOT NULL REFERENCES members(id),
    kind          text NOT NULL CHECK (kind IN ('hidden', 'restored')),
    reason        text NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- One support per member per idea: the primary key, not application code, forbids doubles.
CREATE TABLE supports (
    idea_id       bigint NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
    member_id     bigint NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    community_id  bigint NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (idea_id, member_id)
);
CREATE INDEX supports_member ON supports (member_id);
