-- The results page lists a challenge's decided ideas (shortlisted, in design, selected, offered, declined) with the
-- reason for each: found through this index instead of reading every idea of the challenge.
CREATE INDEX ideas_decided ON ideas (challenge_id)
    WHERE state IN ('shortlisted', 'in_design', 'selected', 'converted', 'declined') AND hidden_reason IS NULL;
