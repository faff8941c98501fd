/// The addresses every page may link to, printed once by `Site`: templates read them as `{{chrome.site.signIn}}`.
struct SiteLinks {
    static let shared = SiteLinks()

    let home = Site.communities.home()
    let communities = Site.communities.index()
    let organisations = Site.communities.organisations()
    let signIn = Site.accounts.signIn()
    let signUp = Site.accounts.signUp()
    let signOut = Site.accounts.signOut()
    let notifications = Site.accounts.notifications()
    let readAllNotifications = Site.accounts.readAllNotifications()
    let tokens = Site.accounts.tokens()
    let mail = Site.following.mail()
    let apiDocs = Site.api.docs()
    let apiDocument = Site.api.document()
    /// Stylesheets, scripts and images: `{{chrome.site.staticFiles}}/eyrie.css`.
    let staticFiles = Site.staticFiles
}
