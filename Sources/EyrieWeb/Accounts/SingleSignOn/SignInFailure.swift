import Hummingbird

/// Why a sign-in through a provider did not happen: a sentence for the member, the reason for the operators' log.
/// None of these is a 500, and none leaves a session.
enum SignInFailure: Error, CustomStringConvertible {
    /// The provider did not answer in time, or not at all.
    case unreachable(String)
    /// The provider's settings in Eyrie, or the provider's documents, are not right.
    case misconfigured(String)
    /// The provider answered the sign-in with an error (the member cancelled, the client is not allowed…).
    case providerSaid(String)
    /// The ID token failed a check.
    case tokenRejected(String)
    /// The sign-in came back without the state Eyrie sent, twice, or too late.
    case staleAttempt(String)
    /// The provider's address is not verified and it belongs to an existing account.
    case unverifiedAddress

    var description: String {
        switch self {
        case .unreachable(let reason): "provider unreachable: \(reason)"
        case .misconfigured(let reason): "provider misconfigured: \(reason)"
        case .providerSaid(let reason): "the provider refused: \(reason)"
        case .tokenRejected(let reason): "ID token rejected: \(reason)"
        case .staleAttempt(let reason): "sign-in attempt not accepted: \(reason)"
        case .unverifiedAddress: "the provider has not verified the address of an existing account"
        }
    }

    /// What the member reads.
    func explanation(organisation: String) -> (title: String, text: String) {
        let name = organisation.isEmpty ? "your organisation" : organisation
        return switch self {
        case .unreachable:
            ("\(name)'s sign-in is not answering",
             "Eyrie could not reach \(name)'s sign-in service just now. Try again in a few minutes; if it keeps happening, tell \(name)'s IT team.")
        case .misconfigured:
            ("\(name)'s sign-in is not set up correctly",
             "The connection between Eyrie and \(name)'s sign-in service needs fixing by a platform administrator. Nothing was changed on your account.")
        case .providerSaid(let reason) where reason.hasPrefix("access_denied"):
            ("Sign-in cancelled", "\(name)'s sign-in did not let you through, or you cancelled it. You are not signed in.")
        case .providerSaid:
            ("\(name)'s sign-in refused", "\(name)'s sign-in service refused this sign-in. Try again; if it keeps happening, tell \(name)'s IT team.")
        case .tokenRejected:
            ("Sign-in could not be confirmed",
             "Eyrie could not confirm who signed in at \(name), so you are not signed in. Try again; if it keeps happening, tell a platform administrator.")
        case .staleAttempt:
            ("This sign-in has expired",
             "The sign-in took too long, was already used, or was started in another browser. Start again from the sign-in page.")
        case .unverifiedAddress:
            ("Your address is not confirmed",
             "An Eyrie account already uses this address, and \(name)'s sign-in has not confirmed that the address is yours, so they cannot be connected. Sign in with your password, or ask \(name)'s IT team to confirm your address.")
        }
    }

    var status: HTTPResponse.Status {
        switch self {
        case .unreachable: .badGateway
        case .misconfigured: .badGateway
        case .providerSaid, .tokenRejected, .staleAttempt, .unverifiedAddress: .badRequest
        }
    }
}
