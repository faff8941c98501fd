-- The library linked to the work: a resource points at the ideas, workshops and offerings (of its own community) it
-- came from or serves, and those pages list it. A link made when the resource was made from the work in one step
-- (a closed workshop's summary, an offering's update) says so, and there is one such resource per summary or update.
CREATE TABLE resource_links (
    id            bigserial PRIMARY KEY,
    resource_id   bigint NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
    idea_id       bigint REFERENCES ideas(id) ON DELETE CASCADE,
    workshop_id   bigint REFERENCES workshops(id) ON DELETE CASCADE,
    offering_id   bigint REFERENCES offerings(id) ON DELETE CASCADE,
    -- Made from the workshop's summary (workshop_id set) or from this update of the offering (offering_id set).
    from_summary  boolean NOT NULL DEFAULT false,
    update_id     bigint REFERENCES offering_updates(id) ON DELETE SET NULL,
    linked_by     bigint REFERENCES members(id) ON DELETE SET NULL,
    linked_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (num_nonnulls(idea_id, workshop_id, offering_id) = 1),
    CHECK (NOT from_summary OR workshop_id IS NOT NULL),
    CHECK (update_id IS NULL OR offering_id IS NOT NULL)
);
CREATE INDEX resource_links_resource ON resource_links (resource_id);
CREATE UNIQUE INDEX resource_links_idea ON resource_links (idea_id, resource_id) WHERE idea_id IS NOT NULL;
CREATE UNIQUE INDEX resource_links_workshop ON resource_links (workshop_id, resource_id) WHERE workshop_id IS NOT NULL;
CREATE UNIQUE INDEX resource_links_offering ON resource_links (offering_id, resource_id) WHERE offering_id IS NOT NULL;
CREATE UNIQUE INDEX resource_links_summary ON resource_links (workshop_id) WHERE from_summary;
CREATE UNIQUE INDEX resource_links_update ON resource_links (update_id) WHERE update_id IS NOT NULL;
