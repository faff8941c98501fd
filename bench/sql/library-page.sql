-- (CommunityRepository.language, the community's language for a reader without one of their own, is kept 10 s per
-- page address by the server, so it is not run per page.)
-- CommunityRepository.find(slug:)
SELECT c.id, c.slug, c.name, c.domain, c.visibility, c.invite_code, c.authors_may_support, c.language,
       (SELECT count(*) FROM memberships x WHERE x.community_id = c.id AND x.status = 'active')::int8
  FROM communities c WHERE c.slug = :s;
-- CommunityRepository.membership
SELECT ms.community_id, m.id, m.name, o.name, ms.role, ms.status, o.id, ms.is_sponsor
  FROM memberships ms JOIN members m ON m.id = ms.member_id JOIN organisations o ON o.id = m.organisation_id
  WHERE ms.community_id = :c AND (:n::int8 IS NULL OR ms.member_id = :n)
  ORDER BY o.name, m.name;
-- LibraryRepository.list
SELECT r.id, r.community_id, r.kind, r.title, ''::text, r.tags, r.language, r.version, r.useful_count, r.created_by,
       r.created_at, r.updated_at,
       coalesce((SELECT array_agg(m.name ORDER BY m.name) FROM resource_authors a JOIN members m ON m.id = a.member_id
                 WHERE a.resource_id = r.id), '{}')
  FROM resources r
  WHERE r.community_id = :c
    AND ('welcome' = '' OR r.search @@ eyrie_search_query('welcome'))
    AND (NULL::text IS NULL OR r.kind = NULL)
    AND (NULL::text IS NULL OR r.tags @> ARRAY[NULL]::text[])
  ORDER BY r.created_at DESC, r.id DESC LIMIT 50;
-- LibraryRepository.kinds, tags
SELECT name FROM resource_kinds WHERE community_id = :c ORDER BY created_at, name;
SELECT t FROM resources r, unnest(r.tags) t WHERE r.community_id = :c GROUP BY t ORDER BY count(*) DESC, t LIMIT 30;
