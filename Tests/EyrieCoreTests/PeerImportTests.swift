import EyrieCore
import Testing

/// Samples in the peers' own shapes: Fider's posts.csv as its `csv.FromPosts` writes it (and as older versions did),
/// Decidim's open-data proposals CSV as `Exporters::CSV` flattens `OpenDataProposalSerializer` (`;`, `key/sub`).
@Suite struct PeerImportTests {
    static func table(_ text: String, file: String, delimiter: Character) throws -> PeerTable {
        var chunk: [UInt8]? = Array(text.utf8)
        return try PeerTable.read(file: file, delimiter: delimiter) { defer { chunk = nil }; return chunk }
    }

    static let fider = """
        number,title,description,created_at,created_by,votes_count,comments_count,status,responded_by,responded_at,response,original_number,original_title,tags
        10,Go is fast,Very tiny description,2018-03-23T19:33:22Z,Faceless,4,2,declined,John Snow,2018-04-04T19:48:10Z,Nothing we need to do,,,"easy, ignored"
        15,Go is great,,2018-02-21T15:51:35Z,Someone else,4,2,open,,,,,,
        20,Go is easy,,2018-01-12T01:46:59Z,Faceless,4,2,duplicate,Arya Stark,2018-03-17T10:15:42Z,This has already been suggested,15,Go is great,"this-tag-has,comma"
        21,Dark mode,"Two
        lines",2018-01-13T01:46:59Z,Faceless,12,0,completed,Arya Stark,2018-03-17T10:15:42Z,Shipped,,,ui

        """

    static func rows(_ bundle: PeerBundle, _ entity: String) throws -> [[String: String?]] {
        let reading = bundle.reading(fileName: "x")
        var out: [[String: String?]] = []
        while let next = try reading.nextEntity() {
            while let row = try reading.nextRow() {
                guard next.name == entity else { continue }
                guard case .row(let staged) = row else { Issue.record("refused: \(row)"); continue }
                var values: [String: String?] = ["id": staged.id]
                for (field, value) in zip(next.fields, staged.values) { values[field.name] = value }
                out.append(values)
            }
        }
        return out
    }

    @Test func fiderPostsBecomeIdeasWithStatesVotesTagsAndMerges() throws {
        let bundle = try FiderPosts.bundle(try Self.table(Self.fider, file: "posts.csv", delimiter: ","),
                                           organisation: "Fider users", challenge: nil)
        let ideas = try Self.rows(bundle, "ideas")
        #expect(ideas.map { $0["state"]! } == ["declined", "submitted", "merged", "selected"])
        #expect(ideas[2]["merged_into"]! == "fider/post/15")
        #expect(ideas.map { $0["imported_supports"]! } == ["4", "4", "4", "12"])
        #expect(ideas[0]["tags"]! == #"["easy","ignored"]"#)
        #expect(ideas[3]["body"]! == "Two\nlines")
        #expect(try Self.rows(bundle, "members").map { $0["name"]! } == ["Faceless", "John Snow", "Someone else", "Arya Stark"])
        #expect(bundle.report.contains("  status duplicate → merged: 1"))
        let answers = try Self.rows(bundle, "idea_events")
        #expect(answers.map { $0["reason"]! } == ["Nothing we need to do", "This has already been suggested", "Shipped"])
    }

    @Test func olderFiderHeadersAndCapitalisedStatusesAreRead() throws {
        let old = """
            number,title,description,created_at,created_by,total_votes,total_comments,status,responded_by,responded_at,response,original_number,original_title,tags
            10,Go is fast,Very tiny description,2018-03-23T19:33:22Z,Faceless,4,2,Declined,John Snow,2018-04-04T19:48:10Z,Nothing we need to do,,,"easy, ignored"
            15,Go is great,,2018-02-21T15:51:35Z,Someone else,7,2,Open,,,,,,

            """
        let bundle = try FiderPosts.bundle(try Self.table(old, file: "posts.csv", delimiter: ","), organisation: "F", challenge: nil)
        #expect(try Self.rows(bundle, "ideas").map { $0["state"]! } == ["declined", "submitted"])
        #expect(try Self.rows(bundle, "ideas").map { $0["imported_supports"]! } == ["4", "7"])
    }

    @Test func fiderFileWithAnUnknownStatusNamesRowAndColumn() throws {
        let bad = Self.fider.replacingOccurrences(of: ",open,", with: ",maybe,")
        #expect {
            _ = try FiderPosts.bundle(try Self.table(bad, file: "posts.csv", delimiter: ","), organisation: "F", challenge: nil)
        } throws: { error in
            (error as? ImportRefused)?.problems.listed.first?.description.hasPrefix("posts.csv, row 3, column status: is \"maybe\"") == true
        }
    }

    static let decidimHeader = "id;author/id;author/name;author/url;taxonomies/id;taxonomies/name/en;participatory_space/id;"
        + "participatory_space/url;component/id;title/en;title/machine_translations/es;body/en;address;latitude;longitude;"
        + "state;state_published_at;reference;answer/en;answered_at;votes;likes/total_count;likes/user_likes;comments;"
        + "follows_count;published_at;url;meeting_urls;related_proposals;is_amend;original_proposal/title;"
        + "original_proposal/url;withdrawn;withdrawn_at;created_at;updated_at;created_in_meeting;coauthorships_count;cost;"
        + "cost_report;execution_period"

    static let decidim = decidimHeader + "\n" + [
        "101;7, 9;Ana Ruiz, Ben Okafor;http://x/profiles/ana, http://x/profiles/ben;3;Mobility;1;http://x/p/1;12;"
            + "More bike lanes;Más carriles bici;\"Safer routes; near schools.\";;;;accepted;2024-02-01 09:00:00 UTC;"
            + "D-PROP-101;Approved for 2025;2024-02-01 09:00:00 UTC;42;3;Carla;5;7;2024-01-15 10:23:45 UTC;"
            + "http://x/proposals/101;;;false;;;false;;2024-01-15 10:20:00 UTC;2024-02-01 09:00:00 UTC;false;2;;;",
        "102;8;Carla Diaz;http://x/profiles/carla;;;1;http://x/p/1;12;;Plantar árboles;Trees on every street;;;;"
            + "rejected;;D-PROP-102;;;3;0;;0;1;2024-01-16 11:00:00 UTC;http://x/proposals/102;;;false;;;false;;"
            + "2024-01-16 11:00:00 UTC;2024-01-20 11:00:00 UTC;false;1;;;",
        "103;8;Carla Diaz;http://x/profiles/carla;;;1;http://x/p/1;12;Night buses;;More night buses;;;;evaluating;;"
            + "D-PROP-103;;;0;0;;0;0;2024-01-17 11:00:00 +0100;http://x/proposals/103;;;false;;;true;"
            + "2024-01-18 11:00:00 UTC;2024-01-17 11:00:00 UTC;2024-01-18 11:00:00 UTC;false;1;;;",
    ].joined(separator: "\n") + "\n"

    @Test func decidimProposalsBecomeIdeasWithAuthorsStatesAndVotes() throws {
        let bundle = try DecidimProposals.bundle(try Self.table(Self.decidim, file: "x-open-data-proposals.csv", delimiter: ";"),
                                                 language: "en", organisation: "Decidim participants", challenge: "Mobility 2024")
        let ideas = try Self.rows(bundle, "ideas")
        #expect(ideas.map { $0["state"]! } == ["selected", "declined", "withdrawn"])
        #expect(ideas.map { $0["title"]! } == ["More bike lanes", "Plantar árboles", "Night buses"])
        #expect(ideas.map { $0["imported_supports"]! } == ["42", "3", "0"])
        #expect(ideas[2]["created_at"]! == "2024-01-17T11:00:00+01:00")
        #expect(ideas[0]["tags"]! == #"["mobility"]"#)
        let authors = try Self.rows(bundle, "idea_authors")
        #expect(authors.filter { $0["idea"]! == "decidim/proposal/101" }.map { $0["member"]! }
                == ["decidim/member/user-7", "decidim/member/user-9"])
        #expect(try Self.rows(bundle, "challenges").map { $0["title"]! } == ["Mobility 2024"])
        #expect(bundle.report.contains("  state accepted → selected: 1"))
    }

    @Test func olderDecidimColumnsAreRead() throws {
        let old = "id;category/id;category/name/ca;title/ca;body/ca;state;reference;answer/ca;supports;endorsements/total_count;"
            + "comments;published_at\n"
            + "5;1;Mobilitat;Més bicis;Carrils segurs;withdrawn;D-5;;9;2;0;2020-05-01 10:00:00 UTC\n"
        let bundle = try DecidimProposals.bundle(try Self.table(old, file: "proposals.csv", delimiter: ";"),
                                                 language: nil, organisation: "D", challenge: nil)
        let ideas = try Self.rows(bundle, "ideas")
        #expect(ideas.map { $0["state"]! } == ["withdrawn"])
        #expect(ideas.map { $0["title"]! } == ["Més bicis"])
        #expect(ideas.map { $0["imported_supports"]! } == ["9"])
    }

    static let bilingual = "id;title/en;title/ca;body/en;body/ca;state;published_at\n"
        + "1;Bike lanes;Carrils bici;Safer routes;Rutes segures;;2024-01-01 10:00:00 UTC\n"
        + "2;Night buses;Busos nocturns;Later buses;Busos més tard;;2024-01-02 10:00:00 UTC\n"
        + "3;;Arbres;;Més arbres;;2024-01-03 10:00:00 UTC\n"

    @Test func decidimFileIsReadInItsFirstTitleLanguageForEveryRow() throws {
        let bundle = try DecidimProposals.bundle(try Self.table(Self.bilingual, file: "p.csv", delimiter: ";"),
                                                 language: nil, organisation: "D", challenge: nil)
        let ideas = try Self.rows(bundle, "ideas")
        // English is the file's first title column: every proposal that has English is read in English, even
        // though "ca" comes first alphabetically; the one without English says where its text came from.
        #expect(ideas.map { $0["title"]! } == ["Bike lanes", "Night buses", "Arbres"])
        #expect(ideas.map { $0["body"]! } == ["Safer routes", "Later buses", "Més arbres"])
        #expect(bundle.report.contains("  titles, bodies, answers and categories read in en, the same for every proposal"))
        #expect(bundle.report.contains("  title not given in en: taken from title/ca: 1"))
    }

    @Test func decidimLanguageAskedForIsUsedForEveryRow() throws {
        let bundle = try DecidimProposals.bundle(try Self.table(Self.bilingual, file: "p.csv", delimiter: ";"),
                                                 language: "ca", organisation: "D", challenge: nil)
        #expect(try Self.rows(bundle, "ideas").map { $0["title"]! } == ["Carrils bici", "Busos nocturns", "Arbres"])
    }

    @Test func decidimLanguageTheFileLacksIsRefusedWithTheLanguagesItHas() throws {
        #expect {
            _ = try DecidimProposals.bundle(try Self.table(Self.bilingual, file: "p.csv", delimiter: ";"),
                                            language: "fr", organisation: "D", challenge: nil)
        } throws: { error in
            (error as? ImportRefused)?.problems.listed.first?.description
                == "p.csv, row 1, column title/fr: is missing: the file's titles are in en, ca"
        }
    }

    @Test func rubyAndRFC3339TimesBecomeISO() {
        #expect(PeerTime.iso("2024-01-15 10:23:45 UTC") == "2024-01-15T10:23:45Z")
        #expect(PeerTime.iso("2024-01-15 10:23:45 +0530") == "2024-01-15T10:23:45+05:30")
        #expect(PeerTime.iso("2018-03-23T19:33:22Z") == "2018-03-23T19:33:22Z")
        #expect(PeerTime.iso("yesterday") == nil)
    }
}
