/// What an event of each type does to the aggregation states, worked out once at load: per
/// event type a flat list of steps (one per state it updates) naming its expressions by
/// number, so the per-event loop reads small integers from a few contiguous arrays instead of
/// walking each state's compiled objects (whose scattered loads were cache misses behind the
/// windows' data).
///
/// Every distinct expression text of the states is one *value*, computed at most once per
/// event and shared by every state that reads it (expressions are pure): the bare
/// `params.f` values an event type's states read are looked up before its steps, the others
/// when a step first needs them.
///
/// The lists live in memory of the plan's own (freed with it): read per state and channel,
/// an array would be retained and released, and checked against its bounds, on every read.
final class StateUpdatePlan {
    /// Every distinct expression, by value number.
    let expressions: [CompiledExpression]
    /// The same, unretained (`expressions` keeps them alive).
    let expressionRefs: UnsafeMutableBufferPointer<Unmanaged<CompiledExpression>>
    /// The bare `params.f` values: value number, field and missing-key error of field k.
    let fieldValues: UnsafeMutableBufferPointer<Int>
    let fieldNames: UnsafeMutableBufferPointer<String>
    let fieldMissing: UnsafeMutableBufferPointer<CELValue>
    /// Route r's steps are `steps[stepBounds[r]..<stepBounds[r + 1]]`.
    let steps: UnsafeMutableBufferPointer<StateUpdateStep>
    private let stepBounds: UnsafeMutableBufferPointer<Int>
    /// Route r's fields to read before its steps are `routeFields[fieldBounds[r]..<fieldBounds[r + 1]]`
    /// (each an index k into the field lists).
    let routeFields: UnsafeMutableBufferPointer<Int>
    private let fieldBounds: UnsafeMutableBufferPointer<Int>
    /// Where each of those was among the params of the route's previous event: events of one
    /// type mostly list the same params in the same order, so one key comparison usually
    /// finds a field instead of a search of the map.
    private let fieldPositions: UnsafeMutableBufferPointer<Int>
    /// The channels' value numbers of every step, in channel order (`StateUpdateStep.channelsStart`).
    let channelValues: UnsafeMutableBufferPointer<Int32>

    /// Each state's event types, for routing (`states[i]` listens to `eventTypes[i]`).
    static func eventTypes(_ states: [SharedStatePlan]) -> [Set<String>] { states.map { Set($0.key.on) } }

    /// Value v's slot in `slots` (the evaluation slots): the event's variables come first.
    static let firstValueSlot = EventContext.variables.count
    /// The event fields the expressions read (`params` only when some expression reads it
    /// other than as `params.f`, which reads a value slot instead).
    let eventFields: Set<EventField>

    /// - Parameter routes: the states each route updates, in order (indices in `states`).
    init(_ states: [SharedStatePlan], routes: [[Int]]) throws(PipelineError) {
        var numbers: [String: Int] = [:]
        var sources: [SourceExpression?] = []
        var paramsFields: [String?] = []
        var reads: [ParamsReads] = []
        // In state order, filter, group_by, then channels: a project that fails to compile
        // reports the first failing expression as written (against the event context alone).
        func number(_ expression: SourceExpression) throws(PipelineError) -> Int32 {
            if let n = numbers[expression.text] { return Int32(n) }
            let n = sources.count
            let field = CompiledExpression.paramsField(expression.text)
            if field == nil { _ = try CompiledExpression.compile(expression) }
            sources.append(expression)
            paramsFields.append(field)
            reads.append(field == nil ? ParamsReads(expression.text) : ParamsReads())
            numbers[expression.text] = n
            return Int32(n)
        }
        var stateSteps: [StateUpdateStep] = []
        var channelValues: [Int32] = []
        var stateValues: [[Int]] = []
        for state in states {
            let filter = try state.filter.map(number) ?? -1
            let groupBy = try state.groupBy.map(number) ?? -1
            let start = channelValues.count
            for channel in state.channels { channelValues.append(try number(channel.value)) }
            let computed = channelValues[start...].contains { paramsFields[Int($0)] == nil }
            stateSteps.append(StateUpdateStep(state: Int32(stateSteps.count), filter: filter, groupBy: groupBy,
                                              channelsStart: Int32(start), channelsEnd: Int32(channelValues.count),
                                              computesChannels: computed))
            stateValues.append(([Int(filter), Int(groupBy)] + channelValues[start...].map(Int.init)).filter { $0 >= 0 })
        }
        // A field read only inside other expressions gets a value of its own, read like the others.
        var fieldValue: [String: Int] = [:]
        for v in paramsFields.indices.reversed() { if let f = paramsFields[v] { fieldValue[f] = v } }
        for f in reads.reduce(into: Set<String>(), { $0.formUnion($1.fields) }).sorted() where fieldValue[f] == nil {
            fieldValue[f] = sources.count
            sources.append(nil)
            paramsFields.append(f)
            reads.append(ParamsReads())
        }
        // `params.f` names value f's slot: the checker resolves a declared qualified name
        // before selecting from the map. Other values' slots get no name anyone can write.
        let names = paramsFields.indices.map { v -> String in
            guard let f = paramsFields[v], fieldValue[f] == v else { return "" }
            return "params.\(f)"
        }
        let environment = CELEnvironment(variables: EventContext.variables + names.map { ($0, CELType.dyn) })
        var expressions: [CompiledExpression] = []
        for v in sources.indices {
            // A `params.f` is read without its program (`readFields`); a field only read
            // inside other expressions gets the program of its own text, which cannot fail.
            let source = sources[v]
                ?? SourceExpression(text: "params.\(paramsFields[v]!)", location: SourceLocation(file: "", line: 1, column: 1))
            let program = try CompiledExpression.compile(
                source, in: paramsFields[v] == nil ? environment : EventContext.environment)
            expressions.append(CompiledExpression(text: source.text, program: program, paramsField: paramsFields[v]))
        }
        var fields: [(value: Int, name: String)] = []
        for v in paramsFields.indices { if let f = paramsFields[v] { fields.append((v, f)) } }
        // Each state reads the fields of its values and those its expressions read inside.
        let stateFields = stateValues.map { values in
            let used = Set(values + values.flatMap { reads[$0].fields.map { fieldValue[$0]! } })
            return Set(fields.indices.filter { used.contains(fields[$0].value) })
        }
        var eventFields = EventActivation.fields(readBy: expressions.filter { $0.paramsField == nil }.map(\.text))
        if !reads.contains(where: \.wholeParams) { eventFields.remove(.params) }
        self.eventFields = eventFields
        self.expressions = expressions
        expressionRefs = Self.owned(expressions.map(Unmanaged.passUnretained))
        fieldValues = Self.owned(fields.map(\.value))
        fieldNames = Self.owned(fields.map(\.name))
        fieldMissing = Self.owned(fields.map { CELAccess.noSuchKey($0.name) })
        self.channelValues = Self.owned(channelValues)
        let stepLists = FlatLists(routes.map { $0.map { stateSteps[$0] } })
        steps = Self.owned(stepLists.values)
        stepBounds = Self.owned(routes.indices.map { stepLists.range($0).lowerBound } + [stepLists.values.count])
        let fieldLists = FlatLists(routes.map { $0.reduce(into: Set<Int>()) { $0.formUnion(stateFields[$1]) }.sorted() })
        routeFields = Self.owned(fieldLists.values)
        fieldBounds = Self.owned(routes.indices.map { fieldLists.range($0).lowerBound } + [fieldLists.values.count])
        fieldPositions = Self.owned(fieldLists.values.map { _ in 0 })
    }

    deinit {
        Self.free(expressionRefs)
        Self.free(fieldValues)
        Self.free(fieldNames)
        Self.free(fieldMissing)
        Self.free(steps)
        Self.free(stepBounds)
        Self.free(routeFields)
        Self.free(fieldBounds)
        Self.free(fieldPositions)
        Self.free(channelValues)
    }

    /// Positions in `steps` of route r's steps.
    @inline(__always)
    func steps(ofRoute r: Int) -> Range<Int> { stepBounds[r]..<stepBounds[r + 1] }

    /// Writes route r's fields of `params` (or their missing-key errors) into `values`, stamped.
    @inline(__always)
    func readFields(ofRoute r: Int, from params: CELMap, into values: UnsafeMutableBufferPointer<CELValue>,
                    stamps: UnsafeMutableBufferPointer<Int>, stamp: Int) {
        let fields = fieldBounds[r]..<fieldBounds[r + 1]
        guard !fields.isEmpty else { return }
        let keys = params.keys
        for k in fields {
            let f = routeFields[k], v = fieldValues[f]
            let guess = fieldPositions[k]
            if guess < keys.count, case .string(let key) = keys[guess], key == fieldNames[f] {
                values[v] = params.value(atPosition: guess)
            } else if let found = params.position(of: .string(fieldNames[f])) {
                fieldPositions[k] = found
                values[v] = params.value(atPosition: found)
            } else {
                values[v] = fieldMissing[f]
            }
            stamps[v] = stamp
        }
    }

    private static func owned<T>(_ array: [T]) -> UnsafeMutableBufferPointer<T> {
        // Never empty, so `baseAddress` is never nil; the spare element is never read.
        let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: Swift.max(1, array.count))
        _ = buffer.initialize(from: array)
        return UnsafeMutableBufferPointer(rebasing: buffer[..<array.count])
    }

    private static func free<T>(_ buffer: UnsafeMutableBufferPointer<T>) {
        buffer.deinitialize()
        buffer.deallocate()
    }
}

/// One state's update for an event, as numbers: the state, its `where`, `group_by` and
/// channel values (-1: none).
struct StateUpdateStep: Sendable {
    let state: Int32
    let filter: Int32
    let groupBy: Int32
    let channelsStart: Int32
    let channelsEnd: Int32
    /// Some channel value is not a bare `params.f` (those are read before the steps).
    let computesChannels: Bool
}
