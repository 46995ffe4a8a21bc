import Engine

/// A cursor over one of a scenario's event sources (an inline event and its repeats, a recorded file, a
/// generator), yielding its events one at a time in the order they reach the engine, with
/// `ts` on the scenario's clock. Nothing is laid out ahead, so memory does not grow with
/// the number of events.
protocol EventSourceCursor: AnyObject {
    /// The next event; events it has to drop are described in `problems`.
    func next(_ problems: inout [String]) -> Event?
}

/// An inline event, `repeatCount` times `step` apart from `offset`.
final class InlineEventCursor: EventSourceCursor {
    private let template: Event
    private let location: SourceLocation
    private let start: Int64
    private var offset: Int64
    private let step: Int64
    private var remaining: Int

    init(_ template: Event, location: SourceLocation, start: Int64, offset: Int64, step: Int64, count: Int) {
        self.template = template
        self.location = location
        self.start = start
        self.offset = offset
        self.step = step
        remaining = count
    }

    func next(_ problems: inout [String]) -> Event? {
        while remaining > 0 {
            remaining -= 1
            let ts = start.plusSaturating(offset)
            offset = offset.plusSaturating(step)
            // `featide check` reports such times (ScenarioTimesChecker); here they only must not trap.
            guard EventTime.range.contains(ts) else {
                problems.append("\(location): event time out of range")
                continue
            }
            var event = template
            event.ts = ts
            return event
        }
        return nil
    }
}

/// A recorded file replayed in file order, shifted so that its first event lands at `start`.
final class RecordedEventCursor: EventSourceCursor {
    private let path: String
    private let reader: any RecordedLineSource
    /// The thread decoding the file ahead, if any, which also frees the events it made.
    var decodingThread: DecodeAheadReader? { reader as? DecodeAheadReader }
    private let start: Int64
    private let first: Int64
    /// The first event, read ahead for its time.
    private var head: (line: Int, event: Event)?

    /// Reads up to the first event; nil (with a problem when unreadable) if there is none.
    /// `decodeAhead`: the file is decoded on a thread of its own (same lines, same order).
    init?(path: String, resolved: String, start: Int64, decodeAhead: Bool, _ problems: inout [String]) {
        guard let reader = DecodeAheadReader.open(path: resolved, ahead: decodeAhead) else {
            problems.append("\(path): cannot read the recorded events")
            return nil
        }
        self.path = path
        self.reader = reader
        self.start = start
        var head: (line: Int, event: Event)?
        while head == nil, let (line, result) = reader.next() {
            switch result {
            case .success(let event): head = (line, event)
            case .failure(let error): problems.append("\(path):\(error)")
            }
        }
        guard let head else { return nil }
        self.head = head
        first = head.event.ts
    }

    // Events are moved, not copied, from the reader to the caller: a copy of an event retains
    // and releases each of its fields.
    func next(_ problems: inout [String]) -> Event? {
        if let (line, event) = head.take(), let event = shifted(event, line: line, &problems) { return event }
        while let (line, result) = reader.next() {
            switch consume result {
            case .success(let event):
                if let event = shifted(event, line: line, &problems) { return event }
            case .failure(let error):
                problems.append("\(path):\(error)")
            }
        }
        return nil
    }

    /// The event on the scenario's clock; nil, with a problem, when that is out of range.
    private func shifted(_ event: consuming Event, line: Int, _ problems: inout [String]) -> Event? {
        event.ts = start.plusSaturating(event.ts - first)
        guard EventTime.range.contains(event.ts) else {
            problems.append("\(path):\(line): event time out of range once shifted")
            return nil
        }
        return event
    }

    /// The offset from `start` of the file's last replayed event (0 when none is in range),
    /// for an inline event placed after the file. A second pass over the file, made only
    /// when such an event needs it, instead of holding the replay.
    static func lastOffset(of resolved: String, start: Int64) -> Int64? {
        guard let reader = RecordedEventReader(path: resolved) else { return nil }
        var first: Int64?
        var last: Int64 = start
        while let (_, result) = reader.nextTime() {
            guard case .success(let recorded) = result else { continue }
            let base = first ?? recorded
            first = base
            let ts = start.plusSaturating(recorded - base)
            if EventTime.range.contains(ts) { last = ts }
        }
        return first == nil ? nil : last - start
    }
}

/// A `generate:` entry; events whose time falls outside the event range are left out.
final class GeneratedEventCursor: EventSourceCursor {
    private var events: GeneratedEvents
    private let start: Int64

    init(_ generator: EventGenerator, start: Int64) {
        events = GeneratedEvents(generator)
        self.start = start
    }

    func next(_ problems: inout [String]) -> Event? {
        while let (offset, event) = events.next() {
            var e = event
            e.ts = start.plusSaturating(offset)
            if EventTime.range.contains(e.ts) { return e }
        }
        return nil
    }
}
