-- A challenge's count of public ideas and its tag cloud, kept by the database as ideas come, move and go.
-- Counting them on every page read every idea of the challenge (0.4 s for a challenge of 20,000 ideas); now a page
-- reads one row and an index. "Public" is what members see on the challenge page: not a draft, not merged into
-- another idea, not hidden by a moderator, not waiting for a steward's approval.

ALTER TABLE challenges ADD COLUMN idea_count integer NOT NULL DEFAULT 0 CHECK (idea_count >= 0);

CREATE TABLE challenge_tags (
    challenge_id  bigint NOT NULL REFERENCES challenges(id) ON DELETE CASCADE,
    tag           text NOT NULL,
    idea_count    integer NOT NULL CHECK (idea_count >= 0),
    PRIMARY KEY (challenge_id, tag)
);
CREATE INDEX challenge_tags_used ON challenge_tags (challenge_id, idea_count DESC, tag);

CREATE FUNCTION idea_is_public(state text, hidden_reason text, awaiting_approval boolean) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    RETURN state NOT IN ('draft', 'merged') AND hidden_reason IS NULL AND NOT awaiting_approval;

-- Takes an idea's old row out of the counts and puts its new row in; only rows whose visibility, challenge or tags
-- change touch the counts (support and comment counters do not fire this trigger at all).
CREATE FUNCTION ideas_keep_challenge_counts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was_public boolean := TG_OP <> 'INSERT' AND idea_is_public(OLD.state, OLD.hidden_reason, OLD.awaiting_approval);
    is_public  boolean := TG_OP <> 'DELETE' AND idea_is_public(NEW.state, NEW.hidden_reason, NEW.awaiting_approval);
BEGIN
    IF TG_OP = 'UPDATE' AND was_public = is_public AND OLD.challenge_id = NEW.challenge_id AND OLD.tags = NEW.tags THEN
        RETURN NULL;
    END IF;
    IF was_public THEN
        UPDATE challenges SET idea_count = idea_count - 1 WHERE id = OLD.challenge_id;
        UPDATE challenge_tags SET idea_count = idea_count - 1
        WHERE challenge_id = OLD.challenge_id AND tag IN (SELECT DISTINCT unnest(OLD.tags));
    END IF;
    IF is_public THEN
        UPDATE challenges SET idea_count = idea_count + 1 WHERE id = NEW.challenge_id;
        INSERT INTO challenge_tags (challenge_id, tag, idea_count)
        SELECT NEW.challenge_id, t, 1 FROM (SELECT DISTINCT unnest(NEW.tags) AS t) tags ORDER BY t
        ON CONFLICT (challenge_id, tag) DO UPDATE SET idea_count = challenge_tags.idea_count + 1;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER ideas_challenge_counts
    AFTER INSERT OR DELETE OR UPDATE OF state, hidden_reason, awaiting_approval, tags, challenge_id ON ideas
    FOR EACH ROW EXECUTE FUNCTION ideas_keep_challenge_counts();

-- Counts everything again from the ideas: fills the counts for existing data here, and after a bulk load that ran
-- with the trigger off (the benchmark generator).
CREATE FUNCTION recount_challenge_ideas() RETURNS void LANGUAGE sql AS $$
    UPDATE challenges c SET idea_count = coalesce(
        (SELECT count(*) FROM ideas i WHERE i.challenge_id = c.id
           AND idea_is_public(i.state, i.hidden_reason, i.awaiting_approval)), 0);
    DELETE FROM challenge_tags;
    INSERT INTO challenge_tags (challenge_id, tag, idea_count)
    SELECT i.challenge_id, t.tag, count(DISTINCT i.id) FROM ideas i, unnest(i.tags) AS t(tag)
    WHERE idea_is_public(i.state, i.hidden_reason, i.awaiting_approval)
    GROUP BY i.challenge_id, t.tag;
$$;

SELECT recount_challenge_ideas();
