/// Where a community's pages and forms are, for its templates.
struct CommunityLinks {
    var show: String
    var join: String
    var health: String
    var newChallenge: String
    var newWorkshop: String
    var portfolio: String
    var newOffering: String
    var settings: String
    var members: String
    var library: String
    var discussions: String

    init(slug: String) {
        show = Site.communities.show(slug)
        join = Site.communities.join(slug)
        health = Site.health.show(slug)
        newChallenge = Site.challenges.new(slug)
        newWorkshop = Site.workshops.new(slug)
        portfolio = Site.offerings.portfolio(slug)
        newOffering = Site.offerings.new(slug)
        settings = Site.communities.settings(slug)
        members = Site.communities.members(slug)
        library = Site.library.index(slug)
        discussions = Site.discussions.index(slug)
    }
}
