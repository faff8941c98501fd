/// How a discussion reads once kept in the library: the question, the answer that solved it (when one was marked),
/// and where it came from. Written in Markdown, in the discussion's own words.
public enum DiscussionKeeping {
    public static func resourceText(question: String, answer: String?, discussionLink: String) -> String {
        var text = question
        if let answer { text += "\n\n---\n\n" + answer }
        text += "\n\n[→](\(discussionLink))"
        return String(text.prefix(ResourceDraft.maxBody))
    }

    /// An idea's fields taken from a discussion: its title (cut to fit), a summary from its first words, and its text
    /// followed by the accepted answer.
    public static func ideaFields(title: String, question: String, answer: String?) -> [String: String] {
        let flat = question.split(whereSeparator: { $0.isNewline }).joined(separator: " ")
        let summary = flat.count > 300 ? String(flat.prefix(297)) + "…" : flat
        var body = question
        if let answer { body += "\n\n" + answer }
        return ["title": String(title.prefix(140)), "summary": summary, "body": String(body.prefix(10_000))]
    }
}
