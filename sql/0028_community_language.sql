-- The language a community's pages come in for visitors who have no language of their own (no account choice, no
-- cookie, no browser language Eyrie offers). NULL: English.
ALTER TABLE communities ADD COLUMN language text CHECK (language ~ '^[a-z]{2,3}(-[A-Z]{2})?$');
