-- pgbench: exactly the SQL that POST /ideas/:id/support issues (session, idea scope, settings, support transaction).
\set n random(1, 200)
\set idea random(1, 2000)
SELECT m.id, m.email::text, m.name, m.organisation_id, o.name, m.is_admin, m.created_at, s.csrf_token
  FROM sessions s JOIN members m ON m.id = s.member_id JOIN organisations o ON o.id = m.organisation_id
  WHERE s.token_hash = sha256(convert_to('bench-session-' || :n, 'UTF8')) AND s.expires_at > now();
SELECT i.id, i.community_id, i.challenge_id, i.title, i.summary, i.body, i.tags, i.state, i.support_count, i.comment_count,
       i.merged_into_id, i.hidden_reason, i.created_at, i.dot_count, i.awaiting_approval
  FROM ideas i WHERE i.id = :idea;
SELECT m.id, m.name, o.name FROM idea_authors a JOIN members m ON m.id = a.member_id
  JOIN organisations o ON o.id = m.organisation_id WHERE a.idea_id = :idea ORDER BY a.position;
SELECT c.id, c.community_id, c.title, c.problem, c.question, c.sponsor_id, o.name, c.opens_at, c.voting_at, c.review_at,
       c.closes_at, c.phase_override, c.late_submissions, c.idea_count::int8
  FROM challenges c JOIN organisations o ON o.id = c.sponsor_id WHERE c.id = 1;
SELECT c.id, c.slug, c.name, c.domain, c.visibility, c.invite_code, 0::int8 FROM communities c WHERE c.id = 1;
SELECT ms.community_id, m.id, m.name, o.name, ms.role, ms.status, o.id, ms.is_sponsor
  FROM memberships ms JOIN members m ON m.id = ms.member_id JOIN organisations o ON o.id = m.organisation_id
  WHERE ms.community_id = 1 AND (:n::int8 IS NULL OR ms.member_id = :n) ORDER BY o.name, m.name;
SELECT supports, support_budget, auto_shortlist_at, dots, dots_per_member, max_dots_per_idea, pairwise,
       pairwise_new_ideas, scorecards, criteria, weights, blind_review, results_published
  FROM voting_settings WHERE challenge_id = 1;
BEGIN;
WITH added AS (INSERT INTO supports (idea_id, member_id, community_id) VALUES (:idea, :n, 1)
               ON CONFLICT DO NOTHING RETURNING 1) SELECT count(*) AS added FROM added \gset
\if :added
INSERT INTO support_budgets (challenge_id, member_id, community_id, spent, budget) VALUES (1, :n, 1, 1, NULL)
  ON CONFLICT (challenge_id, member_id) DO UPDATE SET spent = support_budgets.spent + 1, budget = EXCLUDED.budget;
UPDATE ideas SET support_count = support_count + 1 WHERE id = :idea RETURNING support_count, state;
\endif
COMMIT;
