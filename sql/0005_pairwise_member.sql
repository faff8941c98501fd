-- The pairwise page says how many answers the member has given; without this index that count read every answer
-- in the challenge (a million in a large survey) on each page. It also serves deleting a member's answers.
CREATE INDEX pairwise_votes_member ON pairwise_votes (member_id, challenge_id);
