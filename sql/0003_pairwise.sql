-- Pairwise wiki survey: the pair each member is being shown, the append-only answers, and ideas that members add
-- during the survey, which wait for a steward's approval before they join the pairs.

CREATE TABLE pairwise_prompts (
    challenge_id  bigint NOT NULL REFERENCES challenges(id) ON DELETE CASCADE,
    member_id     bigint NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    community_id  bigint NOT NULL,
    left_id       bigint NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
    right_id      bigint NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
    -- Set while the pair waits for an answer; cleared by the answer, so a second answer to it finds nothing.
    token         text,
    shown_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (challenge_id, member_id)
);

CREATE TABLE pairwise_votes (
    id            bigserial PRIMARY KEY,
    challenge_id  bigint NOT NULL REFERENCES challenges(id) ON DELETE CASCADE,
    community_id  bigint NOT NULL,
    member_id     bigint NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    left_id       bigint NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
    right_id      bigint NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
    choice        text NOT NULL CHECK (choice IN ('left', 'right', 'skip')),
    reason        text NOT NULL DEFAULT '' CHECK (length(reason) <= 300),
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pairwise_votes_challenge ON pairwise_votes (challenge_id, id);

ALTER TABLE ideas ADD COLUMN awaiting_approval boolean NOT NULL DEFAULT false;
ALTER TABLE ideas ADD COLUMN comparison_count integer NOT NULL DEFAULT 0 CHECK (comparison_count >= 0);
