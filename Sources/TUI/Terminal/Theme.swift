/// Every look the workbench uses, by role. `colors256` for capable terminals; `monochrome`
/// (attributes only) for the rest and for `NO_COLOR`.
public struct Theme: Sendable {
    public var text: Style
    public var chrome: Style            // title bar, hint bar
    public var chromeKey: Style         // key names in the hint bar
    public var paneTitle: Style
    public var focusedPaneTitle: Style
    public var border: Style
    public var selection: Style         // selected text, selected list row
    public var listCursor: Style        // current row in an unfocused list
    public var lineNumber: Style
    public var currentLineNumber: Style
    public var errorMark: Style
    public var warningMark: Style
    public var tab: Style
    public var activeTab: Style
    public var dialog: Style
    public var dialogTitle: Style
    public var match: Style
    public var keyword: Style
    public var string: Style
    public var number: Style
    public var comment: Style
    public var key: Style
    public var constant: Style
    public var punctuation: Style

    public static let colors256: Theme = {
        func color(_ foreground: UInt8, _ background: UInt8? = nil, _ attributes: TextAttributes = []) -> Style {
            Style(foreground: .indexed(foreground), background: background.map { .indexed($0) } ?? .terminalDefault,
                  attributes: attributes)
        }
        return Theme(
            text: .plain, chrome: color(252, 236), chromeKey: color(221, 236, .bold),
            paneTitle: color(245, nil, .bold), focusedPaneTitle: color(81, nil, .bold), border: color(240),
            selection: color(231, 25), listCursor: color(231, 238), lineNumber: color(242),
            currentLineNumber: color(250, nil, .bold), errorMark: color(196, nil, .bold), warningMark: color(214, nil, .bold),
            tab: color(245, 235), activeTab: color(231, 238, .bold), dialog: color(252, 237), dialogTitle: color(81, 237, .bold),
            match: color(16, 220), keyword: color(170), string: color(114), number: color(173), comment: color(244, nil, .italic),
            key: color(75), constant: color(209), punctuation: color(248))
    }()

    public static let monochrome: Theme = {
        let plain = Style.plain
        func attrs(_ attributes: TextAttributes) -> Style { Style(attributes: attributes) }
        return Theme(
            text: plain, chrome: attrs(.reverse), chromeKey: attrs([.reverse, .bold]), paneTitle: plain,
            focusedPaneTitle: attrs([.bold, .underline]), border: plain, selection: attrs(.reverse), listCursor: attrs(.underline),
            lineNumber: attrs(.dim), currentLineNumber: attrs(.bold), errorMark: attrs(.bold), warningMark: plain,
            tab: plain, activeTab: attrs([.bold, .underline]), dialog: plain, dialogTitle: attrs(.bold), match: attrs([.reverse, .underline]),
            keyword: attrs(.bold), string: plain, number: plain, comment: attrs(.dim), key: attrs(.bold), constant: plain,
            punctuation: plain)
    }()
}
