/// A community's health dashboard for its stewards.
struct HealthPaths: Sendable {
    let show = Path1<String>("/communities/:slug/health")
    /// One of the dashboard's tables as CSV, by the table's name.
    let download = Path2<String, String>("/communities/:slug/health/download/:table")
    let refresh = Path1<String>("/communities/:slug/health/refresh")
    let settings = Path1<String>("/communities/:slug/health/settings")
    let nudges = Path1<String>("/communities/:slug/health/nudges")
}
