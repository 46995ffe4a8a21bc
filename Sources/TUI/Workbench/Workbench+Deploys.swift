import EngineProtocol

/// The Deploys pane: the version history, F6 (plan, gate, confirm, deploy through the CLI),
/// Enter rolls back to the selected version.
extension Workbench {
    /// F6: check, gate and plan first (`featide deploy --plan`); the answer asks to confirm.
    func requestDeploy() {
        guard tree.onlyFile == nil else { return status = "A single file has no engine to deploy to." }
        guard engineCommandRunning == nil else { return status = "\(engineCommandRunning!) is running." }
        showPanel(.deploys)
        guard environment.runEngineCommand(["deploy", "--plan"]) else { return status = "This IDE has no engine (open a project folder)." }
        engineCommandRunning = "plan"
        engineCommandOutput = ["Checking, gating on the scenarios, planning…"]
        status = "Planning the deploy…"
    }

    /// The plan is known: the gate's results and what changes, then deploy or not.
    func planned(succeeded: Bool, _ output: [String]) {
        guard succeeded else {
            // The CLI's own verdict (`deploy refused: …`), else its last line.
            let verdict = output.last(where: { $0.contains("refused") }) ?? output.last(where: { !$0.isEmpty }) ?? "see the Deploys pane"
            status = "Deploy refused: " + verdict.replacingOccurrences(of: "featide: deploy refused: ", with: "")
            return
        }
        overlay = .confirm(Confirmation(
            title: "Deploy to the engine?",
            lines: output.filter { $0.hasPrefix("gate:") || $0.hasPrefix("plan:") || $0.hasPrefix("would deploy") },
            choices: [.init(key: "y", label: "Deploy", action: .deploy), .init(key: "n", label: "Not now", action: .cancel)]))
    }

    func deploy() {
        guard environment.runEngineCommand(["deploy"]) else { return status = "This IDE has no engine (open a project folder)." }
        engineCommandRunning = "deploy"
        engineCommandOutput = ["Deploying…"]
        status = "Deploying: check, gate, activate…"
    }

    func rollBack(to version: Int) {
        guard environment.runEngineCommand(["rollback", "--to", String(version)]) else { return status = "This IDE has no engine." }
        engineCommandRunning = "rollback"
        engineCommandOutput = ["Rolling back to version \(version)…"]
    }

    func deploysKey(_ key: Key) {
        switch key {
        case .up: deploySelection = max(0, deploySelection - 1)
        case .down: deploySelection = min(max(0, deployments.count - 1), deploySelection + 1)
        case .enter:
            guard deployments.indices.contains(deploySelection) else { return }
            let target = deployments[deploySelection]
            guard !target.active else { return status = "Version \(target.version) is live already." }
            overlay = .confirm(Confirmation(
                title: "Roll back to version \(target.version)?",
                lines: ["Version \(target.version) (\(target.contentHash)) goes live again; features defined the same keep their state."],
                choices: [.init(key: "y", label: "Roll back", action: .rollBack(target.version)), .init(key: "n", label: "Not now", action: .cancel)]))
        default: break
        }
    }

    func drawDeploys(into buffer: inout CellBuffer) {
        let rect = layout.problems
        var y = rect.y
        if deployments.isEmpty {
            buffer.write("  Nothing deployed yet. F6 deploys this project.", x: rect.x, y: y, style: theme.lineNumber, limit: rect.maxX)
            y += 1
        }
        let listRows = max(1, min(deployments.count, rect.height - min(engineCommandOutput.count, rect.height / 2)))
        let first = max(0, deploySelection - listRows + 1)
        for (offset, info) in deployments.dropFirst(first).prefix(listRows).enumerated() where y < rect.maxY {
            let selected = first + offset == deploySelection
            let style = selected ? (focus == .problems ? theme.selection : theme.listCursor) : theme.text
            if selected { buffer.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1), style: style) }
            let gate = info.gate.isEmpty ? "no gate" : info.gate.joined(separator: "; ")
            buffer.write(" \(info.active ? "●" : " ") version \(info.version)  \(info.contentHash)  \(TimeOfDay.text(info.deployedAt))  \(gate)",
                         x: rect.x, y: y, style: style, limit: rect.maxX)
            y += 1
        }
        for line in engineCommandOutput.suffix(max(0, rect.maxY - y)) where y < rect.maxY {
            buffer.write("   " + line, x: rect.x, y: y, style: theme.lineNumber, limit: rect.maxX)
            y += 1
        }
    }

}
