-- GET /offerings/:id: session, visit, then the page's reads (the app runs them side by side). :o is the offering.
\set n random(1, 200)
