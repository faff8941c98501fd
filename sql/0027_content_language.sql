-- Ideas, comments and board notes carry the language they were written in: given by the form, else the writer's
-- chosen language when it is one content may be in (en, fr, ar), else English. Search stems each idea in its own
-- language (`english`, `french`; `simple`, word for word, for Arabic and the rest), and a query is tried in all.

-- A regconfig from a tag. IMMUTABLE so that a generated column may use it: the three configurations it names ship
-- with PostgreSQL and never change.
CREATE FUNCTION eyrie_search_config(text) RETURNS regconfig LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE $1 WHEN 'en' THEN 'english'::regconfig WHEN 'fr' THEN 'french'::regconfig
                         ELSE 'simple'::regconfig END $$;

-- What a search box's words match, whatever the language they were typed in.
CREATE FUNCTION eyrie_search_query(text) RETURNS tsquery LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT websearch_to_tsquery('english', $1) || websearch_to_tsquery('french', $1)
                 || websearch_to_tsquery('simple', $1) $$;

-- The writer's language for a row inserted without one (an update without one keeps the row's); TG_ARGV[0] names
-- the writer's column.
CREATE FUNCTION eyrie_writer_language() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.language IS NULL AND TG_OP = 'UPDATE' THEN
        NEW.language := OLD.language;
    ELSIF NEW.language IS NULL THEN
        SELECT CASE WHEN split_part(m.language, '-', 1) IN ('en', 'fr', 'ar') THEN split_part(m.language, '-', 1) END
          INTO NEW.language
          FROM members m WHERE m.id = (to_jsonb(NEW) ->> TG_ARGV[0])::bigint;
        NEW.language := coalesce(NEW.language, 'en');
    END IF;
    RETURN NEW;
END $$;

ALTER TABLE ideas ADD COLUMN language text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'fr', 'ar'));
ALTER TABLE ideas ALTER COLUMN language DROP DEFAULT;
CREATE TRIGGER ideas_language BEFORE INSERT OR UPDATE OF language ON ideas FOR EACH ROW EXECUTE FUNCTION eyrie_writer_language('author_id');

ALTER TABLE comments ADD COLUMN language text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'fr', 'ar'));
ALTER TABLE comments ALTER COLUMN language DROP DEFAULT;
CREATE TRIGGER comments_language BEFORE INSERT OR UPDATE OF language ON comments FOR EACH ROW EXECUTE FUNCTION eyrie_writer_language('author_id');

ALTER TABLE board_notes ADD COLUMN language text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'fr', 'ar'));
ALTER TABLE board_notes ALTER COLUMN language DROP DEFAULT;
CREATE TRIGGER board_notes_language BEFORE INSERT OR UPDATE OF language ON board_notes FOR EACH ROW EXECUTE FUNCTION eyrie_writer_language('author_id');

ALTER TABLE ideas DROP COLUMN search;
ALTER TABLE ideas ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector(eyrie_search_config(language), title), 'A') ||
    setweight(to_tsvector(eyrie_search_config(language), summary), 'B') ||
    setweight(to_tsvector(eyrie_search_config(language), eyrie_words(tags)), 'B') ||
    setweight(to_tsvector(eyrie_search_config(language), body), 'C')) STORED;
CREATE INDEX ideas_search ON ideas USING gin (search);
