-- pgbench: exactly the SQL that GET /challenges/1?sort=supported issues: 20 ideas, keyset page, tags (the idea
-- count comes with the challenge). The app runs the reads after the membership side by side; pgbench in turn.
\set n random(1, 200)
SELECT m.id, m.email::text, m.name, m.organisation_id, o.name, m.is_admin, m.created_at, s.csrf_token
  FROM sessions s JOIN members m ON m.id = s.member_id JOIN organisations o ON o.id = m.organisation_id
  WHERE s.token_hash = sha256(convert_to('bench-session-' || :n, 'UTF8')) AND s.expires_at > now();
SELECT c.id, c.community_id, c.title, c.problem, c.question, c.sponsor_id, o.name, c.opens_at, c.voting_at, c.review_at,
       c.closes_at, c.phase_override, c.late_submissions, c.idea_count::int8
  FROM challenges c JOIN organisations o ON o.id = c.sponsor_id WHERE c.id = 1;
SELECT c.id, c.slug, c.name, c.domain, c.visibility, c.invite_code, 0::int8 FROM communities c WHERE c.id = 1;
SELECT ms.community_id, m.id, m.name, o.name, ms.role, ms.status, o.id, ms.is_sponsor
  FROM memberships ms JOIN members m ON m.id = ms.member_id JOIN organisations o ON o.id = m.organisation_id
  WHERE ms.community_id = 1 AND (:n::int8 IS NULL OR ms.member_id = :n) ORDER BY o.name, m.name;
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
SELECT supports, support_budget, auto_shortlist_at, dots, dots_per_member, max_dots_per_idea, pairwise,
       pairwise_new_ideas, scorecards, criteria, weights, blind_review, results_published
  FROM voting_settings WHERE challenge_id = 1;
SELECT coalesce((SELECT spent FROM dot_budgets WHERE challenge_id = 1 AND member_id = :n), 0),
       coalesce((SELECT spent FROM support_budgets WHERE challenge_id = 1 AND member_id = :n), 0),
       EXISTS (SELECT 1 FROM reviewers WHERE challenge_id = 1 AND member_id = :n);
