/// The pseudo-language `en-XA`: every translated text accented, 40 % longer and between markers — "⟦Šîĝñ îñ~~~⟧".
/// A page rendered in it shows at once what escaped translation (plain English outside the markers) and whether
/// longer text breaks a layout. Placeholders `{name}` are kept as they are, so values still fill in.
public enum PseudoLanguage {
    public static let open: Character = "⟦"
    public static let close: Character = "⟧"

    static let accents: [Character: Character] = [
        "a": "á", "b": "ƀ", "c": "ç", "d": "ď", "e": "é", "f": "ƒ", "g": "ĝ", "h": "ĥ", "i": "î", "j": "ĵ", "k": "ķ",
        "l": "ļ", "m": "ɱ", "n": "ñ", "o": "ö", "p": "þ", "r": "ŕ", "s": "š", "t": "ţ", "u": "û", "w": "ŵ", "y": "ý",
        "z": "ž", "A": "Á", "C": "Ç", "D": "Ď", "E": "É", "G": "Ĝ", "H": "Ĥ", "I": "Î", "L": "Ļ", "N": "Ñ", "O": "Ö",
        "R": "Ŕ", "S": "Š", "T": "Ţ", "U": "Û", "W": "Ŵ", "Y": "Ý", "Z": "Ž",
    ]

    public static func localize(_ text: String) -> String {
        guard !text.isEmpty else { return text }
        var out = String(open)
        var inPlaceholder = false
        var letters = 0
        for character in text {
            if character == "{" { inPlaceholder = true }
            if inPlaceholder {
                out.append(character)
                if character == "}" { inPlaceholder = false }
                continue
            }
            if character.isLetter { letters += 1 }
            out.append(accents[character] ?? character)
        }
        // 40 % longer, at least one mark: German and French run that much longer than English.
        out += String(repeating: "~", count: max(1, Int((Double(letters) * 0.4).rounded(.up))))
        out.append(close)
        return out
    }
}
