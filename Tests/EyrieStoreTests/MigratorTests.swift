import EyrieStore
import EyrieTestSupport
import Foundation
import PostgresNIO
import Testing

struct MigratorTests {
    @Test func applyingAgainDoesNothing() async throws {
        try await TestDatabase.withDatabase { db in
            // act
            let applied = try await Migrator(directory: TestDatabase.root + "/sql").migrate(db)
            // check
            #expect(applied.isEmpty)
        }
    }

    @Test func refusesWhenAnAppliedFileChanged() async throws {
        // setup: a copy of the migrations with the first one edited
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("eyrie-mig-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for file in try FileManager.default.contentsOfDirectory(atPath: TestDatabase.root + "/sql") {
            var text = try String(contentsOfFile: TestDatabase.root + "/sql/" + file, encoding: .utf8)
            if file.hasPrefix("0001") { text += "\n-- edited\n" }
            try text.write(toFile: dir + "/" + file, atomically: true, encoding: .utf8)
        }
        try await TestDatabase.withDatabase { db in
            // act / check
            await #expect(throws: Migrator.Failure.self) { try await Migrator(directory: dir).migrate(db) }
        }
    }

    @Test func aFailingMigrationLeavesNothingBehind() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("eyrie-mig-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for file in try FileManager.default.contentsOfDirectory(atPath: TestDatabase.root + "/sql") {
            try FileManager.default.copyItem(atPath: TestDatabase.root + "/sql/" + file, toPath: dir + "/" + file)
        }
        try "CREATE TABLE half_done (id int);\nSELECT no_such_function();\n"
            .write(toFile: dir + "/9999_broken.sql", atomically: true, encoding: .utf8)
        try await TestDatabase.withDatabase { db in
            await #expect(throws: (any Error).self) { try await Migrator(directory: dir).migrate(db) }
            let rows = try await db.client.query("SELECT count(*)::int8 FROM pg_tables WHERE tablename = 'half_done'",
                                                 logger: db.logger)
            var count: Int64 = -1
            for try await n in rows.decode(Int64.self) { count = n }
            #expect(count == 0)
        }
    }
}

struct SQLScriptTests {
    @Test func splitsAtTopLevelSemicolonsOnly() {
        let sql = """
            -- a comment; with a semicolon
            CREATE TABLE a (t text DEFAULT 'x;y');
            /* block; comment */
            CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;
            SELECT "odd;name" FROM a
            """
        let statements = SQLScript.statements(sql)
        #expect(statements.count == 3)
        #expect(statements[0] == "CREATE TABLE a (t text DEFAULT 'x;y')")
        #expect(statements[1].contains("$$ SELECT 1; $$"))
        #expect(statements[2] == "SELECT \"odd;name\" FROM a")
    }
}
