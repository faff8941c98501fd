extension Int {
    /// 1st, 2nd, 3rd, 4th … 11th, 12th, 13th, 21st.
    var ordinal: String {
        let tens = (self / 10) % 10, ones = self % 10
        let suffix = tens == 1 ? "th" : ones == 1 ? "st" : ones == 2 ? "nd" : ones == 3 ? "rd" : "th"
        return "\(self)\(suffix)"
    }
}
