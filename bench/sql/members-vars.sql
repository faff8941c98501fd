-- GET /communities/bench-members/members?… at 10,000 members: session, the community and the viewer's standing, then
-- the page of 50 by name with its count (joined to the members only when searching or filtering by organisation), and
-- (first page only) the requests to join. The organisations for the filter are kept by the server for 30 s, so they
-- are not part of each page's work here either.
\set n random(1, 200)
