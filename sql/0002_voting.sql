-- Voting: per-challenge settings, supports budget and threshold, dot voting with limits the database enforces,
-- and the sponsor role for the stage-gate funnel.

CREATE TABLE voting_settings (
    challenge_id        bigint PRIMARY KEY REFERENCES challenges(id) ON DELETE CASCADE,
    community_id        bigint NOT NULL,
    supports            boolean NOT NULL DEFAULT true,
    support_budget      integer CHECK (support_budget > 0),
    auto_shortlist_at   integer CHECK (auto_shortlist_at > 0),
    dots                boolean NOT NULL DEFAULT false,
    dots_per_member     integer NOT NULL DEFAULT 10 CHECK (dots_per_member BETWEEN 1 AND 100),
    max_dots_per_idea   integer NOT NULL DEFAULT 3 CHECK (max_dots_per_idea BETWEEN 1 AND 100),
    pairwise            boolean NOT NULL DEFAULT false,
    pairwise_new_ideas  boolean NOT NULL DEFAULT true,
    scorecards          boolean NOT NULL DEFAULT false,
    criteria            text[] NOT NULL DEFAULT ARRAY['Desirability', 'Feasibility', 'Viability'],
    weights             float8[] NOT NULL DEFAULT ARRAY[1, 1, 1]::float8[],
    blind_review        boolean NOT NULL DEFAULT true,
    results_published   boolean NOT NULL DEFAULT false,
    CHECK (max_dots_per_idea <= dots_per_member),
    CHECK (cardinality(criteria) = cardinality(weights))
);

-- How many supports each member has given in each challenge: the budget check lives here, so that concurrent
-- supports can never pass it (the row is locked by the update, and the CHECK refuses an overdraft).
CREATE TABLE support_budgets (
    challenge_id  bigint NOT NULL REFERENCES challenges(id) ON DELETE CASCADE,
    member_id     bigint NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    community_id  bigint NOT NULL,
    spent         integer NOT NULL DEFAULT 0 CHECK (spent >= 0),
    budget        integer CHECK (budget > 0),
    PRIMARY KEY (challenge_id, member_id),
    CONSTRAINT support_budget_exceeded CHECK (budget IS NULL OR spent <= budget)
);

-- Dots: a member's budget per challenge and the dots on each idea, each bounded by a CHECK.
CREATE TABLE dot_budgets (
    challenge_id  bigint NOT NULL REFERENCES challenges(id) ON DELETE CASCADE,
    member_id     bigint NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    community_id  bigint NOT NULL,
    spent         integer NOT NULL DEFAULT 0 CHECK (spent >= 0),
    budget        integer NOT NULL,
    PRIMARY KEY (challenge_id, member_id),
    CONSTRAINT dot_budget_exceeded CHECK (spent <= budget)
);

CREATE TABLE dots (
    idea_id       bigint NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
    member_id     bigint NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    challenge_id  bigint NOT NULL,
    community_id  bigint NOT NULL,
    count         integer NOT NULL CHECK (count >= 0),
    max_count     integer NOT NULL,
    PRIMARY KEY (idea_id, member_id),
    CONSTRAINT dots_per_idea_exceeded CHECK (count <= max_count)
);
CREATE INDEX dots_member ON dots (member_id, challenge_id);

ALTER TABLE ideas ADD COLUMN dot_count integer NOT NULL DEFAULT 0 CHECK (dot_count >= 0);

-- Sponsors: members of a challenge's sponsor organisation with this flag may move ideas through the funnel.
ALTER TABLE memberships ADD COLUMN is_sponsor boolean NOT NULL DEFAULT false;
