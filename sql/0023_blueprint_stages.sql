-- A blueprint's columns are the stages of the customer's journey, named by the people who draw it ("Find out",
-- "Sign up", "First bill"): the name of column n is element n, '' for a stage not named.
ALTER TABLE offerings ADD COLUMN blueprint_stages text[] NOT NULL DEFAULT '{}';
