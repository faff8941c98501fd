-- pgbench: exactly the SQL of one pairwise answer as a member gives it: GET /challenges/1/pairwise (session, challenge,
-- community, membership, settings, the survey state, the two ideas, the new prompt), then
-- POST /challenges/1/pairwise (session, challenge, community, membership, settings, the answer statement).
-- Each client answers as its own members (client_id + 1 + 16k), as each wrk connection does.
\set n :client_id + 1 + 16 * random(0, 11)
\set a random(1, 2000)
\set b 1 + (:a + random(0, 1998)) % 2000
\set t random(1, 2000000000)
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
SELECT supports, support_budget, auto_shortlist_at, dots, dots_per_member, max_dots_per_idea, pairwise,
       pairwise_new_ideas, scorecards, criteria, weights, blind_review, results_published
  FROM voting_settings WHERE challenge_id = 1;
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
SELECT supports, support_budget, auto_shortlist_at, dots, dots_per_member, max_dots_per_idea, pairwise,
       pairwise_new_ideas, scorecards, criteria, weights, blind_review, results_published
  FROM voting_settings WHERE challenge_id = 1;
WITH answered AS (
    UPDATE pairwise_prompts SET token = NULL WHERE challenge_id = 1 AND member_id = :n AND token = :t::text
    RETURNING left_id, right_id, community_id
), recorded AS (
    INSERT INTO pairwise_votes (challenge_id, community_id, member_id, left_id, right_id, choice, reason)
    SELECT 1, community_id, :n, left_id, right_id, 'left', '' FROM answered
), compared AS (
    SELECT i.id FROM ideas i, answered a WHERE true AND i.id IN (a.left_id, a.right_id) ORDER BY i.id FOR UPDATE OF i
), counted AS (
    UPDATE ideas SET comparison_count = comparison_count + 1 FROM compared WHERE ideas.id = compared.id
)
SELECT count(*)::int8 FROM answered;
