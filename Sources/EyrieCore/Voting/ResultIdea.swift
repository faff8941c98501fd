/// An idea as the results see it: its number, title and stage, and the supports and dots it gathered. No summary, tags,
/// authors or dates: the results page reads every idea of the challenge on each view, so its row is kept narrow.
public struct ResultIdea: Sendable, Hashable {
    public var id: Int64
    public var title: String
    public var state: IdeaState
    public var supportCount: Int
    public var dotCount: Int

    public init(id: Int64, title: String, state: IdeaState, supportCount: Int = 0, dotCount: Int = 0) {
        self.id = id
        self.title = title
        self.state = state
        self.supportCount = supportCount
        self.dotCount = dotCount
    }

    public init(_ idea: IdeaSummary) {
        self.init(id: idea.id, title: idea.title, state: idea.state, supportCount: idea.supportCount, dotCount: idea.dotCount)
    }
}
