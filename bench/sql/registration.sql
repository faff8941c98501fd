-- RegistrationRepository.register / withdraw, statement for statement.
BEGIN;
SELECT state, capacity, seats_taken FROM workshops WHERE id = :w FOR NO KEY UPDATE \gset
\if :give_back
WITH mine AS (
    SELECT status FROM workshop_registrations
    WHERE workshop_id = :w AND member_id = :n AND status <> 'cancelled' FOR NO KEY UPDATE),
  changed AS (
    UPDATE workshop_registrations r SET status = 'cancelled', updated_at = now() FROM mine
    WHERE r.workshop_id = :w AND r.member_id = :n RETURNING mine.status)
SELECT count(*) AS had, coalesce(bool_or(status = 'registered'), false)::int AS seated FROM changed \gset
\if :had
SELECT pg_notify('board_ops', 'access:' || :n);
UPDATE workshops SET seats_taken = seats_taken - :seated, waiting = waiting - (1 - :seated) WHERE id = :w;
INSERT INTO workshop_events (workshop_id, actor_id, member_id, kind) VALUES (:w, :n, :n, 'withdrew');
SELECT count(r.member_id) AS promoted, coalesce(array_agg(r.member_id), '{}')::text AS queue
  FROM workshops w LEFT JOIN LATERAL (
      SELECT member_id FROM workshop_registrations
      WHERE workshop_id = w.id AND status = 'waiting' ORDER BY queue_number
      LIMIT greatest(w.capacity - w.seats_taken, 0)) r ON true
  WHERE w.id = :w \gset
\if :promoted
UPDATE workshop_registrations SET status = 'registered', updated_at = now()
  WHERE workshop_id = :w AND member_id = ANY(:queue::bigint[]) AND status = 'waiting';
UPDATE workshops SET seats_taken = seats_taken + :promoted, waiting = waiting - :promoted WHERE id = :w;
INSERT INTO workshop_events (workshop_id, actor_id, member_id, kind) SELECT :w, NULL, unnest(:queue::bigint[]), 'promoted';
\endif
\endif
\else
SELECT coalesce((SELECT (status <> 'cancelled')::int FROM workshop_registrations
                 WHERE workshop_id = :w AND member_id = :n), 0) AS held \gset
\if :held = 0
\set seat (:seats_taken < :capacity)
INSERT INTO workshop_registrations (workshop_id, member_id, status)
  VALUES (:w, :n, CASE WHEN :seat = 1 THEN 'registered' ELSE 'waiting' END)
  ON CONFLICT (workshop_id, member_id) DO UPDATE
  SET status = EXCLUDED.status, queue_number = nextval('workshop_queue'), attended = NULL,
      registered_at = now(), updated_at = now();
UPDATE workshops SET seats_taken = seats_taken + :seat, waiting = waiting + (1 - :seat) WHERE id = :w;
INSERT INTO workshop_events (workshop_id, actor_id, member_id, kind)
  VALUES (:w, :n, :n, CASE WHEN :seat = 1 THEN 'registered' ELSE 'waitlisted' END);
\endif
\endif
COMMIT;
