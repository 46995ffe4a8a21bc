/// One event of a played scenario as a player lists it: when, what, where, and its params
/// as short JSON text (cut at `paramsLimit` characters with `…`).
public struct PlayEvent: Codable, Sendable, Equatable {
    public var ts: Int64
    public var type: String
    public var page: String?
    public var params: String

    public static let paramsLimit = 60
    /// The most events one `play` lists, whatever a client asks: a scenario replaying a large
    /// recorded file sends its first ones and a count.
    public static let listLimit = 10_000

    public init(ts: Int64, type: String, page: String?, params: String) {
        self.ts = ts
        self.type = type
        self.page = page
        self.params = params.count > Self.paramsLimit ? String(params.prefix(Self.paramsLimit - 1)) + "…" : params
    }
}
