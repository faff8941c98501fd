SELECT i.id, i.community_id, i.challenge_id, i.title, i.summary, i.body, i.tags, i.state, i.support_count, i.comment_count,
       i.merged_into_id, i.hidden_reason, i.created_at, i.dot_count, i.awaiting_approval
  FROM ideas i WHERE i.id = :idea;
SELECT m.id, m.name, o.name FROM idea_authors a JOIN members m ON m.id = a.member_id
  JOIN organisations o ON o.id = m.organisation_id WHERE a.idea_id = :idea ORDER BY a.position;
