/// The README.txt inside a CSV export: what each file and column holds.
public enum ExchangeReadme {
    public static func text(community: String, exportedAt: String) -> String {
        var lines = [
            "Eyrie export of the community \"\(community)\", \(exportedAt).",
            "Format \(ExchangeFormat.schema). `eyrie import` reads this zip back (README.md, \"Import and export\").",
            "",
            "Every file is UTF-8 CSV (RFC 4180): a header row, fields quoted when they hold a comma, a quote or a line",
            "break, lines ending CRLF. An empty cell is \"no value\". Lists are JSON in the cell ([\"a\",\"b\"]).",
            "Text that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return) has a",
            "' put before it, as has text that starts with ' itself; an import takes exactly that ' off again.",
            "Ids are stable: the same row keeps its id in every export, and an import maps them to the rows it made.",
            "Counts (supports, comments, seats) are not stored: an import counts them again from the rows.",
            "",
            "manifest.csv: schema, exported_at.",
            describe(ExchangeFormat.community),
        ]
        lines += ExchangeFormat.entities.map(describe)
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func describe(_ entity: ExchangeEntity) -> String {
        var lines = ["", "\(entity.name).csv: \(entity.about)."]
        if entity.idKind != nil { lines.append("  id: this row's id") }
        for field in entity.fields {
            var line = "  \(field.name): \(field.kind.summary.description)"
            if field.optional { line += ", may be empty" }
            if !field.about.isEmpty { line += " (\(field.about))" }
            lines.append(line)
        }
        return lines.joined(separator: "\r\n")
    }
}
