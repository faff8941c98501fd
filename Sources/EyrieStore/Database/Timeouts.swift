import PostgresNIO

extension PostgresClient.Configuration {
    /// Bounds every wait on the database to about `timeout`: connecting, and on the server side each statement
    /// (`statement_timeout`), each lock wait (`lock_timeout`, half of it, so that a blocked write gives up first) and an
    /// open transaction left idle (`idle_in_transaction_session_timeout`, twice it), so that no stuck transaction holds
    /// its locks for long. Long work (migrations, bulk loads) lifts them with `SET LOCAL`.
    public mutating func boundWaits(to timeout: Duration) {
        let ms = max(Int(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000), 100)
        options.connectTimeout = timeout
        options.additionalStartupParameters += [
            ("statement_timeout", "\(ms)"),
            ("lock_timeout", "\(max(ms / 2, 50))"),
            ("idle_in_transaction_session_timeout", "\(ms * 2)"),
        ]
    }
}
