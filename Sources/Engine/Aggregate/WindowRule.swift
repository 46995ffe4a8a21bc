/// How a window admits and forgets events, in the units the states work in.
enum WindowRule: Sendable {
    case sliding(milliseconds: Int64)
    case lastN(Int)
    case tumbling(milliseconds: Int64)
    case lifetime
    case scope(TreeLevel)

    init(_ window: Window) {
        switch window {
        case .sliding(let d): self = .sliding(milliseconds: max(1, d.milliseconds))
        case .tumbling(let d): self = .tumbling(milliseconds: max(1, d.milliseconds))
        case .lastN(let n): self = .lastN(max(1, n))
        case .lifetime: self = .lifetime
        case .scope(let level): self = .scope(level)
        }
    }

    /// Sliding and last-N windows drop single events; the others only reset as a whole.
    var expiresEvents: Bool {
        switch self {
        case .sliding, .lastN: true
        case .tumbling, .lifetime, .scope: false
        }
    }

    /// What a resetting window's contents belong to at time `t`: the tumbling bucket start or
    /// the scope node id. A state whose epoch differs starts empty.
    func epoch(at t: Int64, position: TreePosition) -> Int64 {
        switch self {
        case .tumbling(let d):
            // Floor division, so buckets stay epoch-aligned before 1970 too.
            let q = t / d
            let (start, overflow) = (t % d < 0 ? q - 1 : q).multipliedReportingOverflow(by: d)
            return overflow ? .min : start
        case .scope(let level): return position[level]
        case .sliding, .lastN, .lifetime: return 0
        }
    }
}
