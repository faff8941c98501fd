-- GET /communities/:slug/health: session, the community and membership, then the dashboard's reads (the app runs
-- them side by side). :c is the community, :m the month of its latest levels, :since the newcomers' cut-off.
\set n random(1, 200)
