-- Import keys (`exchange_keys`), one per row an import made, a million for a large file: compared byte for byte
-- (they are ids, not words: the "C" collation makes each comparison in their two indexes a memcmp), and tied to their
-- community by a trigger that removes them with it rather than by a foreign key checked once per key. Keys are only
-- written by an import, which holds its community's row (FOR NO KEY UPDATE) until it commits, so the community
-- cannot be deleted under them.
ALTER TABLE exchange_keys
    ALTER COLUMN entity TYPE text COLLATE "C",
    ALTER COLUMN external_id TYPE text COLLATE "C",
    DROP CONSTRAINT exchange_keys_community_id_fkey;

CREATE FUNCTION exchange_keys_follow_community() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM exchange_keys WHERE community_id = OLD.id;
    RETURN OLD;
END $$;

CREATE TRIGGER communities_take_their_keys BEFORE DELETE ON communities
    FOR EACH ROW EXECUTE FUNCTION exchange_keys_follow_community();
