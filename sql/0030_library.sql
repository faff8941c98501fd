-- The practice's library: each community's repertoire of tools and templates, cases, lessons learned and guides,
-- written in Markdown, tagged, edited by its members with every version kept.

-- Kinds a community's stewards add to the four every library has (tool, case, lesson, guide).
CREATE TABLE resource_kinds (
    community_id  bigint NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    name          text NOT NULL CHECK (length(name) BETWEEN 2 AND 40),
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (community_id, name)
);

CREATE TABLE resources (
    id            bigserial PRIMARY KEY,
    community_id  bigint NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    kind          text NOT NULL CHECK (length(kind) BETWEEN 2 AND 40),
    title         text NOT NULL CHECK (length(title) BETWEEN 3 AND 160),
    body          text NOT NULL CHECK (length(body) BETWEEN 1 AND 50000),
    tags          text[] NOT NULL DEFAULT '{}',
    language      text NOT NULL CHECK (language IN ('en', 'fr', 'ar')),
    -- 1 when written, +1 for each edit or restore; an edit names the version it started from.
    version       int NOT NULL DEFAULT 1 CHECK (version >= 1),
    -- Kept with the marks in the same transaction; `eyrie check` recounts it.
    useful_count  int NOT NULL DEFAULT 0 CHECK (useful_count >= 0),
    created_by    bigint REFERENCES members(id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    search        tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector(eyrie_search_config(language), title), 'A') ||
        setweight(to_tsvector(eyrie_search_config(language), eyrie_words(tags)), 'B') ||
        setweight(to_tsvector(eyrie_search_config(language), body), 'C')) STORED
);
CREATE TRIGGER resources_language BEFORE INSERT OR UPDATE OF language ON resources
    FOR EACH ROW EXECUTE FUNCTION eyrie_writer_language('created_by');
CREATE INDEX resources_community ON resources (community_id, created_at DESC, id DESC);
CREATE INDEX resources_search ON resources USING gin (search);
CREATE INDEX resources_tags ON resources USING gin (tags);

-- Every version, the first included: what it said, who made it, when and why.
CREATE TABLE resource_versions (
    resource_id   bigint NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
    number        int NOT NULL CHECK (number >= 1),
    kind          text NOT NULL,
    title         text NOT NULL,
    body          text NOT NULL,
    tags          text[] NOT NULL DEFAULT '{}',
    edited_by     bigint REFERENCES members(id) ON DELETE SET NULL,
    edited_at     timestamptz NOT NULL DEFAULT now(),
    reason        text NOT NULL DEFAULT '' CHECK (length(reason) <= 200),
    PRIMARY KEY (resource_id, number)
);

-- Who wrote it: the first writer and everyone whose edit was kept.
CREATE TABLE resource_authors (
    resource_id   bigint NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
    member_id     bigint NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    PRIMARY KEY (resource_id, member_id)
);
CREATE INDEX resource_authors_member ON resource_authors (member_id);

-- "Useful": once per member and resource.
CREATE TABLE resource_useful (
    resource_id   bigint NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
    member_id     bigint NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (resource_id, member_id)
);
