-- GET /communities/:slug/library?q=welcome: session, the community (itself, the viewer's
-- membership), then the resources found, the kinds and the tag cloud, which the app reads side by side. :c is the
-- community, :s its slug.
\set n random(1, 200)
