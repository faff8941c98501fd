-- GET /resources/:id: session, the resource with its community, the viewer's role, mark and its authors, then its
-- files, the library's usage, its links to the work and the follow button, which the app reads side by side. :r is
-- the resource, :c its community.
\set n random(1, 200)
