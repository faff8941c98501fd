-- The practice counts in the health dashboard: library work (versions written, files attached), discussion posts
-- (discussions started and replies) and accepted answers are contributions (`ParticipationKind`).
ALTER TABLE participation_months
    ADD COLUMN library integer NOT NULL DEFAULT 0,
    ADD COLUMN replies integer NOT NULL DEFAULT 0,
    ADD COLUMN answers integer NOT NULL DEFAULT 0;
