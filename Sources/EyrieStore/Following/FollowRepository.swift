import EyrieCore
import Foundation
import PostgresNIO

/// What a member can follow.
public enum FollowTarget: Sendable, Equatable, Hashable {
    case challenge(Int64), idea(Int64), workshop(Int64), offering(Int64), discussion(Int64), resource(Int64)

    var column: String {
        switch self {
        case .challenge: "challenge_id"
        case .idea: "idea_id"
        case .workshop: "workshop_id"
        case .offering: "offering_id"
        case .discussion: "thread_id"
        case .resource: "resource_id"
        }
    }

    public var id: Int64 {
        switch self {
        case .challenge(let id), .idea(let id), .workshop(let id), .offering(let id), .discussion(let id), .resource(let id): id
        }
    }
}

/// Following: members follow challenges, ideas, workshops and offerings (authors and co-authors follow their ideas
/// from the start), and every change to them is told to their followers in the change's own transaction.
public struct FollowRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// Follows (once: a second follow changes nothing).
    public func follow(_ target: FollowTarget, memberID: Int64, communityID: Int64) async throws {
        try await db.client.withConnection { connection in
            try await Self.starts(connection, target, memberID: memberID, communityID: communityID, logger: db.logger)
        }
    }

    public func unfollow(_ target: FollowTarget, memberID: Int64) async throws {
        try await db.client.query("""
            DELETE FROM follows WHERE \(unescaped: target.column) = \(target.id) AND member_id = \(memberID)
            """, logger: db.logger)
    }

    public func isFollowing(_ target: FollowTarget, memberID: Int64) async throws -> Bool {
        try await standing(target, memberID: memberID).following
    }

    public func followers(_ target: FollowTarget) async throws -> Int {
        try await standing(target, memberID: 0).followers
    }

    /// How many follow the target, and whether `memberID` is one of them: one statement for the follow button.
    /// How many follow something, and whether the viewer does.
    public struct Standing: Sendable, Equatable {
        public var followers: Int
        public var following: Bool
    }

    public func standing(_ target: FollowTarget, memberID: Int64) async throws -> Standing {
        let rows = try await db.client.query("""
            SELECT count(*)::int8, coalesce(bool_or(member_id = \(memberID)), false) FROM follows
            WHERE \(unescaped: target.column) = \(target.id)
            """, logger: db.logger)
        for try await (count, following) in rows.decode((Int64, Bool).self) {
            return Standing(followers: Int(count), following: following)
        }
        return Standing(followers: 0, following: false)
    }

    /// Something the member follows, with its title.
    public struct Followed: Sendable {
        public var title: String
        public var target: FollowTarget
    }

    /// What the member follows, newest first.
    public func list(memberID: Int64, limit: Int = 100) async throws -> [Followed] {
        let rows = try await db.client.query("""
            SELECT coalesce(c.title, i.title, w.title, o.name, t.title, r.title), f.challenge_id, f.idea_id, f.workshop_id,
                   f.offering_id, f.thread_id, f.resource_id
            FROM follows f
            LEFT JOIN challenges c ON c.id = f.challenge_id LEFT JOIN ideas i ON i.id = f.idea_id
            LEFT JOIN workshops w ON w.id = f.workshop_id LEFT JOIN offerings o ON o.id = f.offering_id
            LEFT JOIN threads t ON t.id = f.thread_id LEFT JOIN resources r ON r.id = f.resource_id
            WHERE f.member_id = \(memberID) ORDER BY f.created_at DESC LIMIT \(limit)
            """, logger: db.logger)
        var list: [Followed] = []
        for try await (title, challenge, idea, workshop, offering, thread, resource) in rows.decode(
            (String, Int64?, Int64?, Int64?, Int64?, Int64?, Int64?).self) {
            let target: FollowTarget = if let challenge { .challenge(challenge) } else if let idea { .idea(idea) }
                else if let workshop { .workshop(workshop) } else if let offering { .offering(offering) }
                else if let thread { .discussion(thread) } else { .resource(resource ?? 0) }
            list.append(Followed(title: title, target: target))
        }
        return list
    }

    /// Tells the target's followers (but `actor`, who made the change) about it, inside the change's transaction:
    /// once per member and link in one transaction (a member who follows and contributes hears it once), and only
    /// while they may still see the community (a private one: while they are in it).
    static func tellFollowers(_ connection: PostgresConnection, _ target: FollowTarget, except actor: Int64?,
                              kind: String, telling body: Phrase, link: String, ideaID: Int64? = nil,
                              offeringID: Int64? = nil, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO notifications (member_id, community_id, kind, idea_id, offering_id, body, phrase, link)
            SELECT f.member_id, f.community_id, \(kind), \(ideaID), \(offeringID), \(body.description),
                   \(body.stored)::jsonb, \(link)
            FROM follows f JOIN communities c ON c.id = f.community_id
            WHERE f.\(unescaped: target.column) = \(target.id) AND f.member_id IS DISTINCT FROM \(actor)
              AND (c.visibility = 'open' OR EXISTS (
                  SELECT 1 FROM memberships ms WHERE ms.community_id = c.id AND ms.member_id = f.member_id
                     AND ms.status = 'active'))
              AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.member_id = f.member_id AND n.link = \(link)
                              AND n.created_at = now())
            """, logger: logger)
    }

    /// The member follows the target from now on, inside the caller's transaction (the asker and those who reply
    /// follow a discussion; whoever writes a version of a resource follows it).
    static func starts(_ connection: PostgresConnection, _ target: FollowTarget, memberID: Int64, communityID: Int64,
                       logger: Logger) async throws {
        let column = target.column
        try await connection.query("""
            INSERT INTO follows (member_id, community_id, \(unescaped: column)) VALUES (\(memberID), \(communityID), \(target.id))
            ON CONFLICT (\(unescaped: column), member_id) WHERE \(unescaped: column) IS NOT NULL DO NOTHING
            """, logger: logger)
    }

    /// The idea's authors follow it (called where authors are set).
    static func authorsFollow(_ connection: PostgresConnection, ideaID: Int64, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO follows (member_id, community_id, idea_id)
            SELECT member_id, community_id, idea_id FROM idea_authors WHERE idea_id = \(ideaID)
            ON CONFLICT (idea_id, member_id) WHERE idea_id IS NOT NULL DO NOTHING
            """, logger: logger)
    }
}
