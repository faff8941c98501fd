import EyrieCore
import Foundation

/// The SQL an export and an import run, made from the format's field list and the constants in `ExchangeTable`.
/// In these statements `$1` is the community and `$2` this instance's origin (the prefix of the ids it makes).
enum ExchangeSQL {
    static func time(_ column: String) -> String {
        "to_char(\(column) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
    }

    /// The external id of row `column` of `entity`: the id it was imported with, else `<origin>/<kind>/<id>`.
    static func externalID(_ entity: ExchangeEntity, _ column: String, keyed: Bool, alias: String) -> String {
        let made = "$2 || '/\(entity.idKind ?? entity.name)/' || \(column)"
        guard keyed else { return made }
        return "coalesce(\(alias).external_id, \(made))"
    }

    static func keyJoin(_ entity: String, _ column: String, alias: String) -> String {
        "LEFT JOIN exchange_keys \(alias) ON \(alias).community_id = $1 AND \(alias).entity = '\(entity)' AND \(alias).row_id = \(column)"
    }

    /// `SELECT <id>, <fields as text> <scope> ORDER BY <key>`.
    static func exportSelect(_ table: ExchangeTable, keyed: Bool, includeEmails: Bool) -> String {
        var columns: [String] = []
        var joins: [String] = []
        if table.entity.idKind != nil {
            columns.append(externalID(table.entity, "t.id", keyed: keyed, alias: "k0"))
            if keyed { joins.append(keyJoin(table.table, "t.id", alias: "k0")) }
        }
        for (n, field) in table.entity.fields.enumerated() {
            let column = "t.\(quoted(field.column))"
            switch field.kind {
            case .ref(let target):
                let targetEntity = ExchangeFormat.entity(target)!
                let alias = "k\(n + 1)"
                if keyed { joins.append(keyJoin(target, column, alias: alias)) }
                columns.append("CASE WHEN \(column) IS NOT NULL THEN \(externalID(targetEntity, "\(column)", keyed: keyed, alias: alias)) END")
            case .boardItem:
                columns.append(boardItem(column, keyed: keyed))
            case .time:
                columns.append(time(column))
            case .day:
                columns.append("to_char(\(column), 'YYYY-MM-DD')")
            case .texts, .numbers, .integers:
                columns.append("to_json(\(column))::text")
            case .bytes:
                columns.append("translate(encode(\(column), 'base64'), E'\\n', '')")
            case .text where field.name == "email" && !includeEmails:
                columns.append("NULL::text")
            default:
                columns.append("\(column)::text")
            }
        }
        return "SELECT \(columns.joined(separator: ", ")) \(splice(table.scope, joins)) ORDER BY \(table.order)"
    }

    /// `note-12` → `note:<external id of note 12>`.
    private static func boardItem(_ column: String, keyed: Bool) -> String {
        func part(_ kind: String, _ entity: String) -> String {
            let number = "split_part(\(column), '-', 2)"
            let made = "$2 || '/\(kind)/' || \(number)"
            guard keyed else { return "'\(kind):' || \(made)" }
            return """
                '\(kind):' || coalesce((SELECT x.external_id FROM exchange_keys x WHERE x.community_id = $1
                  AND x.entity = '\(entity)' AND x.row_id = \(number)::int8), \(made))
                """
        }
        return "CASE WHEN \(column) LIKE 'note-%' THEN \(part("note", "board_notes")) "
            + "WHEN \(column) LIKE 'cluster-%' THEN \(part("cluster", "board_clusters")) END"
    }

    /// Puts joins after the scope's `FROM x t [JOIN …]`, before its `WHERE`.
    static func splice(_ scope: String, _ joins: [String]) -> String {
        guard !joins.isEmpty, let range = scope.range(of: " WHERE ") else { return scope }
        return scope[..<range.lowerBound] + " " + joins.joined(separator: " ") + scope[range.lowerBound...]
    }
}
