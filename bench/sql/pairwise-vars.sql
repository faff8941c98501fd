-- One pairwise answer: GET /challenges/1/pairwise (session, visit, survey state, the two ideas, the new prompt),
-- then POST /challenges/1/pairwise (session, visit, the answer statement). Each client answers as its own members
-- (client_id + 1 + 16k), as each wrk connection does.
\set n :client_id + 1 + 16 * random(0, 11)
\set a random(1, 2000)
\set b 1 + (:a + random(0, 1998)) % 2000
\set t random(1, 2000000000)
