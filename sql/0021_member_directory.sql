-- The member list: names in order (keyset paging walks this index and stops at a page), words found anywhere in a
-- name or an e-mail address (trigram indexes serve `ILIKE '%…%'`), and a community's requests to join at once.
CREATE INDEX members_name_order ON members (name, id);
CREATE INDEX members_name_trgm ON members USING gin (name gin_trgm_ops);
CREATE INDEX members_email_trgm ON members USING gin ((email::text) gin_trgm_ops);
CREATE INDEX memberships_pending ON memberships (community_id) WHERE status = 'pending';
