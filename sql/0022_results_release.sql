-- Results shared with the sponsor organisation's members before everyone, and the day the stewards expect to publish.
-- `results_published` stays the switch for the whole community; `results_sponsor_at` is when the sponsor's members
-- could first read them (NULL: not shared). Both new columns may be NULL so that older exchange files import as they are.
ALTER TABLE voting_settings
    ADD COLUMN results_sponsor_at timestamptz,
    ADD COLUMN results_expected_at timestamptz;
