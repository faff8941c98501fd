import EyrieCore
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// Imports a file into one community in one transaction: every row is checked and copied into staging tables, the
/// references between them are checked, and only then is anything written, each entity with one statement. Any
/// error rolls everything back and the file, row, column and reason are reported (`ImportRefused`). Rows imported
/// before map to the rows they made (`exchange_keys`), so a second import of the same file changes nothing.
///
/// Locks: the import writes only its community's rows (and new people and organisations); updates of rows it made
/// before lock them as plain `UPDATE`s, ideas first (level 2 of `Database`'s order), then counters and budgets (3, 5).
public struct Importer: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// Settings of a new community when the file has none.
    public struct Options: Sendable {
        public var slug: String
        public var dryRun = false
        public init(slug: String, dryRun: Bool = false) {
            self.slug = slug
            self.dryRun = dryRun
        }
    }

    struct DryRun: Error { let result: ImportResult }

    public func run(_ source: any ExchangeSource, options: Options,
                    progress: @escaping @Sendable (String, Int) -> Void = { _, _ in }) async throws -> ImportResult {
        guard Slug.make(options.slug) == options.slug, !options.slug.isEmpty else {
            throw ImportRefused(ImportError(file: "--community", reason: "\"\("community", options.slug)\" is not a community address (lower-case letters, digits and single dashes)"))
        }
        do {
            return try await db.transaction { connection in
                var run = ImportRun(connection: connection, logger: db.logger, options: options, progress: progress)
                let result = try await run.perform(source)
                if options.dryRun { throw DryRun(result: result) }
                return result
            }
        } catch let dry as DryRun {
            var result = dry.result
            result.dryRun = true
            return result
        }
    }
}

/// One try of an import, inside its transaction.
struct ImportRun {
    let connection: PostgresConnection
    let logger: Logger
    let options: Importer.Options
    let progress: @Sendable (String, Int) -> Void
    var problems = ImportProblems()
    var files: [String: String] = [:]
    var community: [String?]?
    var origin = ""

    init(connection: PostgresConnection, logger: Logger, options: Importer.Options,
         progress: @escaping @Sendable (String, Int) -> Void) {
        self.connection = connection
        self.logger = logger
        self.options = options
        self.progress = progress
    }

    mutating func perform(_ source: any ExchangeSource) async throws -> ImportResult {
        // One long batch: no time limits, and memory enough to sort and hash a million staged rows without spilling
        // them to disk (work_mem is per sort or hash, and this connection runs one statement at a time).
        for setting in ["statement_timeout = 0", "idle_in_transaction_session_timeout = 0", "eyrie.bulk = 'on'",
                        "work_mem = '256MB'", "maintenance_work_mem = '256MB'"] {
            try await connection.query(PostgresQuery(unsafeSQL: "SET LOCAL \(setting)"), logger: logger)
        }
        origin = try await connection.query("SELECT origin FROM exchange_origin", logger: logger)
            .collect().first?.decode(String.self) ?? ""
        for entity in ExchangeFormat.entities {
            try await connection.query(PostgresQuery(unsafeSQL: ImportSQL.createStaging(entity)), logger: logger)
        }
        let clock = ContinuousClock()
        var started = clock.now
        func lap(_ phase: String) {
            logger.info("import: \(phase) in \(clock.now - started)")
            started = clock.now
        }
        try await stage(try source.open())
        lap("read and staged the file")
        try refuseIfProblems()
        try await checkReferences()
        lap("checked the references")
        try refuseIfProblems()
        var result = ImportResult()
        let (communityID, created) = try await findOrCreateCommunity()
        result.communityCreated = created
        let withCommunity = try await tablesWithCommunity()
        for statement in ImportSQL.stagedCounts {
            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
        }
        for table in ExchangeTable.all {
            progress("writing \(table.table)", 0)
            let tally = try await write(table, community: communityID, hasCommunity: withCommunity.contains(table.table))
            if tally.created + tally.updated + tally.skipped > 0 { lap("wrote \(table.table)") }
            try refuseIfProblems()
            result.tallies.append((table.table, tally))
        }
        for table in ExchangeTable.all {
            for statement in ImportSQL.afterwards(table) { try await run(statement, communityID) }
        }
        progress("counting", 0)
        for statement in ImportSQL.recount { try await run(statement, communityID) }
        try await run("SELECT recount_community_ideas($1)", communityID)
        lap("recounted")
        return result
    }

    private func refuseIfProblems() throws {
        if !problems.isEmpty { throw ImportRefused(problems) }
    }

    /// Copies every entity's checked rows into its staging table; rows with errors are reported and the rest of the
    /// file is still read (to count its errors), but nothing is kept.
    private mutating func stage(_ reader: any ExchangeReading) async throws {
        var seen = Set<String>()
        while let entity = try reader.nextEntity() {
            let file = reader.fileName
            guard seen.insert(entity.name).inserted else {
                problems.add(.init(file: file, reason: "holds \("entity", entity.name) twice"))
                throw ImportRefused(problems)
            }
            files[entity.name] = file
            if entity.name == ExchangeFormat.community.name {
                while let row = try reader.nextRow() {
                    switch row {
                    case .row(let staged): community = staged.values
                    case .errors(let errors): problems.add(contentsOf: errors)
                    }
                }
                continue
            }
            var local = problems
            var count = 0
            let progress = self.progress
            try await connection.copyFrom(table: ImportSQL.staging(entity), columns: ImportSQL.stagingColumns(entity),
                                          logger: logger) { writer in
                var buffer = ByteBuffer()
                while let row = try reader.nextRow() {
                    switch row {
                    case .row(let staged) where local.isEmpty:
                        ImportRun.copyLine(staged, into: &buffer)
                    case .row: break
                    case .errors(let errors): local.add(contentsOf: errors)
                    }
                    count += 1
                    if buffer.readableBytes >= 1 << 16 {
                        try await writer.write(buffer)
                        buffer.clear()
                    }
                    if count % 10_000 == 0 { progress(entity.name, count) }
                }
                if buffer.readableBytes > 0 { try await writer.write(buffer) }
            }
            problems = local
            progress(entity.name, count)
        }
    }

    /// One line of COPY's text format.
    static func copyLine(_ row: StagedRow, into buffer: inout ByteBuffer) {
        buffer.writeString(String(row.row))
        for value in [row.id] + row.values {
            buffer.writeInteger(UInt8(ascii: "\t"))
            guard let value else { buffer.writeStaticString("\\N"); continue }
            var plain = true
            for byte in value.utf8 where byte == 92 || byte == 9 || byte == 10 || byte == 13 { plain = false; break }
            if plain { buffer.writeString(value); continue }
            for byte in value.utf8 {
                switch byte {
                case 92: buffer.writeStaticString("\\\\")
                case 9: buffer.writeStaticString("\\t")
                case 10: buffer.writeStaticString("\\n")
                case 13: buffer.writeStaticString("\\r")
                default: buffer.writeInteger(byte)
                }
            }
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
    }

    /// Ids given twice, and references to rows the file does not hold.
    private mutating func checkReferences() async throws {
        progress("checking references", 0)
        for entity in ExchangeFormat.entities {
            try await connection.query(PostgresQuery(unsafeSQL: "ANALYZE \(ImportSQL.staging(entity))"), logger: logger)
        }
        for entity in ExchangeFormat.entities {
            let file = files[entity.name] ?? entity.name
            if entity.idKind != nil {
                // Looked up by id only when other rows name them (a million answers to "which is better?" are not).
                if ExchangeFormat.referenced.contains(entity.name) {
                    try await connection.query(PostgresQuery(unsafeSQL: "CREATE INDEX ON \(ImportSQL.staging(entity)) (ext)"),
                                               logger: logger)
                }
                for (row, id) in try await pairs(ImportSQL.duplicateIDs(entity), 0) {
                    problems.add(.init(file: file, row: row, column: "id", reason: "the id \("id", id) is given to two rows"))
                }
            }
            for field in entity.fields {
                guard let sql = ImportSQL.danglingReferences(entity, field) else { continue }
                for (row, value) in try await pairs(sql, 0) {
                    problems.add(.init(file: file, row: row, column: field.name, reason: Self.dangling(field, value)))
                }
            }
        }
        let emails = """
            SELECT max(row_no), email FROM x_members WHERE email IS NOT NULL GROUP BY lower(email), email
            HAVING count(*) > 1 LIMIT 20
            """
        for (row, email) in try await pairs(emails, 0) {
            problems.add(.init(file: files["members"] ?? "members", row: row, column: "email",
                               reason: "\("email", email) is given to two members"))
        }
    }

    static func dangling(_ field: ExchangeField, _ value: String) -> Phrase {
        switch field.kind {
        case .ref(let target): "names \("entity", target) \("id", value), which the file does not hold"
        default: "names \("id", value), which the file does not hold"
        }
    }

    @discardableResult
    func run(_ sql: String, _ community: Int64) async throws -> Int {
        var binds = PostgresBindings()
        binds.append(community)
        binds.append(origin)
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
        var count = 0
        for try await _ in rows { count += 1 }
        return count
    }

    func count(_ sql: String, _ community: Int64) async throws -> Int {
        var binds = PostgresBindings()
        binds.append(community)
        binds.append(origin)
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
        for try await n in rows.decode(Int.self) { return n }
        return 0
    }

    private func tablesWithCommunity() async throws -> Set<String> {
        let rows = try await connection.query("""
            SELECT table_name::text FROM information_schema.columns
            WHERE table_schema = current_schema() AND column_name = 'community_id'
            """, logger: logger)
        var names = Set<String>()
        for try await name in rows.decode(String.self) { names.insert(name) }
        return names
    }
}
