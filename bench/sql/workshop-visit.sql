-- The workshop as the viewer meets it: workshop, challenge, community, role, facilitator, registration, queue place.
SELECT w.id, w.community_id, w.challenge_id, ch.title, w.title, w.purpose, w.starts_at, w.ends_at, w.time_zone, w.place,
       w.call_link, w.capacity, w.seats_taken, w.waiting, w.state, w.cancel_reason, w.sequence, w.created_at, w.updated_at,
       k.id, k.slug, k.name, k.domain, k.visibility, k.invite_code, 0::int8, ms.role,
       EXISTS (SELECT 1 FROM workshop_facilitators f WHERE f.workshop_id = w.id AND f.member_id = :n),
       r.status,
       CASE WHEN r.status = 'waiting' THEN (SELECT count(*) FROM workshop_registrations q
            WHERE q.workshop_id = w.id AND q.status = 'waiting' AND q.queue_number <= r.queue_number) END
  FROM workshops w LEFT JOIN challenges ch ON ch.id = w.challenge_id JOIN communities k ON k.id = w.community_id
  LEFT JOIN memberships ms ON ms.community_id = w.community_id AND ms.member_id = :n AND ms.status = 'active'
  LEFT JOIN workshop_registrations r ON r.workshop_id = w.id AND r.member_id = :n
  WHERE w.id = :w;
