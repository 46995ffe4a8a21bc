import Engine
import EngineProtocol
import Foundation

/// The engine's methods (SPEC §9), each a value or an error for the client.
extension EngineInstance {

    public func deploy(_ params: DeployParams) -> Result<DeployResult, RPCError> {
        do {
            let version = try store.nextVersion()
            let directory = ActiveDeployment.directory(version: version, in: stateDirectory)
            try? FileManager.default.removeItem(atPath: directory)  // a failed attempt's leftovers
            let deployment: ActiveDeployment
            do {
                try ProjectBundle.unpack(params.bundle, into: directory)
                deployment = try ActiveDeployment(version: version, activation: 0, contentHash: params.bundle.contentHash,
                                                  directory: directory, at: WallClock().now())
            } catch {
                try? FileManager.default.removeItem(atPath: directory)
                return .failure(.refused("deploy refused: \(error.description); version \(active.map { String($0.version) } ?? "none") stays live"))
            }
            if params.planOnly == true {
                // Validated and compiled, then planned against the live version; nothing changes.
                try? FileManager.default.removeItem(atPath: directory)
                let kept = active.map { deployment.pipeline.featuresKept(from: $0.pipeline) } ?? []
                return .success(DeployResult(version: version, contentHash: params.bundle.contentHash,
                                             plan: DeploymentPlan.lines(from: active?.project, to: deployment.project, kept: kept)))
            }
            let kept = active.map { deployment.pipeline.adoptState(from: $0.pipeline) } ?? []
            let plan = DeploymentPlan.lines(from: active?.project, to: deployment.project, kept: kept)
            deployment.activation = try store.addAndActivate(version: version, params.bundle, project: deployment.project.manifest.name,
                                                             author: params.author, gate: params.gate, at: WallClock().now())
            install(deployment)
            takeSnapshot()
            record(#"{"record":"deploy","version":\#(version),"hash":"\#(params.bundle.contentHash)"}"#, ts: now(), level: "info")
            flushLogs()
            return .success(DeployResult(version: version, contentHash: params.bundle.contentHash, plan: plan))
        } catch {
            return .failure(.refused("deploy failed: \(error); the previous version stays live"))
        }
    }

    public func rollback(_ params: RollbackParams) -> Result<DeploymentInfo, RPCError> {
        do {
            guard let target = try params.to ?? store.previousVersion() else {
                return .failure(.refused("nothing to roll back to: no earlier version was live"))
            }
            guard let bundle = try store.bundle(version: target) else {
                return .failure(.notFound("there is no version \(target); `featide deployments` lists them"))
            }
            let deployment: ActiveDeployment
            do { deployment = try load(version: target, bundle: bundle, activation: 0) } catch {
                return .failure(.refused("rollback refused: \(error.description)"))
            }
            if let active { _ = deployment.pipeline.adoptState(from: active.pipeline) }
            deployment.activation = try store.activate(version: target, at: WallClock().now(), reason: "rollback")
            install(deployment)
            takeSnapshot()
            record(#"{"record":"rollback","version":\#(target)}"#, ts: now(), level: "info")
            flushLogs()
            guard let info = try store.deployments(active: target).first(where: { $0.version == target }) else {
                return .failure(.notFound("version \(target) vanished"))
            }
            return .success(info)
        } catch {
            return .failure(.refused("rollback failed: \(error)"))
        }
    }

    public func deployments() -> Result<[DeploymentInfo], RPCError> {
        Result { try store.deployments(active: active?.version) }.mapError { .refused("cannot read deployments: \($0)") }
    }

    public func status(clients: Int) -> StatusResult {
        let decisions = active?.pipeline.decisionMetrics
        let scripts = active?.pipeline.scripts.metrics
        var status = StatusResult(
            pid: getpid(), version: active?.version, project: active?.project.manifest.name, contentHash: active?.contentHash,
            deployedAt: active?.activatedAt, uptimeMilliseconds: WallClock().now() - startedAt,
            eventsAccepted: counters.accepted, eventsLate: active?.pipeline.metrics.eventsLate ?? 0, eventsRejected: counters.rejected,
            eventsReplayed: counters.replayed, decisions: decisions?.actions ?? 0, scriptFailures: decisions?.scriptFailures ?? 0,
            workersStarted: scripts?.workersStarted ?? 0, workerCrashes: scripts?.crashes ?? 0, clients: clients)
        status.snapshot = lastSnapshot
        status.debugAdapter = debugAdapterAddress
        status.debugAdapterSocket = debugAdapterSocket
        status.eventsPending = active?.pipeline.pendingEvents ?? 0
        return status
    }

    public func query(_ params: QueryParams) -> Result<QueryResult, RPCError> {
        guard let active else { return .failure(.refused("nothing is deployed; run `featide deploy` first")) }
        guard active.project.features.contains(where: { $0.name == params.name }) else {
            let known = active.project.features.map(\.name).sorted()
            return .failure(.notFound("unknown feature '\(params.name)'; version \(active.version) has \(known.joined(separator: ", "))"))
        }
        var key: CELValue?
        if let text = params.key {
            guard let parsed = JSONToCEL.value(text) else {
                return .failure(.invalidParams("key '\(text)' is not JSON text (a string key is written \"shoes\")"))
            }
            key = parsed
        }
        let clock = now()
        let value = active.pipeline.committedValue(of: params.name, key: key, beforeAnyEvent: clock)
        flushLogs()
        return .success(QueryResult(value: PlainJSON.text(value), ts: active.pipeline.committedTime(beforeAnyEvent: clock),
                                    eventsPending: active.pipeline.pendingEvents))
    }

    /// Every feature's value now, in the project's order; a grouped one's also by key; the
    /// changes of the features tracked (`track` replaces the set, kept for a few seconds).
    public func values(_ params: ValuesParams = ValuesParams()) -> Result<ValuesResult, RPCError> {
        guard let active else { return .failure(.refused("nothing is deployed; run `featide deploy` first")) }
        if let names = params.track { track(names) }
        let clock = now()
        let features = active.project.features.map { definition in
            let value = active.pipeline.committedValue(of: definition.name, beforeAnyEvent: clock)
            var feature = ValuesResult.Feature(name: definition.name, value: PlainJSON.text(value))
            if definition.aggregation?.groupBy != nil, case .map(let map) = value {
                feature.keys = zip(map.keys, map.values).prefix(Self.keysShown).map { KeyedValue(key: PlainJSON.text($0.value), value: PlainJSON.text($1)) }
            }
            feature.changes = changeTracker?.changes(of: definition.name)
            return feature
        }
        flushLogs()
        return .success(ValuesResult(ts: active.pipeline.committedTime(beforeAnyEvent: clock), features: features))
    }

    /// Keys listed per grouped feature (the pane shows a screenful; max_keys may be thousands).
    static let keysShown = 500

    /// The recent events, the behaviour tree and the patterns' live state (the IDE's panes).
    public func inspect() -> Result<InspectResult, RPCError> {
        guard let active else { return .failure(.refused("nothing is deployed; run `featide deploy` first")) }
        let pipeline = active.pipeline
        let events = pipeline.recentEvents.map { PlainJSON.text($0.mapValue) }
        let patterns = pipeline.matchers.matchers.map { matcher in
            InspectResult.PatternState(name: matcher.name, nfa: matcher.nfa.describe(liveCounts: matcher.partialMatchCounts),
                                       livePartialMatches: matcher.livePartialMatches, matches: matcher.stats.matches)
        }
        var result = InspectResult(recentEvents: events, tree: pipeline.behaviorTree.render(includeHistory: false).split(separator: "\n").map(String.init),
                                   patterns: patterns)
        result.lineage = lineage(of: active.project, plan: pipeline.plan)
        return .success(result)
    }

    /// Decodes, logs durably (one transaction per batch), then applies the batch's events.
    public func send(_ params: SendParams) -> Result<SendResult, RPCError> {
        guard let active else { return .failure(.refused("nothing is deployed; run `featide deploy` first")) }
        var batch = SendBatch(decoder: EventDecoder())
        switch (params.events, params.lines) {
        case (let events?, nil):
            for (i, line) in events.enumerated() {
                // JSON Lines: one event, one line (the log stores a batch as lines).
                guard !line.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) else {
                    batch.reject("event \(i + 1): an event must be one line of JSON; this one spans several")
                    continue
                }
                var line = line
                line.withUTF8 { batch.take($0, number: i + 1) }
            }
        case (nil, var lines?):
            lines.withUTF8 { batch.takeLines($0) }
        default:
            return .failure(.invalidParams("send: give either events (a list) or lines (JSON Lines), one of them"))
        }
        for error in batch.malformed { active.pipeline.recordMalformed(error, source: "send") }
        let wall = WallClock().now()
        lastArrival = wall
        do {
            if let seq = try store.appendBatch(batch.acceptedLines, activation: active.activation, at: wall) { lastEventSeq = seq }
        } catch {
            return .failure(.refused("the events could not be stored (\(error)); none were accepted"))
        }
        let lateBefore = active.pipeline.metrics.eventsLate
        for event in batch.events { submit(event, acceptedAt: wall) }
        let late = active.pipeline.metrics.eventsLate - lateBefore
        if let unlogged = lateEventLog.endRequest() { record(unlogged) }
        counters.accepted += batch.events.count - late
        counters.rejected += batch.rejected
        eventsSinceSnapshot += batch.events.count
        snapshotIfDue(idle: false)
        flushLogs()
        return .success(SendResult(accepted: batch.events.count - late, late: late, rejected: batch.rejected, errors: batch.errors))
    }

    public func logs(_ params: LogsParams) -> Result<LogsResult, RPCError> {
        flushLogs()
        let filter: LogFilter
        do { filter = try LogFilter(params) } catch { return .failure(error) }
        do {
            let entries = try store.logs(since: params.since, limit: store.logRetention).filter(filter.admits)
            return .success(LogsResult(entries: Array(entries.suffix(params.limit ?? 100))))
        } catch {
            return .failure(.refused("cannot read logs: \(error)"))
        }
    }
}
