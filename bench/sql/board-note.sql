-- A note added to a running board (BoardQuickAdd): the writer's standing, read without a lock, then the one
-- statement that numbers, inserts, appends and notifies. :w is a running workshop whose participants are members
-- 1…200 (member 1 facilitates).
\set m random(1, 200)
SELECT w.state, w.agenda_seq AS agenda, m.name,
       CASE WHEN m.is_admin OR coalesce(ms.role = 'steward', false) OR (ms.role IS NOT NULL AND EXISTS (
                 SELECT 1 FROM workshop_facilitators f WHERE f.workshop_id = w.id AND f.member_id = m.id))
             THEN 'facilitator'
            WHEN ms.role IS NOT NULL AND EXISTS (
                 SELECT 1 FROM workshop_registrations r
                 WHERE r.workshop_id = w.id AND r.member_id = m.id AND r.status = 'registered')
             THEN 'participant'
            ELSE 'viewer' END AS role,
       a.id AS activity, a.position, a.kind, a.title, a.prompt, a.minutes, a.dots_per_participant, a.max_dots_per_item,
       a.state AS activity_state, a.ends_at, a.seconds_left
FROM workshops w JOIN members m ON m.id = :m
LEFT JOIN memberships ms ON ms.community_id = w.community_id AND ms.member_id = m.id AND ms.status = 'active'
LEFT JOIN workshop_activities a ON a.workshop_id = w.id AND a.state IN ('running', 'paused')
WHERE w.id = :w \gset
WITH s AS (
    UPDATE workshops w SET board_seq = board_seq + 1
    WHERE w.id = :w AND w.state = 'running' AND w.agenda_seq = :agenda
      AND (SELECT CASE WHEN m.is_admin OR coalesce(ms.role = 'steward', false) OR (ms.role IS NOT NULL AND EXISTS (
                            SELECT 1 FROM workshop_facilitators f WHERE f.workshop_id = w.id AND f.member_id = m.id))
                       THEN 'facilitator'
                       WHEN ms.role IS NOT NULL AND EXISTS (
                            SELECT 1 FROM workshop_registrations r
                            WHERE r.workshop_id = w.id AND r.member_id = m.id AND r.status = 'registered')
                       THEN 'participant'
                       ELSE 'viewer' END
           FROM members m
           LEFT JOIN memberships ms ON ms.community_id = w.community_id AND ms.member_id = m.id AND ms.status = 'active'
           WHERE m.id = :m) = :role::text
      AND (NULL::int8 IS NULL OR EXISTS (SELECT 1 FROM board_clusters c WHERE c.id = NULL AND c.workshop_id = w.id))
    RETURNING w.board_seq),
n AS (
    INSERT INTO board_notes (workshop_id, activity_id, author_id, body, cluster_id, lane, body_by, place_by, decision)
    SELECT :w::int8, :activity::int8, :m::int8, 'pgbench note 1234567890', NULL, NULL, :m::int8, :m::int8, false
    FROM s RETURNING id, language),
o AS (
    INSERT INTO board_ops (workshop_id, seq, kind, actor_id, payload)
    SELECT :w::int8, s.board_seq, 'noteSaved', :m::int8,
           jsonb_set(jsonb_set(jsonb_set('{"seq":0,"kind":"noteSaved","note":{"id":0,"body":"pgbench note 1234567890","authorID":1,"authorName":"Member 1","bodyVersion":1,"placeVersion":1},"actorID":1}'::jsonb,
                                         '{seq}', to_jsonb(s.board_seq)), '{note,id}', to_jsonb(n.id)),
                     '{note,language}', to_jsonb(n.language))
    FROM s, n RETURNING seq, payload::text AS json)
SELECT o.seq, n.id, n.language FROM o, n, LATERAL pg_notify('board_ops', :w::text || ':' || o.seq ||
    CASE WHEN octet_length(o.json) <= 7900 THEN ':' || o.json ELSE '' END) x;
