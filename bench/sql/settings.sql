-- The challenge's voting settings (the app reads them beside the visit or the page's other reads).
SELECT supports, support_budget, auto_shortlist_at, dots, dots_per_member, max_dots_per_idea, pairwise,
       pairwise_new_ideas, scorecards, criteria, weights, blind_review, results_published
  FROM voting_settings WHERE challenge_id = 1;
