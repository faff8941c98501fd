-- POST /ideas/:id/support: session, the idea and its authors, the challenge visit and settings, the support.
\set n random(1, 200)
\set idea random(1, 2000)
