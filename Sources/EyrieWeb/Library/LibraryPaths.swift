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
    /// Files attached to a resource: added on the resource's page, read and removed by their own address.
    let attachments = Path1<Int64>("/resources/:id/attachments")
    let attachment = Path1<Int64>("/attachments/:id")
    let removeAttachment = Path1<Int64>("/attachments/:id/remove")
    /// The ideas, workshops and offerings a resource is linked to: linked on its page, unlinked one by one.
    let links = Path1<Int64>("/resources/:id/links")
    let unlink = Path2<Int64, Int64>("/resources/:id/links/:link/remove")
}
