-- Search finds an idea by its tags as well as its words, and by its authors' names (through `members_name_search`);
-- "Newest" orders ideas by the date their cards show (imported ideas keep their own dates), so that order has an index.

-- array_to_string is only STABLE in general; for text[] it cannot change, and a generated column needs IMMUTABLE.
CREATE FUNCTION eyrie_words(text[]) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT array_to_string($1, ' ') $$;

ALTER TABLE ideas DROP COLUMN search;
ALTER TABLE ideas ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', title), 'A') ||
    setweight(to_tsvector('english', summary), 'B') ||
    setweight(to_tsvector('english', eyrie_words(tags)), 'B') ||
    setweight(to_tsvector('english', body), 'C')) STORED;
CREATE INDEX ideas_search ON ideas USING gin (search);

-- Names are searched word by word without stemming: "Ana" finds Ana Ruiz, not "an".
CREATE INDEX members_name_search ON members USING gin (to_tsvector('simple', name));

DROP INDEX ideas_new;
CREATE INDEX ideas_new ON ideas (challenge_id, created_at DESC, id DESC) WHERE hidden_reason IS NULL;
