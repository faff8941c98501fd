import Hummingbird
import Synchronization

/// One route as it was added to the router.
public struct RegisteredRoute: Hashable, Sendable {
    public var method: String
    /// As Hummingbird prints it: `/workshops/{id}/board`.
    public var pattern: String
}

/// Every route the application added, in order: a test compares it with what `Site` declares, both ways.
final class RouteLog: Sendable {
    private let entries = Mutex<[RegisteredRoute]>([])

    var routes: [RegisteredRoute] { entries.withLock { $0 } }

    func append(_ route: RegisteredRoute) { entries.withLock { $0.append(route) } }
}

/// The router, writing each route it is given into a log before adding it. Groups made from it log their routes
/// too, with the group's prefix, since a group adds its routes through its parent.
struct LoggingRouter<Context: RequestContext>: RouterMethods {
    let router: Router<Context>
    let log: RouteLog

    @discardableResult
    func on<Responder: HTTPResponder>(_ path: RouterPath, method: HTTPRequest.Method, responder: Responder) -> Self
        where Responder.Context == Context {
        log.append(RegisteredRoute(method: method.rawValue, pattern: path.description))
        router.on(path, method: method, responder: responder)
        return self
    }

    @discardableResult
    func add(middleware: any MiddlewareProtocol<Request, Response, Context>) -> Self {
        router.add(middleware: middleware)
        return self
    }
}
