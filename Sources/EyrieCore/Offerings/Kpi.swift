import Foundation

/// Which way a KPI should move.
public enum KpiDirection: String, Sendable, Hashable, CaseIterable {
    case higher, lower

    public var label: String { self == .higher ? "Higher is better" : "Lower is better" }
}

/// One dated value of a KPI.
public struct KpiMeasurement: Sendable, Hashable {
    /// The day it was measured (`yyyy-mm-dd`, UTC midnight).
    public var day: Date
    public var value: Double

    public init(day: Date, value: Double) { self.day = day; self.value = value }
}

/// A key performance indicator of an offering, with its measurements.
public struct Kpi: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var unit: String
    public var direction: KpiDirection
    public var baseline: Double
    public var target: Double?
    public var measurements: [KpiMeasurement]

    public init(id: Int64, name: String, unit: String, direction: KpiDirection, baseline: Double, target: Double?,
                measurements: [KpiMeasurement] = []) {
        self.id = id; self.name = name; self.unit = unit; self.direction = direction; self.baseline = baseline
        self.target = target; self.measurements = measurements.sorted { $0.day < $1.day }
    }

    /// The most recent measurement.
    public var latest: KpiMeasurement? { measurements.last }

    /// How far the latest value has come from the baseline to the target, in percent (0 at the baseline, 100 at the
    /// target; below 0 when it went the wrong way, above 100 past the target). Nil without a target or a measurement.
    /// When baseline and target are equal, the target is met (100) or missed (0) by the direction.
    public var progress: Double? {
        guard let target, let latest else { return nil }
        return Self.progress(value: latest.value, baseline: baseline, target: target, direction: direction)
    }

    public static func progress(value: Double, baseline: Double, target: Double, direction: KpiDirection) -> Double {
        if target == baseline {
            let met = direction == .higher ? value >= target : value <= target
            return met ? 100 : 0
        }
        return (value - baseline) / (target - baseline) * 100
    }

    /// The latest value reaches the target in the wanted direction.
    public var isMet: Bool {
        guard let target, let latest else { return false }
        return direction == .higher ? latest.value >= target : latest.value <= target
    }

    /// `12.5 min`, `80 %`, `1,200 users`: a value with its unit, without needless decimals.
    public func format(_ value: Double, style: NumberStyle = .english) -> String {
        let number = Self.number(value, style: style)
        if unit.isEmpty { return number }
        return unit == "%" ? number + style.beforePercent + "%" : "\(number) \(unit)"
    }

    /// `1,235`, `12.25`, `-0.5` (`1 235`, `12,25` in French): thousands grouped, two decimals at most (none from 100
    /// up), no trailing zeros. Written out by hand: Foundation's formatter cost more than the rest of a KPI's row.
    public static func number(_ value: Double, style: NumberStyle = .english) -> String {
        guard value.isFinite else { return "–" }
        let decimals = abs(value) >= 100 ? 0 : 2
        let scale = decimals == 0 ? 1.0 : 100.0
        let scaled = Int64((abs(value) * scale).rounded())
        var fraction = decimals == 0 ? "" : String(scaled % 100)
        if !fraction.isEmpty {
            if fraction.count == 1 { fraction = "0" + fraction }
            while fraction.hasSuffix("0") { fraction.removeLast() }
        }
        let sign = value < 0 && scaled != 0 ? "-" : ""
        return sign + style.whole(Int(scaled / Int64(scale))) + (fraction.isEmpty ? "" : style.decimal + fraction)
    }
}

/// A KPI as typed on its form.
public struct KpiDraft: Sendable, Equatable {
    public var name: String
    public var unit: String
    public var direction: KpiDirection
    public var baseline: Double
    public var target: Double?

    public init(name: String, unit: String, direction: KpiDirection, baseline: Double, target: Double?) {
        self.name = name; self.unit = unit; self.direction = direction; self.baseline = baseline; self.target = target
    }

    public static func validate(_ form: [String: String]) throws -> KpiDraft {
        var errors: [FieldError] = []
        let name = TextRule("name", "Name", min: 2, max: 120).check(form["name"], into: &errors)
        let unit = TextRule("unit", "Unit", required: false, max: 20).check(form["unit"], into: &errors)
        let direction = KpiDirection(rawValue: form["direction"] ?? "")
        if direction == nil { errors.append(.init("direction", "Say whether higher or lower is better")) }
        let baseline = Number.parse(form["baseline"], field: "baseline", label: "the baseline", required: true, into: &errors)
        let target = Number.parse(form["target"], field: "target", label: "the target", required: false, into: &errors)
        guard errors.isEmpty, let direction, let baseline else { throw ValidationErrors(errors) }
        return KpiDraft(name: name, unit: unit, direction: direction, baseline: baseline, target: target)
    }
}

/// A measurement as typed on its form.
public struct MeasurementDraft: Sendable, Equatable {
    public var day: Date
    public var value: Double

    public init(day: Date, value: Double) { self.day = day; self.value = value }

    public static func validate(_ form: [String: String], today: Date = Date()) throws -> MeasurementDraft {
        var errors: [FieldError] = []
        let day = Day.parse(form["day"])
        if day == nil {
            errors.append(.init("day", "Enter the day it was measured, like 2026-12-01"))
        } else if day! > today {
            errors.append(.init("day", "Enter a day that has come, not one in the future"))
        }
        let value = Number.parse(form["value"], field: "value", label: "the value", required: true, into: &errors)
        guard errors.isEmpty, let day, let value else { throw ValidationErrors(errors) }
        return MeasurementDraft(day: day, value: value)
    }
}

/// Decimal numbers typed on forms: `12`, `-3.5`, `1,200` or `1 200` (thousands separated), `12,5` (a decimal comma).
public enum Number {
    /// The largest magnitude a measure takes (fits PostgreSQL's `numeric(16,4)`).
    public static let limit = 1e12

    public static func parse(_ raw: String?, field: String, label: String, required: Bool,
                             into errors: inout [FieldError]) -> Double? {
        // Spaces of any width group thousands (`12 345` as French writes it).
        var text = String((raw ?? "").trimmingWhitespace().filter { $0 != " " && $0 != "\u{00A0}" && $0 != "\u{202F}" })
        if text.isEmpty {
            if required { errors.append(.init(field, "Enter \("label", label)")) }
            return nil
        }
        let commas = text.filter { $0 == "," }.count
        if commas == 1 && !text.contains(".") && text.split(separator: ",").last?.count != 3 {
            text = text.replacingOccurrences(of: ",", with: ".")
        } else {
            text = text.replacingOccurrences(of: ",", with: "")
        }
        guard text.count <= 24, let value = Double(text), value.isFinite, abs(value) < limit else {
            errors.append(.init(field, "Enter \("label", label) as a number, like 12 or 4.5"))
            return nil
        }
        return value
    }
}
