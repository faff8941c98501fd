/// The addresses every page may link to, printed once by `Site`: templates read them as `{{chrome.site.signIn}}`.
/// Handed to templates as one dictionary made once (every page carries it).
struct SiteLinks: TemplateFields, @unchecked Sendable {
    static let shared = SiteLinks()

    let home = Site.communities.home()
    let communities = Site.communities.index()
    let organisations = Site.communities.organisations()
    let signIn = Site.accounts.signIn()
    let signUp = Site.accounts.signUp()
    let signOut = Site.accounts.signOut()
    let signInLink = Site.accounts.signInLink()
    let notifications = Site.accounts.notifications()
    let readAllNotifications = Site.accounts.readAllNotifications()
    let tokens = Site.accounts.tokens()
    let mail = Site.following.mail()
    let apiDocs = Site.api.docs()
    let apiDocument = Site.api.document()
    /// Stylesheets, scripts and images: `{{chrome.site.staticFiles}}/eyrie.css`.
    let staticFiles = Site.staticFiles

    let templateFields: [String: Any]

    private init() {
        templateFields = ["home": home, "communities": communities, "organisations": organisations, "signIn": signIn,
                          "signUp": signUp, "signOut": signOut, "signInLink": signInLink, "notifications": notifications,
                          "readAllNotifications": readAllNotifications, "tokens": tokens, "mail": mail, "apiDocs": apiDocs,
                          "apiDocument": apiDocument, "staticFiles": staticFiles]
    }
}
