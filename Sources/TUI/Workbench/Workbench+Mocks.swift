import EngineProtocol
import Foundation

/// What the Mocks pane shows: the scenario player, a play asked of the engine, or the last
/// run of every scenario (F7).
struct MocksState {
    var player: ScenarioPlayer?
    /// A play asked of the engine and not answered yet (a breakpoint may hold it).
    var requested: String?
    /// The records and verdicts column scrolled back this many lines from the newest.
    var scrollBack = 0
    /// F7's report is shown instead of the player until a scenario is played again.
    var showsRunAll = false
    /// The speed the player plays at (chosen before a play too).
    var speed = ScenarioPlayer.Speed.x10
}

/// The Mocks pane: the project's scenarios; Enter has the engine play one (on its own
/// pipeline and virtual clock) and the player here replays what it recorded — play / pause,
/// step one event, step back, speed, the cursor on the event timeline, records and verdicts
/// appearing at their times. F7 runs them all with failures listed in Problems at the
/// expectation's file:line.
extension Workbench {
    /// Scenario names by file, read from `mocks/` (documents of kind `scenario`) when the
    /// project's files last changed, not on every frame.
    var scenarioNames: [String] {
        if let scenarioNamesRead { return scenarioNamesRead }
        let names = ScenarioResults.scenarios(in: root)
        scenarioNamesRead = names
        return names
    }

    func mocksKey(_ key: Key) {
        let names = scenarioNames
        switch key {
        case .up: mockSelection = max(0, mockSelection - 1)
        case .down: mockSelection = min(max(0, names.count - 1), mockSelection + 1)
        case .enter: playSelectedScenario()
        case .character(" "): playerCommand(.playPause)
        case .right: playerCommand(.stepEvent)
        case .left: playerCommand(.stepBackEvent)
        case .character("+"), .character("="): playerCommand(.playFaster)
        case .character("-"): playerCommand(.playSlower)
        case .home: movePlayer { $0.moveToStart() }
        case .end: movePlayer { $0.moveToEnd() }
        case .pageUp: mocks.scrollBack += max(1, layout.problems.height - 2)
        case .pageDown: mocks.scrollBack = max(0, mocks.scrollBack - max(1, layout.problems.height - 2))
        default: break
        }
    }

    /// Asks the engine to play the selected scenario; the player starts when it answers.
    func playSelectedScenario() {
        let names = scenarioNames
        guard names.indices.contains(mockSelection) else { return status = "No scenario to play: mocks/ has none." }
        if let requested = mocks.requested {
            return status = "\(requested) is playing on the engine" + (debug.stoppedThread != nil ? " (stopped: see Debug, Alt-8)." : ".")
        }
        guard environment.playScenario(names[mockSelection]) else { return status = "This IDE has no engine (open a project folder)." }
        mocks.requested = names[mockSelection]
        mocks.showsRunAll = false
        status = "Playing \(names[mockSelection]) on the engine…"
    }

    /// The engine's answer: the player starts at the beginning, playing at the last speed.
    func receivePlay(_ message: WorkbenchMessage) {
        switch message {
        case .played(var player):
            mocks.requested = nil
            player.speed = mocks.speed
            player.togglePlaying()
            mocks.player = player
            mocks.scrollBack = 0
            status = "Played \(player.scenario) on the engine: \(player.result.records.count) records, \(player.result.outcomes.count) expectations; replaying."
            environment.schedule(.playback, afterMilliseconds: Int(ScenarioPlayer.tickMilliseconds))
        case .playFailed(let scenario, let reason):
            mocks.requested = nil
            status = "\(scenario) did not play: \(reason)"
        default: break
        }
    }

    /// Play / pause, step, back, speed — from the pane's keys or the palette.
    func playerCommand(_ command: WorkbenchCommand) {
        showPanel(.mocks)
        if command == .playFaster || command == .playSlower {
            let speed = command == .playFaster ? mocks.speed.faster : mocks.speed.slower
            mocks.speed = speed
            mocks.player?.speed = speed
            return status = "Playing at \(speed.label)."
        }
        guard mocks.player != nil else {
            if command == .playPause { return playSelectedScenario() }
            return status = "Play a scenario first (Enter on it in Mocks)."
        }
        mocks.showsRunAll = false  // back to the player from F7's report
        switch command {
        case .playPause:
            movePlayer { $0.togglePlaying() }
            if mocks.player?.isPlaying == true { environment.schedule(.playback, afterMilliseconds: Int(ScenarioPlayer.tickMilliseconds)) }
        case .stepEvent: movePlayer { $0.stepForward() }
        case .stepBackEvent: movePlayer { $0.stepBack() }
        default: break
        }
    }

    /// A click on a scenario selects it (a double click plays it); on an event, the cursor
    /// goes there; the wheel over the timeline steps.
    func mocksMouse(_ mouse: MouseEvent) {
        let point = mouse.position
        let row = point.y - layout.problems.y
        let columns = MocksColumns(layout.problems)
        if columns.list.contains(point) {
            let index = firstScenarioShown + row
            guard mouse.action == .press || mouse.action == .doubleClick, scenarioNames.indices.contains(index) else { return }
            mockSelection = index
            if mouse.action == .doubleClick { playSelectedScenario() }
        } else if columns.timeline.contains(point), let player = mocks.player, mocks.requested == nil, !mocks.showsRunAll {
            switch mouse.action {
            case .wheelUp: playerCommand(.stepBackEvent)
            case .wheelDown: playerCommand(.stepEvent)
            case .press, .doubleClick:
                // Row 0 is the header; the timeline's rows follow.
                let window = TimelineWindow(player, rows: max(0, columns.timeline.height - 1))
                let index = window.shown.lowerBound + row - 1
                guard row >= 1, window.shown.contains(index), let position = window.position(ofRow: index) else { return }
                movePlayer { $0.jump(to: position) }
            case .drag: break
            }
        }
    }

    private func movePlayer(_ move: (inout ScenarioPlayer) -> Void) {
        guard mocks.player != nil else { return }
        move(&mocks.player!)
        mocks.scrollBack = 0
    }

    /// A playback tick: the clock moves on; the next is asked for while still playing.
    func playbackTick() {
        guard mocks.player?.isPlaying == true else { return }
        mocks.player?.tick()
        mocks.scrollBack = 0
        if mocks.player?.isPlaying == true { environment.schedule(.playback, afterMilliseconds: Int(ScenarioPlayer.tickMilliseconds)) }
    }

    func runAllScenarios() {
        guard tree.onlyFile == nil else { return status = "A single file has no scenarios." }
        showPanel(.mocks)
        guard engineCommandRunning == nil else { return status = "\(engineCommandRunning!) is running." }
        guard environment.runEngineCommand(["test"]) else { return status = "This IDE has no engine (open a project folder)." }
        mocks.player?.pause()
        mocks.showsRunAll = true
        engineCommandRunning = "test"
        engineCommandOutput = ["Running every scenario…"]
    }

    /// Short: the tabs after it (Debug's "stopped") must stay on the row.
    var mocksTitle: String {
        if mocks.requested != nil { return " MOCKS … " }
        guard let player = mocks.player, !mocks.showsRunAll else { return " MOCKS " }
        return " MOCKS \(player.isPlaying ? "▶" : player.isAtEnd ? "■" : "⏸") "
    }
}
