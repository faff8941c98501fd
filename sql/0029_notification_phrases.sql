-- A notification is kept as a phrase (its English template and named values, JSON) so that each member reads it in
-- their own language, in the app and in the digest; `body` keeps the English text (rows written before this have
-- only that, and are shown as they are).
ALTER TABLE notifications ADD COLUMN phrase jsonb;
