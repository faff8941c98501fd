-- From talk to work: a discussion that became an idea in a challenge, or a resource in the library, points at it
-- (the idea and the resource show where they came from).
ALTER TABLE threads ADD COLUMN idea_id bigint REFERENCES ideas(id) ON DELETE SET NULL;
ALTER TABLE threads ADD COLUMN resource_id bigint REFERENCES resources(id) ON DELETE SET NULL;
CREATE INDEX threads_idea ON threads (idea_id) WHERE idea_id IS NOT NULL;
CREATE INDEX threads_resource ON threads (resource_id) WHERE resource_id IS NOT NULL;
