-- OfferingRepository.visit
SELECT o.id, o.community_id, o.challenge_id, o.name, o.promise, o.segment, o.owner_id, coalesce(m.name, 'Nobody'),
       o.organisation_id, g.name, o.state, o.progress, o.created_at, o.updated_at,
       k.id, k.slug, k.name, k.domain, k.visibility, k.invite_code, 0::int8, ms.role,
       coalesce((SELECT array_agg(p.organisation_id ORDER BY q.name) FROM offering_partners p
                 JOIN organisations q ON q.id = p.organisation_id WHERE p.offering_id = o.id), '{}'),
       coalesce((SELECT array_agg(q.name ORDER BY q.name) FROM offering_partners p
                 JOIN organisations q ON q.id = p.organisation_id WHERE p.offering_id = o.id), '{}')
  FROM offerings o LEFT JOIN members m ON m.id = o.owner_id JOIN organisations g ON g.id = o.organisation_id
  JOIN communities k ON k.id = o.community_id
  LEFT JOIN memberships ms ON ms.community_id = o.community_id AND ms.member_id = :n AND ms.status = 'active'
  WHERE o.id = :o;
-- CanvasRepository.read
SELECT 'e', id, section, position, body, 0::int8 FROM canvas_entries WHERE offering_id = :o
UNION ALL
SELECT 'f', from_entry, '', 0, '', to_entry FROM canvas_fits WHERE offering_id = :o;
-- BlueprintRepository.read
SELECT 's', id, lane, "column", body, fail_point, wait_minutes, 0::int8 FROM blueprint_steps WHERE offering_id = :o
UNION ALL
SELECT 'a', from_step, '', 0, '', false, NULL, to_step FROM blueprint_arrows WHERE offering_id = :o;
-- KpiRepository.kpis
SELECT k.id, k.name, k.unit, k.direction, k.baseline, k.target,
       coalesce(array_agg(m.day::timestamp AT TIME ZONE 'UTC' ORDER BY m.day) FILTER (WHERE m.day IS NOT NULL), '{}'),
       coalesce(array_agg(m.value ORDER BY m.day) FILTER (WHERE m.day IS NOT NULL), '{}')
  FROM kpis k LEFT JOIN kpi_measurements m ON m.kpi_id = k.id
  WHERE k.offering_id = :o
  GROUP BY k.id ORDER BY k.id;
-- ProgressRepository.updates, milestones
SELECT u.id, u.note, u.percent, coalesce(m.name, 'Someone'), u.created_at
  FROM offering_updates u LEFT JOIN members m ON m.id = u.author_id
  WHERE u.offering_id = :o ORDER BY u.id DESC LIMIT 50;
SELECT id, title, due::timestamp AT TIME ZONE 'UTC', done_at FROM milestones WHERE offering_id = :o ORDER BY due, id;
-- LineageRepository: ideas, workshops, contributors
WITH RECURSIVE sources(id) AS (
    SELECT id FROM ideas WHERE offering_id = :o
    UNION SELECT i.id FROM ideas i JOIN sources s ON i.merged_into_id = s.id)
SELECT i.id, i.title, i.state, CASE WHEN i.offering_id IS NULL THEN i.merged_into_id END, c.title
  FROM sources s JOIN ideas i ON i.id = s.id JOIN challenges c ON c.id = i.challenge_id
  WHERE i.hidden_reason IS NULL
  ORDER BY i.offering_id IS NULL, i.id;
WITH RECURSIVE sources(id) AS (
    SELECT id FROM ideas WHERE offering_id = :o
    UNION SELECT i.id FROM ideas i JOIN sources s ON i.merged_into_id = s.id),
found AS (
    SELECT workshop_id, 1 AS rank, 'linked' AS how FROM offering_workshops WHERE offering_id = :o
    UNION ALL SELECT o.workshop_id, 2, 'output' FROM workshop_outputs o JOIN sources s ON s.id = o.idea_id
              WHERE o.kind = 'idea'
    UNION ALL SELECT w.workshop_id, 3, 'worked on' FROM workshop_ideas w JOIN sources s ON s.id = w.idea_id)
SELECT DISTINCT ON (w.id) w.id, w.title, w.starts_at, f.how
  FROM found f JOIN workshops w ON w.id = f.workshop_id
  WHERE w.state IN ('running', 'closed')
  ORDER BY w.id, f.rank;
WITH RECURSIVE sources(id) AS (
    SELECT id FROM ideas WHERE offering_id = :o
    UNION SELECT i.id FROM ideas i JOIN sources s ON i.merged_into_id = s.id)
SELECT DISTINCT m.id, m.name, g.name
  FROM sources s JOIN idea_authors a ON a.idea_id = s.id JOIN members m ON m.id = a.member_id
  JOIN organisations g ON g.id = m.organisation_id
  ORDER BY g.name, m.name, m.id;
-- OfferingRepository.history
SELECT e.kind, e.from_state, e.to_state, e.reason, coalesce(m.name, 'Someone'), e.created_at
  FROM offering_events e LEFT JOIN members m ON m.id = e.actor_id
  WHERE e.offering_id = :o AND e.kind <> 'edited' ORDER BY e.id;
-- WorkLinkRepository.resources, keptUpdates (the library's resources linked to it, the updates kept there)
SELECT r.id, r.title, r.kind, r.language, l.from_summary FROM resource_links l JOIN resources r ON r.id = l.resource_id
  WHERE l.offering_id = :o ORDER BY l.from_summary DESC, r.updated_at DESC, r.id DESC LIMIT 20;
SELECT update_id, resource_id FROM resource_links WHERE offering_id = :o AND update_id IS NOT NULL;
