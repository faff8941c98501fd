-- Stewards feature the resources a community should see first: on its page, newest featured first.
ALTER TABLE resources ADD COLUMN featured_at timestamptz;
CREATE INDEX resources_featured ON resources (community_id, featured_at DESC) WHERE featured_at IS NOT NULL;
