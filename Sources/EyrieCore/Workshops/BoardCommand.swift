/// What dots and outputs point at on a board: `note-12` or `cluster-3`.
public struct BoardTarget: Sendable, Equatable {
    public var isNote: Bool
    public var id: Int64

    public init?(_ raw: String) {
        let parts = raw.trimmingWhitespace().split(separator: "-")
        guard parts.count == 2, parts[0] == "note" || parts[0] == "cluster", let id = Int64(parts[1]), id > 0 else {
            return nil
        }
        isNote = parts[0] == "note"
        self.id = id
    }
}

/// A change someone asks of a board, from a form (no JavaScript) or a WebSocket message: the same fields either way.
public enum BoardCommand: Sendable, Equatable {
    case addNote(body: String, clusterID: Int64?, lane: BlueprintLane?)
    /// `seen`: the note's text version the writer started from (nil: not known, e.g. an old form).
    case editNote(id: Int64, body: String, seen: Int?)
    case moveNote(id: Int64, clusterID: Int64?, lane: BlueprintLane?, seen: Int?)
    case deleteNote(id: Int64)
    case createCluster(name: String)
    case renameCluster(id: Int64, name: String)
    case deleteCluster(id: Int64)
    /// `target`: `note-12` or `cluster-3`.
    case placeDot(target: String)
    case removeDot(target: String)
    case recordDecision(body: String)

    /// The board action this command is, given whether the note at hand is the actor's own.
    public func action(ownNote: Bool) -> BoardAction {
        switch self {
        case .addNote: .addNote
        case .editNote: ownNote ? .editOwnNote : .editAnyNote
        case .moveNote: ownNote ? .moveOwnNote : .moveAnyNote
        case .deleteNote: ownNote ? .deleteOwnNote : .deleteAnyNote
        case .createCluster: .createCluster
        case .renameCluster: .renameCluster
        case .deleteCluster: .deleteCluster
        case .placeDot: .placeDot
        case .removeDot: .removeDot
        case .recordDecision: .recordDecision
        }
    }

    /// The note the command changes, if any.
    public var noteID: Int64? {
        switch self {
        case .editNote(let id, _, _), .moveNote(let id, _, _, _), .deleteNote(let id): id
        default: nil
        }
    }

    /// Reads a command from flat fields: `op` names it (`add`, `edit`, `move`, `delete`, `cluster`, `rename`,
    /// `uncluster`, `dot`, `undot`, `decide`); `note`, `cluster`, `body`, `name`, `lane`, `seen`, `target` carry the
    /// rest. Throws `ValidationErrors` naming the field.
    public static func parse(_ f: [String: String]) throws -> BoardCommand {
        var errors: [FieldError] = []
        func id(_ key: String, required: Bool = true) -> Int64? {
            let raw = (f[key] ?? "").trimmingWhitespace()
            if raw.isEmpty || (key == "cluster" && raw == "none") {
                if required { errors.append(.init(key, "Choose a \("key", key)")) }
                return nil
            }
            guard let value = Int64(raw), value > 0 else {
                errors.append(.init(key, "That \("key", key) does not exist"))
                return nil
            }
            return value
        }
        func body(_ key: String = "body") -> String {
            let isName = key == "name"
            return TextRule(key, isName ? "Cluster name" : "Note", max: isName ? 80 : 500, multiline: !isName)
                .check(f[key], into: &errors)
        }
        func lane() -> BlueprintLane? {
            let raw = (f["lane"] ?? "").trimmingWhitespace()
            guard !raw.isEmpty else { return nil }
            guard let lane = BlueprintLane(rawValue: raw) else {
                errors.append(.init("lane", "Choose a lane of the blueprint"))
                return nil
            }
            return lane
        }
        func seen() -> Int? { Int((f["seen"] ?? "").trimmingWhitespace()) }
        func target() -> String {
            let raw = (f["target"] ?? "").trimmingWhitespace()
            guard BoardTarget(raw) != nil else {
                errors.append(.init("target", "Choose a note or a cluster"))
                return ""
            }
            return raw
        }
        let command: BoardCommand?
        switch f["op"] ?? "" {
        case "add": command = .addNote(body: body(), clusterID: id("cluster", required: false), lane: lane())
        case "edit": command = id("note").map { .editNote(id: $0, body: body(), seen: seen()) }
        case "move": command = id("note").map { .moveNote(id: $0, clusterID: id("cluster", required: false), lane: lane(), seen: seen()) }
        case "delete": command = id("note").map { .deleteNote(id: $0) }
        case "cluster": command = .createCluster(name: body("name"))
        case "rename": command = id("cluster").map { .renameCluster(id: $0, name: body("name")) }
        case "uncluster": command = id("cluster").map { .deleteCluster(id: $0) }
        case "dot": command = .placeDot(target: target())
        case "undot": command = .removeDot(target: target())
        case "decide": command = .recordDecision(body: body())
        default:
            errors.append(.init("op", "Unknown change"))
            command = nil
        }
        guard errors.isEmpty, let command else { throw ValidationErrors(errors) }
        return command
    }
}
