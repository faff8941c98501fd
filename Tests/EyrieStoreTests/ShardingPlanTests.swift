import EyrieStore
import EyrieTestSupport
import Foundation
import PostgresNIO
import Testing

/// The plan to shard by community (`sql/sharding.txt`, README "Ready to shard by community") against the migrated
/// schema: every table has its place; a community table carries `community_id NOT NULL`; so does a child table, filled
/// from the parent it names (a foreign key) by a trigger, and parents lead to a community; account and reference
/// tables hold nothing of a community, so they can stay on the coordinator or be copied to every node.
struct ShardingPlanTests {
    enum Place: Equatable {
        case root, community, account, reference
        case child(of: String)
    }

    static func plan() throws -> [String: Place] {
        let text = try String(contentsOfFile: "sql/sharding.txt", encoding: .utf8)
        var places: [String: Place] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let words = line.split(separator: " ").map(String.init)
            guard let table = words.first else { continue }
            #expect(places[table] == nil, "\(table) is placed twice")
            switch (words.dropFirst().first, words.count) {
            case ("root", 2): places[table] = .root
            case ("community", 2): places[table] = .community
            case ("account", 2): places[table] = .account
            case ("reference", 2): places[table] = .reference
            case ("child", 3): places[table] = .child(of: words[2])
            default: Issue.record("sql/sharding.txt: cannot read \(line)")
            }
        }
        return places
    }

    @Test func everyTableHasItsPlaceAndThePlanHoldsInTheSchema() async throws {
        let plan = try Self.plan()
        try await TestDatabase.withDatabase { db in
            var tables: Set<String> = []
            for try await (name,) in try await db.client.query("""
                SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
                """).decode((String,).self) {
                tables.insert(name)
            }
            #expect(Set(plan.keys).subtracting(tables).sorted() == [], "placed in sql/sharding.txt but not in the schema")
            #expect(tables.subtracting(plan.keys).sorted() == [], "tables without a place in sql/sharding.txt")

            var keyed: Set<String> = []
            for try await (name,) in try await db.client.query("""
                SELECT table_name::text FROM information_schema.columns
                WHERE table_schema = 'public' AND column_name = 'community_id' AND is_nullable = 'NO'
                """).decode((String,).self) {
                keyed.insert(name)
            }
            var references: [String: Set<String>] = [:]  // table → the tables its foreign keys point to
            for try await (from, to) in try await db.client.query("""
                SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint
                WHERE contype = 'f' AND connamespace = 'public'::regnamespace
                """).decode((String, String).self) {
                references[from, default: []].insert(to)
            }

            var filled: Set<String> = []  // tables whose community_id a trigger fills from the parent
            for try await (name,) in try await db.client.query("""
                SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = tgrelid::regclass::text || '_community'
                """).decode((String,).self) {
                filled.insert(name)
            }

            func leadsToACommunity(_ table: String, _ seen: Set<String> = []) -> Bool {
                switch plan[table] {
                case .root?, .community?: return true
                case .child(let parent)?: return !seen.contains(table) && leadsToACommunity(parent, seen.union([table]))
                default: return false
                }
            }
            for (table, place) in plan.sorted(by: { $0.key < $1.key }) {
                switch place {
                case .root:
                    #expect(table == "communities")
                case .community:
                    #expect(keyed.contains(table), "\(table) is placed with its community but has no community_id NOT NULL")
                case .child(let parent):
                    #expect(keyed.contains(table), "\(table) has no community_id NOT NULL")
                    #expect(filled.contains(table), "\(table) has no trigger filling community_id from \(parent)")
                    #expect(references[table, default: []].contains(parent), "\(table) has no foreign key to \(parent)")
                    #expect(leadsToACommunity(table), "\(table) does not lead to a community")
                case .account, .reference:
                    #expect(!keyed.contains(table), "\(table) carries community_id")
                    let communal = references[table, default: []].filter { plan[$0] != .account && plan[$0] != .reference }
                    #expect(communal.isEmpty, "\(table) points into community data: \(communal.sorted())")
                }
            }
        }
    }
}
