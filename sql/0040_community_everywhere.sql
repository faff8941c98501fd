-- Every table of a community carries the community (README, "Ready to shard by community"): the 29 tables that
-- reached theirs only through a parent (a workshop's activities and board, an offering's canvas, blueprint and KPIs, a
-- resource's versions, a thread's replies, a challenge's tags) get `community_id`, filled from the parent for the rows
-- there are and, by a trigger, for every row a writer adds without naming it.
-- previous release: the trigger fills the column for writers that do not name it, the previous release among them,
-- so the NOT NULL below refuses none of their writes (faults/test_upgrade.py writes through it).

CREATE FUNCTION community_from_challenge() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.community_id IS NULL THEN
        SELECT community_id INTO NEW.community_id FROM challenges WHERE id = NEW.challenge_id;
    END IF;
    RETURN NEW;
END $$;

CREATE FUNCTION community_from_offering() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.community_id IS NULL THEN
        SELECT community_id INTO NEW.community_id FROM offerings WHERE id = NEW.offering_id;
    END IF;
    RETURN NEW;
END $$;

CREATE FUNCTION community_from_kpi() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.community_id IS NULL THEN
        SELECT community_id INTO NEW.community_id FROM kpis WHERE id = NEW.kpi_id;
    END IF;
    RETURN NEW;
END $$;

CREATE FUNCTION community_from_thread() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.community_id IS NULL THEN
        SELECT community_id INTO NEW.community_id FROM threads WHERE id = NEW.thread_id;
    END IF;
    RETURN NEW;
END $$;

CREATE FUNCTION community_from_resource() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.community_id IS NULL THEN
        SELECT community_id INTO NEW.community_id FROM resources WHERE id = NEW.resource_id;
    END IF;
    RETURN NEW;
END $$;

CREATE FUNCTION community_from_workshop() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.community_id IS NULL THEN
        SELECT community_id INTO NEW.community_id FROM workshops WHERE id = NEW.workshop_id;
    END IF;
    RETURN NEW;
END $$;

CREATE FUNCTION community_from_activity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.community_id IS NULL THEN
        SELECT community_id INTO NEW.community_id FROM workshop_activities WHERE id = NEW.activity_id;
    END IF;
    RETURN NEW;
END $$;

ALTER TABLE challenge_tags ADD COLUMN community_id bigint;
UPDATE challenge_tags t SET community_id = p.community_id FROM challenges p WHERE p.id = t.challenge_id;
ALTER TABLE challenge_tags ALTER COLUMN community_id SET NOT NULL;
CREATE TRIGGER challenge_tags_community BEFORE INSERT ON challenge_tags FOR EACH ROW EXECUTE FUNCTION community_from_challenge();

ALTER TABLE blueprint_steps ADD COLUMN community_id bigint;
UPDATE blueprint_steps t SET community_id = p.community_id FROM offerings p WHERE p.id = t.offering_id;
ALTER TABLE blueprint_steps ALTER COLUMN community_id SET NOT NULL;
CREATE TRIGGER blueprint_steps_community BEFORE INSERT ON blueprint_steps FOR EACH ROW EXECUTE FUNCTION community_from_offering();

ALTER TABLE blueprint_arrows ADD COLUMN community_id bigint;
UPDATE blueprint_arrows t SET community_id = p.community_id FROM offerings p WHERE p.id = t.offering_id;
ALTER TABLE blueprint_arrows ALTER COLUMN community_id SET NOT NULL;
CREATE TRIGGER blueprint_arrows_community BEFORE INSERT ON blueprint_arrows FOR EACH ROW EXECUTE FUNCTION community_from_offering();

ALTER TABLE canvas_entries ADD COLUMN community_id bigint;
UPDATE canvas_entries t SET community_id = p.community_id FROM offerings p WHERE p.id = t.offering_id;
ALTER TABLE canvas_entries ALTER COLUMN community_id SET NOT NULL;
CREATE TRIGGER canvas_entries_community BEFORE INSERT ON canvas_entries FOR EACH ROW EXECUTE FUNCTION community_from_offering();

ALTER TABLE canvas_fits ADD COLUMN community_id bigint;
UPDATE canvas_fits t SET community_id = p.community_id FROM offerings p WHERE p.id = t.offering_id;
ALTER TABLE canvas_fits ALTER COLUMN community_id SET NOT NULL;
CREATE TRIGGER canvas_fits_community BEFORE INSERT ON canvas_fits FOR EACH ROW EXECUTE FUNCTION community_from_offering();

ALTER TABLE kpis ADD COLUMN community_id bigint;
UPDATE kpis t SET community_id = p.community_id FROM offerings p WHERE p.id = t.offering_id;
ALTER TABLE kpis ALTER COLUMN community_id SET NOT NULL;
CREATE TRIGGER kpis_community BEFORE INSERT ON kpis FOR EACH ROW EXECUTE FUNCTION community_from_offering();

ALTER TABLE milestones ADD COLUMN community_id bigint;
UPDATE milestones t SET community_id = p.community_id FROM offerings p WHERE p.id = t.offering_id;
ALTER TABLE milestones ALTER COLUMN community_id SET NOT NULL;
CREATE TRIGGER milestones_community BEFORE INSERT ON milestones FOR EACH ROW EXECUTE FUNCTION community_from_offering();

ALTER TABLE offering_partners ADD COLUMN community_id bigint;
UPDATE offering_partners t SET community_id = p.community_id FROM offerings p WHERE p.id = t.offering_id;
ALTER TABLE offering_partners ALTER COLUMN community_id SET NOT NULL;
CREATE TRIGGER offering_partners_community BEFORE INSERT ON offering_partners FOR EACH ROW EXECUTE FUNCTION community_from_offering();

ALTER TABLE offering_updates ADD COLUMN community_id bigint;
UPDATE offering_updates t SET community_id = p.community_id FROM offerings p WHERE p.id = t.offering_id;
ALTER TABLE offering_updates ALTER COLUMN community_id SET NOT NULL;
CREATE TRIGGER offering_updates_community BEFORE INSERT ON offering_updates FOR EACH ROW EXECUTE FUNCTION community_from_offering();

ALTER TABLE offering_workshops ADD COLUMN community_id bigint;
UPDATE offering_workshops t SET community_id = p.community_id FROM offerings p WHERE p.id = t.offering_id;
ALTER TABLE offering_workshops ALTER COLUMN community_id SET NOT NULL;
CREATE TRIGGER offering_workshops_community BEFORE INSERT ON offering_workshops FOR EACH ROW EXECUTE FUNCTION community_from_offering();

ALTER TABLE replies ADD COLUMN community_id bigint;
UPDATE replies t SET community_id = p.community_id FROM threads p WHERE p.id = t.thread_id;
ALTER TABLE replies ALTER COLUMN community_id SET NOT NULL;
CREATE TRIGGER replies_community BEFORE INSERT ON replies FOR EACH ROW EXECUTE FUNCTION community_from_thread();

ALTER TABLE thread_events ADD COLUMN community_id bigint;
UPDATE thread_events t SET community_id = p.community_id FROM threads p WHERE p.id = t.thread_id;
ALTER TABLE thread_events ALTER COLUMN community_id SET NOT NULL;
CREATE TRIGGER thread_events_community BEFORE INSERT ON thread_events FOR EACH ROW EXECUTE FUNCTION community_from_thread();

ALTER TABLE resource_attachments ADD COLUMN community_id bigint;
UPDATE resource_attachments t SET community_id = p.community_id FROM resources p WHERE p.id = t.resource_id;
ALTER TABLE resource_attachments ALTER COLUMN community_id SET NOT NULL;
CREATE TRIGGER resource_attachments_community BEFORE INSERT ON resource_attachments FOR EACH ROW EXECUTE FUNCTION community_from_resource();

ALTER TABLE resource_authors ADD COLUMN community_id bigint;
UPDATE resource_authors t SET community_id = p.community_id FROM resources p WHERE p.id = t.resource_id;
ALTER TABLE resource_authors ALTER COLUMN community_id SET NOT NULL;
CREATE TRIGGER resource_authors_community BEFORE INSERT ON resource_authors FOR EACH ROW EXECUTE FUNCTION community_from_resource();

ALTER TABLE resource_links ADD COLUMN community_id bigint;
UPDATE resource_links t SET community_id = p.community_id FROM resources p WHERE p.id = t.resource_id;
ALTER TABLE resource_links ALTER COLUMN community_id SET NOT NULL;
CREATE TRIGGER resource_links_community BEFORE INSERT ON resource_links FOR EACH ROW EXECUTE FUNCTION community_from_resource();

ALTER TABLE resource_useful ADD COLUMN community_id bigint;
UPDATE resource_useful t SET community_id = p.community_id FROM resources p WHERE p.id = t.resource_id;
ALTER TABLE resource_useful ALTER COLUMN community_id SET NOT NULL;
CREATE TRIGGER resource_useful_community BEFORE INSERT ON resource_useful FOR EACH ROW EXECUTE FUNCTION community_from_resource();

ALTER TABLE resource_versions ADD COLUMN community_id bigint;
UPDATE resource_versions t SET community_id = p.community_id FROM resources p WHERE p.id = t.resource_id;
ALTER TABLE resource_versions ALTER COLUMN community_id SET NOT NULL;
CREATE TRIGGER resource_versions_community BEFORE INSERT ON resource_versions FOR EACH ROW EXECUTE FUNCTION community_from_resource();

ALTER TABLE workshop_activities ADD COLUMN community_id bigint;
UPDATE workshop_activities t SET community_id = p.community_id FROM workshops p WHERE p.id = t.workshop_id;
ALTER TABLE workshop_activities ALTER COLUMN community_id SET NOT NULL;
CREATE TRIGGER workshop_activities_community BEFORE INSERT ON workshop_activities FOR EACH ROW EXECUTE FUNCTION community_from_workshop();

ALTER TABLE workshop_events ADD COLUMN community_id bigint;
UPDATE workshop_events t SET community_id = p.community_id FROM workshops p WHERE p.id = t.workshop_id;
ALTER TABLE workshop_events ALTER COLUMN community_id SET NOT NULL;
CREATE TRIGGER workshop_events_community BEFORE INSERT ON workshop_events FOR EACH ROW EXECUTE FUNCTION community_from_workshop();

ALTER TABLE workshop_facilitators ADD COLUMN community_id bigint;
UPDATE workshop_facilitators t SET community_id = p.community_id FROM workshops p WHERE p.id = t.workshop_id;
ALTER TABLE workshop_facilitators ALTER COLUMN community_id SET NOT NULL;
CREATE TRIGGER workshop_facilitators_community BEFORE INSERT ON workshop_facilitators FOR EACH ROW EXECUTE FUNCTION community_from_workshop();

ALTER TABLE workshop_ideas ADD COLUMN community_id bigint;
UPDATE workshop_ideas t SET community_id = p.community_id FROM workshops p WHERE p.id = t.workshop_id;
ALTER TABLE workshop_ideas ALTER COLUMN community_id SET NOT NULL;
CREATE TRIGGER workshop_ideas_community BEFORE INSERT ON workshop_ideas FOR EACH ROW EXECUTE FUNCTION community_from_workshop();

ALTER TABLE workshop_outputs ADD COLUMN community_id bigint;
UPDATE workshop_outputs t SET community_id = p.community_id FROM workshops p WHERE p.id = t.workshop_id;
ALTER TABLE workshop_outputs ALTER COLUMN community_id SET NOT NULL;
CREATE TRIGGER workshop_outputs_community BEFORE INSERT ON workshop_outputs FOR EACH ROW EXECUTE FUNCTION community_from_workshop();

ALTER TABLE workshop_registrations ADD COLUMN community_id bigint;
UPDATE workshop_registrations t SET community_id = p.community_id FROM workshops p WHERE p.id = t.workshop_id;
ALTER TABLE workshop_registrations ALTER COLUMN community_id SET NOT NULL;
CREATE TRIGGER workshop_registrations_community BEFORE INSERT ON workshop_registrations FOR EACH ROW EXECUTE FUNCTION community_from_workshop();

ALTER TABLE board_clusters ADD COLUMN community_id bigint;
UPDATE board_clusters t SET community_id = p.community_id FROM workshops p WHERE p.id = t.workshop_id;
ALTER TABLE board_clusters ALTER COLUMN community_id SET NOT NULL;
CREATE TRIGGER board_clusters_community BEFORE INSERT ON board_clusters FOR EACH ROW EXECUTE FUNCTION community_from_workshop();

ALTER TABLE board_notes ADD COLUMN community_id bigint;
UPDATE board_notes t SET community_id = p.community_id FROM workshops p WHERE p.id = t.workshop_id;
ALTER TABLE board_notes ALTER COLUMN community_id SET NOT NULL;
CREATE TRIGGER board_notes_community BEFORE INSERT ON board_notes FOR EACH ROW EXECUTE FUNCTION community_from_workshop();

ALTER TABLE board_ops ADD COLUMN community_id bigint;
UPDATE board_ops t SET community_id = p.community_id FROM workshops p WHERE p.id = t.workshop_id;
ALTER TABLE board_ops ALTER COLUMN community_id SET NOT NULL;
CREATE TRIGGER board_ops_community BEFORE INSERT ON board_ops FOR EACH ROW EXECUTE FUNCTION community_from_workshop();

ALTER TABLE kpi_measurements ADD COLUMN community_id bigint;
UPDATE kpi_measurements t SET community_id = p.community_id FROM kpis p WHERE p.id = t.kpi_id;
ALTER TABLE kpi_measurements ALTER COLUMN community_id SET NOT NULL;
CREATE TRIGGER kpi_measurements_community BEFORE INSERT ON kpi_measurements FOR EACH ROW EXECUTE FUNCTION community_from_kpi();

ALTER TABLE board_dots ADD COLUMN community_id bigint;
UPDATE board_dots t SET community_id = p.community_id FROM workshop_activities p WHERE p.id = t.activity_id;
ALTER TABLE board_dots ALTER COLUMN community_id SET NOT NULL;
CREATE TRIGGER board_dots_community BEFORE INSERT ON board_dots FOR EACH ROW EXECUTE FUNCTION community_from_activity();

ALTER TABLE board_dot_budgets ADD COLUMN community_id bigint;
UPDATE board_dot_budgets t SET community_id = p.community_id FROM workshop_activities p WHERE p.id = t.activity_id;
ALTER TABLE board_dot_budgets ALTER COLUMN community_id SET NOT NULL;
CREATE TRIGGER board_dot_budgets_community BEFORE INSERT ON board_dot_budgets FOR EACH ROW EXECUTE FUNCTION community_from_activity();
