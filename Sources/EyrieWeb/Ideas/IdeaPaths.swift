import EyrieCore

/// Ideas: proposed in a challenge, edited, moved along the funnel, supported, dotted, commented and moderated.
struct IdeaPaths: Sendable {
    let new = Path1<Int64>("/challenges/:id/ideas/new")
    let create = Path1<Int64>("/challenges/:id/ideas")
    let similar = Path1<Int64>("/challenges/:id/ideas/similar")
    let show = Path1<Int64>("/ideas/:id")
    let edit = Path1<Int64>("/ideas/:id/edit")
    let submit = Path1<Int64>("/ideas/:id/submit")
    let withdraw = Path1<Int64>("/ideas/:id/withdraw")
    let shortlist = Path1<Int64>("/ideas/:id/shortlist")
    let decline = Path1<Int64>("/ideas/:id/decline")
    let advance = Path1<Int64>("/ideas/:id/advance")
    let select = Path1<Int64>("/ideas/:id/select")
    let merge = Path1<Int64>("/ideas/:id/merge")
    let hide = Path1<Int64>("/ideas/:id/hide")
    let restore = Path1<Int64>("/ideas/:id/restore")
    let support = Path1<Int64>("/ideas/:id/support")
    let unsupport = Path1<Int64>("/ideas/:id/unsupport")
    let addDot = Path1<Int64>("/ideas/:id/dots/add")
    let removeDot = Path1<Int64>("/ideas/:id/dots/remove")
    let comments = Path1<Int64>("/ideas/:id/comments")
    let hideComment = Path1<Int64>("/comments/:id/hide")
    let restoreComment = Path1<Int64>("/comments/:id/restore")

    /// The address of a lifecycle transition's button.
    func transition(_ action: IdeaAction) -> Path1<Int64>? {
        switch action {
        case .submit: submit
        case .withdraw: withdraw
        case .shortlist: shortlist
        case .decline: decline
        case .advance: advance
        case .select: select
        default: nil
        }
    }
}
