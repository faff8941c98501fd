/// Signing in and up, members' profiles, invitations, and a member's own settings.
struct AccountPaths: Sendable {
    let signIn = Path("/signin")
    let signUp = Path("/signup")
    let signOut = Path("/signout")
    let member = Path1<Int64>("/members/:id")
    let invite = Path1<Int64>("/members/:id/invite")
    /// An invitation's link, by its token.
    let invitation = Path1<String>("/invitations/:token")
    let notifications = Path("/notifications")
    let readNotification = Path1<Int64>("/notifications/:id/read")
    let readAllNotifications = Path("/notifications/read")
    let tokens = Path("/account/tokens")
    let revokeToken = Path1<Int64>("/account/tokens/:id/revoke")
}
