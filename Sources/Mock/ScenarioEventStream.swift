import Engine

/// A scenario's events in the order they reach the engine, made as they are consumed: each
/// source (inline event with its repeats, recorded file, generator) yields its own events
/// lazily and the stream takes the source whose next event is earliest (ties: the source
/// written first; generators after the others). Inline events and generators are in time
/// order by construction; a recorded file stays in file order (SPEC §8), so an out-of-order
/// recording meets the lateness rule as it did on the device.
public final class ScenarioEventStream: IteratorProtocol, Sequence {
    private var sources: [any EventSourceCursor] = []
    private var heads: [Event?] = []
    private var queue = NextEventQueue()
    /// Dropped events and unreadable recorded lines so far, with their file and line.
    public private(set) var problems: [String] = []
    /// The latest event time so far (recorded events need not arrive in time order).
    public private(set) var end: Int64?
    /// A recorded file's decoding thread, which frees the events handed back to it.
    private var freeingThread: DecodeAheadReader?

    /// Whether recorded files are decoded on threads of their own by default.
    public static let decodeAheadByDefault = DecodeAheadReader.isWorthwhile

    /// - Parameter decodeAhead: decode recorded files on threads of their own; the events,
    ///   their order and the problems are the same either way.
    public init(_ scenario: Scenario, decodeAhead: Bool = ScenarioEventStream.decodeAheadByDefault) {
        let start = scenario.start
        var previous: Int64 = 0  // offset of the last event laid out, from the start
        for (index, source) in scenario.events.enumerated() {
            switch source {
            case .event(let spec):
                let step = spec.every?.milliseconds ?? 0
                var offset: Int64
                switch spec.at {
                case .absolute(let span)?: offset = span.milliseconds
                case .relative(let span)?: offset = previous.plusSaturating(span.milliseconds)
                case nil: offset = previous.plusSaturating(spec.repeatCount > 1 || spec.every != nil ? step : 0)
                }
                guard spec.repeatCount > 0 else { continue }
                add(InlineEventCursor(Self.event(from: spec), location: spec.location, start: start,
                                      offset: offset, step: step, count: spec.repeatCount))
                previous = offset.plusSaturating(Self.times(step, spec.repeatCount - 1))
            case .file(let path, let resolved, _):
                guard let recording = RecordedEventCursor(path: path, resolved: resolved, start: start,
                                                         decodeAhead: decodeAhead, &problems) else { continue }
                add(recording)
                freeingThread = freeingThread ?? recording.decodingThread
                if Self.placesByPrevious(scenario.events[(index + 1)...]) {
                    previous = RecordedEventCursor.lastOffset(of: resolved, start: start) ?? previous
                }
            }
        }
        for generator in scenario.generators { add(GeneratedEventCursor(generator, start: start)) }
    }

    public func next() -> Event? {
        guard let (_, index) = queue.popFirst() else { return nil }
        let event = heads[index].take()!  // moved out, not copied: no retain and release per field
        pull(index)
        end = Swift.max(end ?? event.ts, event.ts)
        return event
    }

    /// Whether events handed back through `retire` are freed on another thread.
    public var retiresOnAnotherThread: Bool { freeingThread != nil }

    /// Takes events the engine is done with: freed on a decoding thread when there is one
    /// (`DecodeAheadReader.retire`), else here.
    public func retire(_ events: consuming [Event]) {
        freeingThread?.retire(events)
    }

    private func add(_ source: any EventSourceCursor) {
        sources.append(source)
        heads.append(nil)
        pull(sources.count - 1)
    }

    /// Reads the source's next event into its (empty) slot: its time read before it is moved
    /// there, so the slot is never copied.
    private func pull(_ index: Int) {
        guard let event = sources[index].next(&problems) else { return }
        queue.push(ts: event.ts, source: index)
        heads[index] = consume event
    }

    /// Whether the next inline event after a recorded file is placed relative to the file's
    /// last event (`at: +D`, or no `at`).
    private static func placesByPrevious(_ rest: ArraySlice<ScenarioEventSource>) -> Bool {
        for case .event(let spec) in rest {
            if case .absolute? = spec.at { return false }
            return true
        }
        return false
    }

    private static func times(_ step: Int64, _ count: Int) -> Int64 {
        let (product, overflow) = step.multipliedReportingOverflow(by: Int64(count))
        return overflow ? .max : product
    }

    private static func event(from spec: ScenarioEvent) -> Event {
        Event(ts: 0, type: spec.type, session: spec.context["session"], app: spec.context["app"],
              scene: spec.context["scene"], page: spec.context["page"], params: spec.params)
    }
}
