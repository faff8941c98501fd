BEGIN;
WITH added AS (INSERT INTO supports (idea_id, member_id, community_id) VALUES (:idea, :n, 1)
               ON CONFLICT DO NOTHING RETURNING 1) SELECT count(*) AS added FROM added \gset
\if :added
INSERT INTO support_budgets (challenge_id, member_id, community_id, spent, budget) VALUES (1, :n, 1, 1, NULL)
  ON CONFLICT (challenge_id, member_id) DO UPDATE SET spent = support_budgets.spent + 1, budget = EXCLUDED.budget;
UPDATE ideas SET support_count = support_count + 1 WHERE id = :idea RETURNING support_count, state;
\endif
COMMIT;
