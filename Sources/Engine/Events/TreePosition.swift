/// The most recently begun node of each behaviour-tree level, by id (0: none yet).
///
/// `scope` windows compare the id of their level with the one their state was built under:
/// a different id means a new node began and the window starts empty. A node that ended
/// stays current until the next one of its level begins.
public struct TreePosition: Hashable, Sendable, Codable {
    public var session: Int64 = 0
    public var app: Int64 = 0
    public var scene: Int64 = 0
    public var page: Int64 = 0

    public init(session: Int64 = 0, app: Int64 = 0, scene: Int64 = 0, page: Int64 = 0) {
        self.session = session
        self.app = app
        self.scene = scene
        self.page = page
    }

    public subscript(level: TreeLevel) -> Int64 {
        get {
            switch level {
            case .session: session
            case .app: app
            case .scene: scene
            case .page: page
            }
        }
        set {
            switch level {
            case .session: session = newValue
            case .app: app = newValue
            case .scene: scene = newValue
            case .page: page = newValue
            }
        }
    }
}
