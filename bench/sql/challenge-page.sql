SELECT i.id, i.challenge_id, i.title, i.summary, i.tags, i.state, i.support_count, i.comment_count, i.created_at,
       i.hidden_reason IS NOT NULL,
       ARRAY(SELECT m.name FROM idea_authors a JOIN members m ON m.id = a.member_id WHERE a.idea_id = i.id ORDER BY a.position),
       i.dot_count
  FROM ideas i
  WHERE i.challenge_id = 1 AND i.state NOT IN ('draft', 'merged') AND i.hidden_reason IS NULL AND NOT i.awaiting_approval
    AND ('' = '' OR i.search @@ websearch_to_tsquery('english', ''))
    AND ('' = '' OR i.tags @> ARRAY['']::text[])
    AND (true OR (i.support_count, i.id) < (0, 0))
  ORDER BY i.support_count DESC, i.id DESC LIMIT 21;
SELECT tag, idea_count::int8 FROM challenge_tags WHERE challenge_id = 1 AND idea_count > 0
  ORDER BY idea_count DESC, tag LIMIT 30;
SELECT coalesce((SELECT spent FROM dot_budgets WHERE challenge_id = 1 AND member_id = :n), 0),
       coalesce((SELECT spent FROM support_budgets WHERE challenge_id = 1 AND member_id = :n), 0),
       EXISTS (SELECT 1 FROM reviewers WHERE challenge_id = 1 AND member_id = :n);
