import Foundation

/// The matrix's rows for the practice: the library and discussions.
extension AuthorisationMatrixTests {
    static let practiceRoutes: [Route] = {
        let everyone = Dictionary(uniqueKeysWithValues: Who.allCases.map { ($0, Outcome.ok) })
        let resourceForm = ["title": "Welcome checklist", "kind": "tool", "body": "1. Call\n2. Write", "tags": "onboarding",
                            "language": "en"]
        let discussionForm = ["kind": "question", "title": "How do you welcome new members?", "body": "Ideas welcome.",
                              "language": "en"]
        return [
            // The library: read by whoever may see the community, written by its members, curated by its stewards;
            // a private community's library does not exist for anyone outside it.
            Route(method: "GET", path: "/communities/open-guild/library", expect: everyone),
            Route(method: "GET", path: "/communities/open-guild/library?q=checklist&kind=tool&sort=useful", expect: everyone),
            Route(method: "GET", path: "/communities/open-guild/library/new", expect: table(members)),
            Route(method: "POST", path: "/communities/open-guild/library", form: resourceForm, expect: table(members)),
            Route(method: "POST", path: "/communities/open-guild/library/kinds", form: ["name": "Kind {n}"], expect: table(stewards)),
            Route(method: "GET", path: "/resources/{resource}", expect: everyone),
            Route(method: "GET", path: "/resources/{resource}/edit", expect: table(members)),
            Route(method: "POST", path: "/resources/{resource}/edit", form: resourceForm.merging(["version": "1"]) { $1 },
                  expect: table(members)),
            Route(method: "GET", path: "/resources/{resource}/history", expect: everyone),
            Route(method: "GET", path: "/resources/{resource}/changes?from=1&to=1", expect: everyone),
            Route(method: "POST", path: "/resources/{resource}/restore", form: ["version": "1"], expect: table(stewards)),
            Route(method: "POST", path: "/resources/{resource}/useful", form: ["useful": "on"], expect: table(members)),
            Route(method: "POST", path: "/resources/{resource}/feature", form: ["featured": "on"], expect: table(stewards)),
            Route(method: "GET", path: "/resources/{privateResource}", expect: table(stewards, otherwise: .notFound)),
            Route(method: "GET", path: "/resources/{privateResource}/history", expect: table(stewards, otherwise: .notFound)),
            Route(method: "POST", path: "/resources/{privateResource}/useful", expect: table(stewards, otherwise: .notFound)),
            Route(method: "GET", path: "/communities/closed-lab/library", expect: table(stewards, otherwise: .notFound)),
            // Attachments: added by members, read by whoever reads the resource, removed by the member who attached
            // the file (the author here) or a steward; a private community's files do not exist outside it.
            Route(method: "POST", path: "/resources/{resource}/attachments", expect: table(members), upload: true),
            Route(method: "GET", path: "/attachments/{attachment}", expect: everyone),
            Route(method: "POST", path: "/attachments/{attachment}/remove", expect: table([.author, .steward, .admin])),
            Route(method: "POST", path: "/resources/{privateResource}/attachments", expect: table(stewards, otherwise: .notFound),
                  upload: true),
            Route(method: "GET", path: "/attachments/{privateAttachment}", expect: table(stewards, otherwise: .notFound)),
            Route(method: "POST", path: "/attachments/{privateAttachment}/remove", expect: table(stewards, otherwise: .notFound)),
            // Following a resource or a discussion: anyone signed in who may read it; nobody outside a private community.
            Route(method: "POST", path: "/resources/{resource}/follow", expect: table(Set(Who.allCases))),
            Route(method: "POST", path: "/resources/{resource}/unfollow", expect: table(Set(Who.allCases))),
            Route(method: "POST", path: "/resources/{privateResource}/follow", expect: table(stewards, otherwise: .notFound)),
            Route(method: "POST", path: "/discussions/{discussion}/follow", expect: table(Set(Who.allCases))),
            Route(method: "POST", path: "/discussions/{discussion}/unfollow", expect: table(Set(Who.allCases))),
            Route(method: "POST", path: "/discussions/{privateDiscussion}/follow", expect: table(stewards, otherwise: .notFound)),
            // The API reads the library and the discussions as their pages do; a private community's are not there
            // for anyone outside it (an anonymous caller gets 404 too: the API never asks to sign in).
            Route(method: "GET", path: "/api/v1/communities/open-guild/resources?q=checklist&sort=useful", expect: everyone),
            Route(method: "GET", path: "/api/v1/resources/{resource}", expect: everyone),
            Route(method: "GET", path: "/api/v1/resources/{privateResource}",
                  expect: table(stewards, otherwise: .notFound).merging([.anonymous: .notFound]) { $1 }),
            Route(method: "GET", path: "/api/v1/communities/closed-lab/resources",
                  expect: table(stewards, otherwise: .notFound).merging([.anonymous: .notFound]) { $1 }),
            Route(method: "GET", path: "/api/v1/communities/open-guild/discussions?filter=unanswered", expect: everyone),
            Route(method: "GET", path: "/api/v1/discussions/{discussion}", expect: everyone),
            Route(method: "GET", path: "/api/v1/discussions/{privateDiscussion}",
                  expect: table(stewards, otherwise: .notFound).merging([.anonymous: .notFound]) { $1 }),
            // Links to the work: members link a resource to an idea, workshop or offering of its community; the
            // member who linked it ({link}, by the author here) or a steward removes the link.
            Route(method: "POST", path: "/resources/{resource}/links", form: ["address": "/ideas/{idea}"], expect: table(members)),
            Route(method: "POST", path: "/resources/{resource}/links/{link}/remove", expect: table([.author, .steward, .admin])),
            Route(method: "POST", path: "/resources/{privateResource}/links", form: ["address": "/ideas/{idea}"],
                  expect: table(stewards, otherwise: .notFound).merging([.steward: .invalid, .admin: .invalid]) { $1 }),
            // Discussions: read by whoever may see the community, started and replied to by members; the asker (the
            // author here) or a steward marks the answer; facilitators and stewards moderate; a hidden discussion
            // exists only for its author and moderators; a private community's discussions for nobody outside it.
            Route(method: "GET", path: "/communities/open-guild/discussions", expect: everyone),
            Route(method: "GET", path: "/communities/open-guild/discussions?filter=unanswered&q=question", expect: everyone),
            Route(method: "GET", path: "/communities/open-guild/discussions/new", expect: table(members)),
            Route(method: "POST", path: "/communities/open-guild/discussions", form: discussionForm, expect: table(members)),
            Route(method: "GET", path: "/discussions/{discussion}", expect: everyone),
            Route(method: "POST", path: "/discussions/{discussion}/replies", form: ["body": "An answer"], expect: table(members)),
            Route(method: "POST", path: "/discussions/{discussion}/accept", form: ["reply": "{reply}"],
                  expect: table([.author, .steward, .admin])),
            Route(method: "POST", path: "/discussions/{discussion}/lock", form: ["locked": "on"], expect: table(leads)),
            Route(method: "POST", path: "/discussions/{discussion}/hide", form: ["reason": "Off topic"], expect: table(leads)),
            // hidden first (the matrix hides it): only its author and moderators find it
            Route(method: "POST", path: "/discussions/{discussion}/restore",
                  expect: table(leads, otherwise: .notFound).merging([.author: .forbidden, .anonymous: .notFound]) { $1 }),
            Route(method: "POST", path: "/replies/{reply}/hide", form: ["reason": "Rude"], expect: table(leads)),
            Route(method: "POST", path: "/discussions/{discussion}/resource", expect: table(members)),
            Route(method: "GET", path: "/challenges/{challenge}/ideas/new?discussion={discussion}", expect: table(members)),
            Route(method: "POST", path: "/replies/{reply}/restore", expect: table(leads)),
            Route(method: "GET", path: "/discussions/{privateDiscussion}", expect: table(stewards, otherwise: .notFound)),
            Route(method: "POST", path: "/discussions/{privateDiscussion}/replies", form: ["body": "Hi"],
                  expect: table(stewards, otherwise: .notFound)),
            Route(method: "GET", path: "/communities/closed-lab/discussions", expect: table(stewards, otherwise: .notFound)),
        ]
    }()
}
