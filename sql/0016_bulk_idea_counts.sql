-- Imports write a community's ideas in bulk: the count trigger, which updates the challenge's row once per idea,
-- would update that one row a million times in one transaction (each update walking the versions before it). With
-- `eyrie.bulk` set for the transaction the trigger stands aside, and the import recounts the community's challenges
-- once at the end (`recount_community_ideas`).
CREATE OR REPLACE FUNCTION ideas_keep_challenge_counts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was_public boolean := TG_OP <> 'INSERT' AND idea_is_public(OLD.state, OLD.hidden_reason, OLD.awaiting_approval);
    is_public  boolean := TG_OP <> 'DELETE' AND idea_is_public(NEW.state, NEW.hidden_reason, NEW.awaiting_approval);
BEGIN
    IF current_setting('eyrie.bulk', true) = 'on' THEN
        RETURN NULL;
    END IF;
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

-- The counts of one community's challenges from their ideas (after a bulk load into it).
CREATE FUNCTION recount_community_ideas(community bigint) RETURNS void LANGUAGE sql AS $$
    UPDATE challenges c SET idea_count = coalesce(p.n, 0)
    FROM challenges c2 LEFT JOIN (
        SELECT challenge_id, count(*) AS n FROM ideas
        WHERE community_id = community AND idea_is_public(state, hidden_reason, awaiting_approval) GROUP BY challenge_id) p
      ON p.challenge_id = c2.id
    WHERE c.id = c2.id AND c2.community_id = community AND c.idea_count IS DISTINCT FROM coalesce(p.n, 0);
    DELETE FROM challenge_tags t USING challenges c WHERE c.id = t.challenge_id AND c.community_id = community;
    INSERT INTO challenge_tags (challenge_id, tag, idea_count)
    SELECT i.challenge_id, t.tag, count(DISTINCT i.id) FROM ideas i, unnest(i.tags) AS t(tag)
    WHERE i.community_id = community AND idea_is_public(i.state, i.hidden_reason, i.awaiting_approval)
    GROUP BY i.challenge_id, t.tag ORDER BY 1, 2;
$$;
