/// The home page, organisations, communities and their members.
struct CommunityPaths: Sendable {
    let home = Path("/")
    let organisations = Path("/organisations")
    let confirmOrganisation = Path1<Int64>("/organisations/:id/confirm")
    let mergeOrganisation = Path1<Int64>("/organisations/:id/merge")
    /// An organisation's identity provider (platform admins).
    let organisationSignIn = Path1<Int64>("/organisations/:id/sign-in")
    let removeOrganisationSignIn = Path1<Int64>("/organisations/:id/sign-in/remove")
    let index = Path("/communities")
    let show = Path1<String>("/communities/:slug")
    let join = Path1<String>("/communities/:slug/join")
    let settings = Path1<String>("/communities/:slug/settings")
    let members = Path1<String>("/communities/:slug/members")
    let bulkMembers = Path1<String>("/communities/:slug/members/bulk")
    let approveMember = Path2<String, Int64>("/communities/:slug/members/:id/approve")
    let memberRole = Path2<String, Int64>("/communities/:slug/members/:id/role")
    let memberSponsor = Path2<String, Int64>("/communities/:slug/members/:id/sponsor")
}
