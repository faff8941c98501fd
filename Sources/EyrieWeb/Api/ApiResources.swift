import EyrieCore
import EyrieStore
import Foundation

/// What the JSON API returns: the resources of `web/api/openapi.json`, in its field names (snake_case).
enum ApiResources {
    struct CommunityItem: Encodable {
        var slug: String
        var name: String
        var domain: String
        var visibility: String
        var members: Int
        var url: String

        init(_ c: Community) {
            slug = c.slug; name = c.name; domain = c.domain; visibility = c.visibility.rawValue
            members = c.memberCount; url = Site.api.community(c.slug)
        }
    }

    struct ChallengeItem: Encodable {
        var id: Int64
        var community: String
        var title: String
        var question: String
        var problem: String
        var sponsor: String
        var phase: String
        var opens_at: Date
        var voting_at: Date
        var review_at: Date
        var closes_at: Date
        var ideas: Int

        init(_ c: Challenge, community: String) {
            id = c.id; self.community = community; title = c.title; question = c.question; problem = c.problem
            sponsor = c.sponsorName; phase = c.phase().rawValue; opens_at = c.schedule.opensAt
            voting_at = c.schedule.votingAt; review_at = c.schedule.reviewAt; closes_at = c.schedule.closesAt
            ideas = c.ideaCount
        }
    }

    struct IdeaItem: Encodable {
        var id: Int64
        var challenge_id: Int64
        var title: String
        var summary: String
        var state: String
        var tags: [String]
        var authors: [String]
        var supports: Int
        var comments: Int
        var dots: Int
        var created_at: Date

        init(_ i: IdeaSummary) {
            id = i.id; challenge_id = i.challengeID; title = i.title; summary = i.summary; state = i.state.rawValue
            tags = i.tags; authors = i.authorNames; supports = i.supportCount; comments = i.commentCount
            dots = i.dotCount; created_at = i.createdAt
        }
    }

    struct IdeaPage: Encodable {
        var ideas: [IdeaItem]
        var total: Int
        var next: String?
    }

    struct Person: Encodable {
        var id: Int64
        var name: String
        var organisation: String
    }

    struct IdeaDetail: Encodable {
        var id: Int64
        var challenge_id: Int64
        var title: String
        var summary: String
        var body: String
        var state: String
        var tags: [String]
        var authors: [Person]
        var supports: Int
        var comments: Int
        var dots: Int
        var merged_into: Int64?
        var created_at: Date

        init(_ i: Idea) {
            id = i.id; challenge_id = i.challengeID; title = i.title; summary = i.summary; body = i.body
            state = i.state.rawValue; tags = i.tags
            authors = i.authors.map { Person(id: $0.id, name: $0.name, organisation: $0.organisationName) }
            supports = i.supportCount; comments = i.commentCount; dots = i.dotCount; merged_into = i.mergedIntoID
            created_at = i.createdAt
        }
    }

    struct CommentItem: Encodable {
        var id: Int64
        var idea_id: Int64
        var parent_id: Int64?
        var author: String
        var body: String
        var created_at: Date
    }

    struct ResultRow: Encodable {
        var idea: IdeaItem
        var pairwise_score: Double?
        var scorecard_mean: Double?
    }

    struct Results: Encodable {
        var challenge_id: Int64
        var funnel: [String: Int]
        var by_supports: [ResultRow]
        var by_dots: [ResultRow]
        var by_pairwise: [ResultRow]
        var pairwise_answers: Int
        var agreed_ranking: [AgreedRow]
        var agreed_rule: String
    }

    struct AgreedRow: Encodable {
        var idea: IdeaItem
        var rank: Int
        var score: Double
        var methods: [String]
    }

    struct WorkshopItem: Encodable {
        var id: Int64
        var community: String
        var challenge_id: Int64?
        var title: String
        var purpose: String
        var state: String
        var starts_at: Date
        var ends_at: Date
        var time_zone: String
        var place: String
        var capacity: Int
        var seats_taken: Int
        var waiting: Int

        init(_ w: Workshop, community: String) {
            id = w.id; self.community = community; challenge_id = w.challengeID; title = w.title; purpose = w.purpose
            state = w.state.rawValue; starts_at = w.startsAt; ends_at = w.endsAt; time_zone = w.timeZone
            place = w.place; capacity = w.capacity; seats_taken = w.seatsTaken; waiting = w.waiting
        }
    }

    struct OfferingItem: Encodable {
        var id: Int64
        var community: String
        var challenge_id: Int64?
        var name: String
        var promise: String
        var segment: String
        var state: String
        var progress: Int
        var owner: String
        var organisation: String
        var updated_at: Date

        init(_ o: Offering, community: String) {
            id = o.id; self.community = community; challenge_id = o.challengeID; name = o.name; promise = o.promise
            segment = o.segment; state = o.state.rawValue; progress = o.progress; owner = o.ownerName
            organisation = o.organisationName; updated_at = o.updatedAt
        }
    }

    struct Pair: Encodable {
        var prompt: String?
        var left: IdeaItem?
        var right: IdeaItem?
        var answered: Int
    }

    struct Done: Encodable {
        var ok: Bool
        var message: String
    }

    struct Created: Encodable {
        var id: Int64
        var url: String
    }

    struct List<Item: Encodable>: Encodable {
        var items: [Item]
    }
}
