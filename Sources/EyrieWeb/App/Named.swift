import EyrieCore

/// The core's names for states, kinds and choices are English messages (`label`); `said` is the name in the reader's
/// language. `scripts/messages.py` takes the labels into the catalogue template.
protocol Named {
    var label: String { get }
}

extension Named {
    var said: String { say(Phrase(label)) }
}

extension ChallengePhase: Named {}
extension DigestFrequency: Named {}
extension IdeaSort: Named {}
extension IdeaState: Named {}
extension OfferingState: Named {}
extension OfferingMove: Named {}
extension KpiDirection: Named {}
extension CanvasSection: Named {}
extension WorkshopState: Named {}
extension WorkshopMove: Named {}
extension ActivityKind: Named {}
extension ActivityState: Named {}
extension BlueprintLane: Named {}
extension CommunityRole: Named {}
extension ParticipationLevel: Named {}
extension BulkMemberAction: Named {}
extension UndecidedReason: Named {}
extension AgreedRanking.Method: Named {}
extension ServiceFunnel.Stage: Named {
    /// "12 ideas", "1 offering".
    var counted: String {
        unit == "ideas" ? Dates.count(count, "idea", "ideas") : Dates.count(count, "offering", "offerings")
    }
}

extension ServiceFunnel {
    /// "12 ideas submitted led to 2 launched services." in the reader's language.
    var said: String {
        let submitted = stages.first?.count ?? 0, launched = stages.last?.count ?? 0
        return say(.plural("{ideas} submitted led to {count} launched service.", "{ideas} submitted led to {count} launched services.",
                           count: launched, ["ideas": Dates.count(submitted, "idea", "ideas")]))
    }
}

extension Month {
    /// The months' names, for the catalogue.
    static let spokenNames: [Phrase] = ["January", "February", "March", "April", "May", "June", "July", "August",
                                        "September", "October", "November", "December"]

    /// "December 2026" in the reader's language.
    var said: String { say("\("month", say(Self.spokenNames[number - 1])) \("year", String(year))") }
}
