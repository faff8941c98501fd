SELECT coalesce(array_agg(id ORDER BY id), '{}'), coalesce(array_agg(comparison_count ORDER BY id), '{}'),
       (SELECT ARRAY[left_id, right_id] FROM pairwise_prompts WHERE challenge_id = 1 AND member_id = :n),
       (SELECT count(*) FROM pairwise_votes WHERE challenge_id = 1 AND member_id = :n)
  FROM ideas
  WHERE challenge_id = 1 AND state IN ('submitted', 'shortlisted', 'in_design', 'selected')
    AND hidden_reason IS NULL AND NOT awaiting_approval;
SELECT i.id, i.challenge_id, i.title, i.summary, i.tags, i.state, i.support_count, i.comment_count, i.created_at,
       i.hidden_reason IS NOT NULL,
       ARRAY(SELECT m.name FROM idea_authors a JOIN members m ON m.id = a.member_id WHERE a.idea_id = i.id ORDER BY a.position),
       i.dot_count
  FROM ideas i WHERE i.id = ANY(ARRAY[:a, :b]::int8[]);
INSERT INTO pairwise_prompts (challenge_id, member_id, community_id, left_id, right_id, token)
  VALUES (1, :n, 1, :a, :b, :t::text)
  ON CONFLICT (challenge_id, member_id) DO UPDATE
  SET left_id = EXCLUDED.left_id, right_id = EXCLUDED.right_id, token = EXCLUDED.token, shown_at = now();
