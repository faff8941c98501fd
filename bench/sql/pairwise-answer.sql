WITH answered AS (
    UPDATE pairwise_prompts SET token = NULL WHERE challenge_id = 1 AND member_id = :n AND token = :t::text
    RETURNING left_id, right_id, community_id
), recorded AS (
    INSERT INTO pairwise_votes (challenge_id, community_id, member_id, left_id, right_id, choice, reason)
    SELECT 1, community_id, :n, left_id, right_id, 'left', '' FROM answered
), compared AS (
    SELECT i.id FROM ideas i, answered a WHERE true AND i.id IN (a.left_id, a.right_id) ORDER BY i.id FOR NO KEY UPDATE OF i
), counted AS (
    UPDATE ideas SET comparison_count = comparison_count + 1 FROM compared WHERE ideas.id = compared.id
)
SELECT count(*)::int8 FROM answered;
