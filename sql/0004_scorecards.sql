-- Reviewer scorecards: reviewers assigned per challenge score shortlisted ideas on the challenge's weighted criteria.

CREATE TABLE reviewers (
    challenge_id  bigint NOT NULL REFERENCES challenges(id) ON DELETE CASCADE,
    member_id     bigint NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    community_id  bigint NOT NULL,
    assigned_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (challenge_id, member_id)
);

CREATE TABLE scorecards (
    idea_id       bigint NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
    reviewer_id   bigint NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    challenge_id  bigint NOT NULL REFERENCES challenges(id) ON DELETE CASCADE,
    community_id  bigint NOT NULL,
    scores        smallint[] NOT NULL CHECK (cardinality(scores) BETWEEN 1 AND 8 AND 1 <= ALL (scores) AND 5 >= ALL (scores)),
    comment       text NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
    submitted_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (idea_id, reviewer_id)
);
CREATE INDEX scorecards_challenge ON scorecards (challenge_id);
