-- GET /challenges/1?sort=supported: session, visit, then 20 ideas (keyset), tags and the member's standing,
-- which the app reads side by side.
\set n random(1, 200)
