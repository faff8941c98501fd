-- LibraryRepository.visit
SELECT r.id, r.community_id, r.kind, r.title, r.body, r.tags, r.language, r.version, r.useful_count, r.created_by,
       r.created_at, r.updated_at, k.id, k.slug, k.name, k.domain, k.visibility, k.invite_code, k.authors_may_support,
       k.language, 0::int8, ms.role,
       EXISTS (SELECT 1 FROM resource_useful u WHERE u.resource_id = r.id AND u.member_id = :n),
       coalesce((SELECT array_agg(m.id ORDER BY m.name) FROM resource_authors a JOIN members m ON m.id = a.member_id
                 WHERE a.resource_id = r.id), '{}'),
       coalesce((SELECT array_agg(m.name ORDER BY m.name) FROM resource_authors a JOIN members m ON m.id = a.member_id
                 WHERE a.resource_id = r.id), '{}'),
       r.featured_at IS NOT NULL
  FROM resources r JOIN communities k ON k.id = r.community_id
  LEFT JOIN memberships ms ON ms.community_id = r.community_id AND ms.member_id = :n AND ms.status = 'active'
  WHERE r.id = :r;
-- AttachmentRepository.list, usage
SELECT a.id, a.resource_id, a.name, a.type, a.size, a.uploaded_by, m.name, a.uploaded_at
  FROM resource_attachments a LEFT JOIN members m ON m.id = a.uploaded_by
  WHERE a.resource_id = :r ORDER BY a.uploaded_at, a.id;
SELECT bytes, files FROM library_usage WHERE community_id = :c;
-- WorkLinkRepository.links
SELECT l.id, l.idea_id, l.workshop_id, l.offering_id, coalesce(i.title, w.title, o.name), l.linked_by,
       l.from_summary OR l.update_id IS NOT NULL
  FROM resource_links l
  LEFT JOIN ideas i ON i.id = l.idea_id
  LEFT JOIN workshops w ON w.id = l.workshop_id
  LEFT JOIN offerings o ON o.id = l.offering_id
  WHERE l.resource_id = :r AND (i.id IS NULL OR (i.state <> 'draft' AND i.hidden_reason IS NULL))
  ORDER BY l.id;
-- FollowRepository.standing
SELECT count(*)::int8, coalesce(bool_or(member_id = :n), false) FROM follows WHERE resource_id = :r;
