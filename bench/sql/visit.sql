-- The challenge as the viewer meets it: challenge, community, the viewer's role and sponsor flag.
SELECT c.id, c.community_id, c.title, c.problem, c.question, c.sponsor_id, o.name, c.opens_at, c.voting_at, c.review_at,
       c.closes_at, c.phase_override, c.late_submissions, c.idea_count::int8, c.voting_started_at,
       k.id, k.slug, k.name, k.domain, k.visibility, k.invite_code, 0::int8,
       ms.role, coalesce(ms.is_sponsor AND m.organisation_id = c.sponsor_id, false)
  FROM challenges c JOIN organisations o ON o.id = c.sponsor_id JOIN communities k ON k.id = c.community_id
  LEFT JOIN memberships ms ON ms.community_id = c.community_id AND ms.member_id = :n AND ms.status = 'active'
  LEFT JOIN members m ON m.id = ms.member_id
  WHERE c.id = 1;
