-- Newcomers: sign-up accepts an organisation that is not listed yet; it stays unconfirmed (and out of the sign-up list)
-- until a platform admin confirms it or merges it into another. "Independent" is an organisation like any other.
ALTER TABLE organisations ADD COLUMN confirmed boolean NOT NULL DEFAULT true;

-- Whether authors may support their own ideas: a community's choice, off unless its stewards turn it on.
ALTER TABLE communities ADD COLUMN authors_may_support boolean NOT NULL DEFAULT false;

-- When an admin merges an unconfirmed organisation into another, the name newcomers typed stays known: the next one to
-- type it joins the organisation it was merged into.
CREATE TABLE organisation_aliases (
    key              text PRIMARY KEY,
    organisation_id  bigint NOT NULL REFERENCES organisations(id) ON DELETE CASCADE
);
CREATE INDEX organisation_aliases_organisation ON organisation_aliases (organisation_id);
