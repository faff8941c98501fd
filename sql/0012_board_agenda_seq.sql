-- The sequence number of the board's latest agenda operation, kept on the workshop's row. A board change that read
-- the running activity without the row's lock checks this number in the same statement that takes the lock: a
-- statement waiting for the row sees its new version, but not other tables' new rows, so the agenda's change must
-- show on the row itself.
ALTER TABLE workshops ADD COLUMN agenda_seq bigint NOT NULL DEFAULT 0;
UPDATE workshops w SET agenda_seq = coalesce((SELECT max(seq) FROM board_ops o WHERE o.workshop_id = w.id AND o.kind = 'agenda'), 0);
