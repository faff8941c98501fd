/// Where a challenge's pages and forms are, for its templates (`{{links.results}}`).
struct ChallengeLinks: TemplateFields {
    var show: String
    var phase: String
    var newIdea: String
    var settings: String
    var pairwise: String
    var pairwiseIdeas: String
    var results: String
    var resultsCSV: String
    var publish: String
    var reviews: String
    var reviewers: String
    /// A workshop about this challenge, in its community.
    var newWorkshop: String
    /// The community's discussions about this challenge.
    var discussions: String

    init(id: Int64, communitySlug: String) {
        show = Site.challenges.show(id)
        phase = Site.challenges.phase(id)
        newIdea = Site.ideas.new(id)
        settings = Site.voting.settings(id)
        pairwise = Site.voting.pairwise(id)
        pairwiseIdeas = Site.voting.pairwiseIdeas(id)
        results = Site.voting.results(id)
        resultsCSV = Site.voting.resultsCSV(id)
        publish = Site.voting.publish(id)
        reviews = Site.voting.reviews(id)
        reviewers = Site.voting.reviewers(id)
        newWorkshop = Site.workshops.new(communitySlug, query: [("challenge", id.pathText)])
        discussions = Site.discussions.index(communitySlug, query: [("challenge", id.pathText)])
    }

    /// Listed by hand: the challenge page is the busiest, and reflecting costs more than listing.
    var templateFields: [String: Any] {
        ["show": show, "phase": phase, "newIdea": newIdea, "settings": settings, "pairwise": pairwise,
         "pairwiseIdeas": pairwiseIdeas, "results": results, "resultsCSV": resultsCSV, "publish": publish, "reviews": reviews,
         "reviewers": reviewers, "newWorkshop": newWorkshop, "discussions": discussions]
    }
}
