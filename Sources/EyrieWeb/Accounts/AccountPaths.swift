/// Signing in and up, members' profiles, invitations, and a member's own settings.
struct AccountPaths: Sendable {
    let signIn = Path("/signin")
    let signUp = Path("/signup")
    let signOut = Path("/signout")
    /// The footer's language switcher posts here.
    let language = Path("/language")
    /// Sign-in through an organisation's identity provider: where it starts, where the provider sends the member
    /// back (the redirect URI an organisation registers), and the page that links an existing account.
    let signInWith = Path1<Int64>("/signin/with/:id")
    let signInCallback = Path("/signin/callback")
    let signInLink = Path("/signin/link")
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
