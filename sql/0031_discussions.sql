-- Discussions: a community's members ask questions and talk about problems before they are ideas. A thread (in
-- the community, or in one of its challenges) has replies one level deep; the asker (or a steward) marks the
-- answer that solved a question; facilitators and stewards hide and restore posts with a reason, and lock threads.

CREATE TABLE threads (
    id                 bigserial PRIMARY KEY,
    community_id       bigint NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    challenge_id       bigint REFERENCES challenges(id) ON DELETE SET NULL,
    kind               text NOT NULL CHECK (kind IN ('question', 'topic')),
    title              text NOT NULL CHECK (length(title) BETWEEN 5 AND 160),
    body               text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
    language           text NOT NULL CHECK (language IN ('en', 'fr', 'ar')),
    author_id          bigint REFERENCES members(id) ON DELETE SET NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    last_post_at       timestamptz NOT NULL DEFAULT now(),
    -- Replies not hidden, kept with them in the same transaction; `eyrie check` recounts it.
    reply_count        int NOT NULL DEFAULT 0 CHECK (reply_count >= 0),
    accepted_reply_id  bigint,
    locked_at          timestamptz,
    hidden_reason      text,
    search             tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector(eyrie_search_config(language), title), 'A') ||
        setweight(to_tsvector(eyrie_search_config(language), body), 'C')) STORED
);
CREATE TRIGGER threads_language BEFORE INSERT OR UPDATE OF language ON threads
    FOR EACH ROW EXECUTE FUNCTION eyrie_writer_language('author_id');
CREATE INDEX threads_community ON threads (community_id, last_post_at DESC, id DESC);
CREATE INDEX threads_unanswered ON threads (community_id, created_at DESC)
    WHERE kind = 'question' AND accepted_reply_id IS NULL AND hidden_reason IS NULL;
CREATE INDEX threads_search ON threads USING gin (search);

CREATE TABLE replies (
    id             bigserial PRIMARY KEY,
    thread_id      bigint NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
    -- The top-level reply this one answers (a reply to a reply joins its top-level one: one level deep).
    parent_id      bigint REFERENCES replies(id) ON DELETE CASCADE,
    -- The reply it quotes, shown above it.
    quote_id       bigint REFERENCES replies(id) ON DELETE SET NULL,
    body           text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
    language       text NOT NULL CHECK (language IN ('en', 'fr', 'ar')),
    author_id      bigint REFERENCES members(id) ON DELETE SET NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    hidden_reason  text
);
CREATE TRIGGER replies_language BEFORE INSERT OR UPDATE OF language ON replies
    FOR EACH ROW EXECUTE FUNCTION eyrie_writer_language('author_id');
CREATE INDEX replies_thread ON replies (thread_id, id);
CREATE INDEX replies_author ON replies (author_id, id DESC);

ALTER TABLE threads ADD CONSTRAINT threads_accepted_reply FOREIGN KEY (accepted_reply_id) REFERENCES replies(id) ON DELETE SET NULL;

-- Who hid, restored, locked, unlocked or accepted what, and why.
CREATE TABLE thread_events (
    id          bigserial PRIMARY KEY,
    thread_id   bigint NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
    reply_id    bigint REFERENCES replies(id) ON DELETE CASCADE,
    actor_id    bigint REFERENCES members(id) ON DELETE SET NULL,
    kind        text NOT NULL CHECK (kind IN ('hidden', 'restored', 'locked', 'unlocked', 'accepted')),
    reason      text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now()
);
