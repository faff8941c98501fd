SELECT c.id, c.slug, c.name, c.domain, c.visibility, c.invite_code, c.authors_may_support,
       (SELECT count(*) FROM memberships x WHERE x.community_id = c.id AND x.status = 'active')::int8
  FROM communities c WHERE c.slug = 'bench-members';
SELECT ms.community_id, m.id, m.name, o.name, ms.role, ms.status, o.id, ms.is_sponsor
  FROM memberships ms JOIN members m ON m.id = ms.member_id JOIN organisations o ON o.id = m.organisation_id
  WHERE ms.community_id = :c AND ms.member_id = :n;
SELECT m.id, m.name, m.email::text, o.id, o.name, ms.role, ms.status, ms.is_sponsor
  FROM memberships ms JOIN members m ON m.id = ms.member_id JOIN organisations o ON o.id = m.organisation_id
  WHERE ms.community_id = :c
    AND (:searching = 0 OR m.name ILIKE '%' || :q || '%' OR m.email::text ILIKE '%' || :q || '%')
    AND (:byrole = 0 OR ms.role = :role) AND (:org = 0 OR m.organisation_id = :org)
    AND (:after = 0 OR (m.name, m.id) > ((SELECT x.name FROM members x WHERE x.id = :after), :after))
  ORDER BY m.name, m.id LIMIT 51;
\if :joined = 1
SELECT count(*)::int8
  FROM memberships ms JOIN members m ON m.id = ms.member_id
  WHERE ms.community_id = :c
    AND (:searching = 0 OR m.name ILIKE '%' || :q || '%' OR m.email::text ILIKE '%' || :q || '%')
    AND (:byrole = 0 OR ms.role = :role) AND (:org = 0 OR m.organisation_id = :org);
\else
SELECT count(*)::int8 FROM memberships ms WHERE ms.community_id = :c AND (:byrole = 0 OR ms.role = :role);
\endif
\if :after = 0
SELECT m.id, m.name, m.email::text, o.id, o.name, ms.role, ms.status, ms.is_sponsor
  FROM memberships ms JOIN members m ON m.id = ms.member_id JOIN organisations o ON o.id = m.organisation_id
  WHERE ms.community_id = :c AND ms.status = 'pending'
  ORDER BY m.name, m.id LIMIT 101;
SELECT count(*)::int8 FROM memberships ms JOIN members m ON m.id = ms.member_id
  WHERE ms.community_id = :c AND ms.status = 'pending';
\endif
