SELECT id, slug, name, domain, visibility, invite_code, created_at FROM communities WHERE slug = 'health-bench';
SELECT role, status, is_sponsor FROM memberships WHERE community_id = :c AND member_id = :n;
SELECT core_months, lead_months, active_days, inactive_days, newcomer_days FROM health_settings WHERE community_id = :c;
SELECT h.taken_at, c.month::text FROM health_months h,
       LATERAL (SELECT max(month) AS month FROM participation_counts WHERE community_id = h.community_id) c
  WHERE h.community_id = :c AND c.month IS NOT NULL ORDER BY h.taken_at DESC LIMIT 1;
SELECT month::text, level, members FROM participation_counts
  WHERE community_id = :c AND month > (:m::date - interval '12 months') AND month <= :m::date ORDER BY month;
SELECT from_level, to_level, members FROM participation_moves WHERE community_id = :c AND month = :m::date;
SELECT l.member_id, m.name, o.name, l.level, l.previous_level, l.joined_at, l.last_contribution_at
  FROM participation_levels l JOIN members m ON m.id = l.member_id JOIN organisations o ON o.id = m.organisation_id
  WHERE l.community_id = :c AND l.month = :m::date AND l.drifting
  ORDER BY l.last_contribution_at DESC NULLS LAST, l.member_id LIMIT 50;
SELECT count(*) FROM participation_levels WHERE community_id = :c AND month = :m::date AND drifting;
SELECT l.member_id, m.name, o.name, l.level, l.previous_level, l.joined_at, l.last_contribution_at
  FROM participation_levels l JOIN members m ON m.id = l.member_id JOIN organisations o ON o.id = m.organisation_id
  WHERE l.community_id = :c AND l.month = :m::date AND l.last_contribution_at IS NULL
    AND l.joined_at >= now() - interval '90 days'
  ORDER BY l.joined_at DESC, l.member_id LIMIT 50;
SELECT count(*) FROM participation_levels
  WHERE community_id = :c AND month = :m::date AND last_contribution_at IS NULL AND joined_at >= now() - interval '90 days';
SELECT h.organisation_id, o.name, h.members, h.ideas, h.votes, h.comments, h.seats, h.contributions
  FROM health_organisations h JOIN organisations o ON o.id = h.organisation_id
  WHERE h.community_id = :c ORDER BY h.contributions DESC, h.members DESC, o.name;
SELECT kind, org_a, org_b, together FROM health_pairs WHERE community_id = :c ORDER BY kind, org_a, org_b;
SELECT challenge_id, title, stages FROM health_funnels WHERE community_id = :c ORDER BY position;
SELECT id, title, phase_override FROM challenges WHERE community_id = :c ORDER BY opens_at DESC;
SELECT id, title, starts_at, state FROM workshops WHERE community_id = :c AND state <> 'draft' ORDER BY starts_at LIMIT 50;
-- HealthRepository.answerers (whose answers were accepted in the last three months)
SELECT m.id, m.name, count(*)::int8 FROM threads t JOIN replies r ON r.id = t.accepted_reply_id
  JOIN members m ON m.id = r.author_id
  WHERE t.community_id = :c AND t.hidden_reason IS NULL AND r.created_at >= :m::date - interval '2 months'
  GROUP BY m.id, m.name ORDER BY count(*) DESC, m.name LIMIT 10;
