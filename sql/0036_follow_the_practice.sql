-- Members follow discussions and library resources like everything else: the asker and everyone who replied follow
-- a discussion, every author follows a resource; a new reply, an accepted answer or a new version is told to them.
ALTER TABLE follows
    ADD COLUMN thread_id   bigint REFERENCES threads(id) ON DELETE CASCADE,
    ADD COLUMN resource_id bigint REFERENCES resources(id) ON DELETE CASCADE;
ALTER TABLE follows DROP CONSTRAINT follows_check;
ALTER TABLE follows ADD CONSTRAINT follows_one_thing
    CHECK (num_nonnulls(challenge_id, idea_id, workshop_id, offering_id, thread_id, resource_id) = 1);
CREATE UNIQUE INDEX follows_thread ON follows (thread_id, member_id) WHERE thread_id IS NOT NULL;
CREATE UNIQUE INDEX follows_resource ON follows (resource_id, member_id) WHERE resource_id IS NOT NULL;

INSERT INTO follows (member_id, community_id, thread_id)
SELECT author_id, community_id, id FROM threads WHERE author_id IS NOT NULL
UNION
SELECT r.author_id, t.community_id, t.id FROM replies r JOIN threads t ON t.id = r.thread_id WHERE r.author_id IS NOT NULL
ON CONFLICT DO NOTHING;

INSERT INTO follows (member_id, community_id, resource_id)
SELECT a.member_id, r.community_id, r.id FROM resource_authors a JOIN resources r ON r.id = a.resource_id
ON CONFLICT DO NOTHING;
