-- Import and export: this instance's origin (the prefix of the external ids it makes, so that ids made elsewhere
-- never collide with its own), the external ids each import mapped to the rows it made, and supports counted by
-- another tool (Decidim's votes) that came without their voters.
CREATE TABLE exchange_origin (
    origin  text PRIMARY KEY,
    single  boolean NOT NULL DEFAULT true UNIQUE CHECK (single)
);
INSERT INTO exchange_origin (origin) SELECT substr(md5(random()::text || clock_timestamp()::text), 1, 10);

CREATE TABLE exchange_keys (
    community_id  bigint NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    entity        text NOT NULL,
    external_id   text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 200),
    row_id        bigint NOT NULL,
    PRIMARY KEY (community_id, entity, external_id),
    UNIQUE (community_id, entity, row_id)
);

ALTER TABLE ideas ADD COLUMN imported_supports integer NOT NULL DEFAULT 0 CHECK (imported_supports >= 0);
