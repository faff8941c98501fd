BEGIN;
WITH idea AS (SELECT id, state FROM ideas WHERE id = :idea FOR NO KEY UPDATE),
     added AS (INSERT INTO supports (idea_id, member_id, community_id)
               SELECT id, :n, 1 FROM idea WHERE state = ANY('{submitted,shortlisted,in_design,selected}')
               ON CONFLICT DO NOTHING RETURNING 1)
SELECT count(*) AS added FROM added \gset
\if :added
INSERT INTO support_budgets (challenge_id, member_id, community_id, spent, budget)
  SELECT 1, :n, 1, 1, vs.support_budget FROM (SELECT 1) one LEFT JOIN voting_settings vs ON vs.challenge_id = 1
  ON CONFLICT (challenge_id, member_id) DO UPDATE SET spent = support_budgets.spent + 1, budget = EXCLUDED.budget;
UPDATE ideas SET support_count = support_count + 1 WHERE id = :idea
  RETURNING support_count, (SELECT auto_shortlist_at FROM voting_settings WHERE challenge_id = 1);
\endif
COMMIT;
