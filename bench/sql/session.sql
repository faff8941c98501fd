-- The signed-in member, found by the SHA-256 of the session cookie (as the app does), with their unread notifications.
SELECT m.id, m.email::text, m.name, m.organisation_id, o.name, m.is_admin, m.created_at, s.csrf_token,
       (SELECT count(*) FROM notifications n WHERE n.member_id = m.id AND n.read_at IS NULL)::int8, m.language
  FROM sessions s JOIN members m ON m.id = s.member_id JOIN organisations o ON o.id = m.organisation_id
  WHERE s.token_hash = sha256(convert_to('bench-session-' || :n, 'UTF8')) AND s.expires_at > now();
