-- What a closed workshop produced, linked both ways: ideas made from its notes or clusters, and comments it added
-- to existing ideas. (Decisions are the board's decision notes; attendance is on the registrations.)
CREATE TABLE workshop_outputs (
    id           bigserial PRIMARY KEY,
    workshop_id  bigint NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    kind         text NOT NULL CHECK (kind IN ('idea', 'comment')),
    -- What it came from: `note-12` or `cluster-3`.
    source       text NOT NULL CHECK (source ~ '^(note|cluster)-[0-9]+$'),
    idea_id      bigint NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
    comment_id   bigint REFERENCES comments(id) ON DELETE SET NULL,
    created_by   bigint REFERENCES members(id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    -- One idea per note or cluster; one comment per note or cluster on a given idea (a double click adds nothing).
    UNIQUE (workshop_id, kind, source, idea_id)
);
CREATE UNIQUE INDEX workshop_outputs_one_idea ON workshop_outputs (workshop_id, source) WHERE kind = 'idea';
CREATE INDEX workshop_outputs_idea ON workshop_outputs (idea_id);
