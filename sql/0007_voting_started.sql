-- When a challenge was first in voting or later. Voting settings freeze from then on, even if a steward moves the
-- challenge back to "open for ideas": members voted under them. Existing challenges that are (or were by their dates)
-- in voting or later are marked now.

ALTER TABLE challenges ADD COLUMN voting_started_at timestamptz;

UPDATE challenges SET voting_started_at = least(now(), voting_at)
WHERE phase_override IN ('voting', 'review', 'closed') OR (phase_override IS NULL AND now() >= voting_at);
