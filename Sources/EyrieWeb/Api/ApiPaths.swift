/// The JSON API under `/api/v1`, as `web/api/openapi.json` describes it, with its document and reference page.
struct ApiPaths: Sendable {
    /// What every API address starts with: such requests get problem details, not pages.
    static let prefix = "/api/"
    let document = Path("/api/v1/openapi.json")
    let docs = Path("/api/v1/docs")
    /// Anything else under the API: answered 404 as problem details.
    let unknown = Path("/api/v1/**")
    let communities = Path("/api/v1/communities")
    let community = Path1<String>("/api/v1/communities/:slug")
    let challenges = Path1<String>("/api/v1/communities/:slug/challenges")
    let workshops = Path1<String>("/api/v1/communities/:slug/workshops")
    let offerings = Path1<String>("/api/v1/communities/:slug/offerings")
    let challenge = Path1<Int64>("/api/v1/challenges/:id")
    let ideas = Path1<Int64>("/api/v1/challenges/:id/ideas")
    let results = Path1<Int64>("/api/v1/challenges/:id/results")
    let pairwise = Path1<Int64>("/api/v1/challenges/:id/pairwise")
    let idea = Path1<Int64>("/api/v1/ideas/:id")
    let comments = Path1<Int64>("/api/v1/ideas/:id/comments")
    let support = Path1<Int64>("/api/v1/ideas/:id/support")
    let dots = Path1<Int64>("/api/v1/ideas/:id/dots")
    let workshop = Path1<Int64>("/api/v1/workshops/:id")
    let offering = Path1<Int64>("/api/v1/offerings/:id")
    let resources = Path1<String>("/api/v1/communities/:slug/resources")
    let resource = Path1<Int64>("/api/v1/resources/:id")
    let discussions = Path1<String>("/api/v1/communities/:slug/discussions")
    let discussion = Path1<Int64>("/api/v1/discussions/:id")
}
