/// The practice's library: a community's resources, their versions and the kinds its stewards add.
struct LibraryPaths: Sendable {
    let index = Path1<String>("/communities/:slug/library")
    let new = Path1<String>("/communities/:slug/library/new")
    let kinds = Path1<String>("/communities/:slug/library/kinds")
    let show = Path1<Int64>("/resources/:id")
    let edit = Path1<Int64>("/resources/:id/edit")
    let history = Path1<Int64>("/resources/:id/history")
    let changes = Path1<Int64>("/resources/:id/changes")
    let restore = Path1<Int64>("/resources/:id/restore")
    let useful = Path1<Int64>("/resources/:id/useful")
    let feature = Path1<Int64>("/resources/:id/feature")
}
