-- Files attached to the library's resources, kept in PostgreSQL so that backups and exports hold them. The type is
-- the one Eyrie recorded from the file's bytes; names are checked (no folders, no control characters).
CREATE TABLE resource_attachments (
    id            bigserial PRIMARY KEY,
    resource_id   bigint NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200 AND name !~ '[/\\[:cntrl:]]'),
    type          text NOT NULL,
    size          int NOT NULL CHECK (size > 0),
    content       bytea NOT NULL CHECK (length(content) = size),
    uploaded_by   bigint REFERENCES members(id) ON DELETE SET NULL,
    uploaded_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX resource_attachments_resource ON resource_attachments (resource_id, uploaded_at, id);
-- PDF, images and office files are compressed already: store them out of line as they are.
ALTER TABLE resource_attachments ALTER COLUMN content SET STORAGE EXTERNAL;

-- What each community's library holds in attachments, kept with every attach and removal in the same transaction
-- (the quota is checked against it under its row lock); `eyrie check` recounts it.
CREATE TABLE library_usage (
    community_id  bigint PRIMARY KEY REFERENCES communities(id) ON DELETE CASCADE,
    bytes         bigint NOT NULL DEFAULT 0 CHECK (bytes >= 0),
    files         int NOT NULL DEFAULT 0 CHECK (files >= 0)
);

-- A resource is found by its attachments' names too ("pilot-lessons.pdf" as "pilot lessons pdf").
ALTER TABLE resources ADD COLUMN attachment_names text NOT NULL DEFAULT '';
DROP INDEX resources_search;
ALTER TABLE resources DROP COLUMN search;
ALTER TABLE resources ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector(eyrie_search_config(language), title), 'A') ||
    setweight(to_tsvector(eyrie_search_config(language), eyrie_words(tags)), 'B') ||
    setweight(to_tsvector(eyrie_search_config(language), attachment_names), 'B') ||
    setweight(to_tsvector(eyrie_search_config(language), body), 'C')) STORED;
CREATE INDEX resources_search ON resources USING gin (search);
