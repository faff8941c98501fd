-- A board command's reference from the client that sent it (`ref`, unique per page load): a command sent again after
-- a reconnect, because its acknowledgement went down with the old socket, is recognised and answered with its first
-- operation's number instead of being applied twice. Expand-only: the column is nullable and nothing reads it but the
-- new binary, so the previous one runs on this schema unchanged.
ALTER TABLE board_ops ADD COLUMN client_ref text CHECK (octet_length(client_ref) <= 80);
CREATE UNIQUE INDEX board_ops_client_ref ON board_ops (workshop_id, actor_id, client_ref) WHERE client_ref IS NOT NULL;
