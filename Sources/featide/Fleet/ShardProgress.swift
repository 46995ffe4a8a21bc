import Foundation

/// Progress of a shard process for the driver: `@progress {...}` lines on stderr (the Ray
/// task relays them), at most four a second plus the first and the last.
struct ShardProgress {
    let devicesTotal: Int
    private(set) var devicesDone = 0
    private(set) var events = 0
    private var lastReport = ContinuousClock.now

    init(devicesTotal: Int) {
        self.devicesTotal = devicesTotal
        report()
    }

    mutating func deviceDone(events: Int) {
        devicesDone += 1
        self.events += events
        let now = ContinuousClock.now
        if devicesDone == devicesTotal || now - lastReport >= .milliseconds(250) {
            lastReport = now
            report()
        }
    }

    private func report() {
        printError("@progress {\"devices_total\":\(devicesTotal),\"devices_done\":\(devicesDone),\"events\":\(events)}")
    }
}

/// Deterministic failure injection for the retry test: `FEATIDE_SHARD_FAIL_ONCE=K:MARKER`
/// kills the shard process of partition K half-way, once — the first attempt creates
/// MARKER, so the retried attempt runs through.
enum ShardFailureInjection {
    static func dieIfAsked(partition: Int, devicesDone: Int, devicesTotal: Int) {
        guard let spec = ProcessInfo.processInfo.environment["FEATIDE_SHARD_FAIL_ONCE"],
              let colon = spec.firstIndex(of: ":"), Int(spec[..<colon]) == partition,
              devicesDone == devicesTotal / 2 else { return }
        let marker = String(spec[spec.index(after: colon)...])
        guard !FileManager.default.fileExists(atPath: marker),
              FileManager.default.createFile(atPath: marker, contents: Data("failed once\n".utf8)) else { return }
        printError("shard \(partition): killed on purpose (FEATIDE_SHARD_FAIL_ONCE)")
        kill(getpid(), SIGKILL)
    }
}
