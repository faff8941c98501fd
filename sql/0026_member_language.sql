-- The language a member chose to read Eyrie in (NULL: their browser's, else the community's, else English).
ALTER TABLE members ADD COLUMN language text CHECK (language ~ '^[a-z]{2,3}(-[A-Z]{2})?$');
