/// Where an idea's page, its buttons and its neighbours are, for its templates (`{{links.support}}`).
struct IdeaLinks {
    var show: String
    var edit: String
    var challenge: String
    var support: String
    var unsupport: String
    var addDot: String
    var removeDot: String
    var comments: String
    var submit: String
    var withdraw: String
    var shortlist: String
    var decline: String
    var advance: String
    var select: String
    var merge: String
    var hide: String
    var restore: String
    var scorecard: String
    var reviews: String

    init(id: Int64, challengeID: Int64) {
        let ideas = Site.ideas
        show = ideas.show(id)
        edit = ideas.edit(id)
        challenge = Site.challenges.show(challengeID)
        support = ideas.support(id)
        unsupport = ideas.unsupport(id)
        addDot = ideas.addDot(id)
        removeDot = ideas.removeDot(id)
        comments = ideas.comments(id)
        submit = ideas.submit(id)
        withdraw = ideas.withdraw(id)
        shortlist = ideas.shortlist(id)
        decline = ideas.decline(id)
        advance = ideas.advance(id)
        select = ideas.select(id)
        merge = ideas.merge(id)
        hide = ideas.hide(id)
        restore = ideas.restore(id)
        scorecard = Site.voting.scorecard(id)
        reviews = Site.voting.reviews(challengeID)
    }
}
