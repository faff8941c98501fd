/// Every address Eyrie answers, declared once per feature. Controllers register their routes with these
/// declarations and every link, form action and redirect is printed by them: `Site.workshops.board(42)`.
/// A test checks that the router holds exactly these paths, and the authorisation matrix visits each.
enum Site {
    static let accounts = AccountPaths()
    static let communities = CommunityPaths()
    static let challenges = ChallengePaths()
    static let ideas = IdeaPaths()
    static let voting = VotingPaths()
    static let workshops = WorkshopPaths()
    static let offerings = OfferingPaths()
    static let following = FollowingPaths()
    static let health = HealthPaths()
    static let library = LibraryPaths()
    static let discussions = DiscussionPaths()
    static let api = ApiPaths()
    static let operations = OperationsPaths()
    /// Stylesheets, scripts and images, served from `web/static` when no route matches.
    static let staticFiles = "/static"

    /// Every declared path, found by reflecting on each feature's declarations.
    static var all: [any SitePath] {
        let features: [Any] = [accounts, communities, challenges, ideas, voting, workshops, offerings, following, health,
                               library, discussions, api, operations]
        return features.flatMap { Mirror(reflecting: $0).children.compactMap { $0.value as? any SitePath } }
    }
}
