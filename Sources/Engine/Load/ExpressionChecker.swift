/// Parses and type-checks every CEL expression of a project in the context it runs in,
/// reporting errors at their own file:line:column.
struct ExpressionChecker {
    let project: Project
    let context: LoadContext

    func check() {
        for feature in project.features {
            guard let aggregation = feature.aggregation else { continue }
            let env = EventContext.environment
            expect(aggregation.filter, "where", in: env, toBe: .bool)
            if let value = aggregation.value {
                let numeric = aggregation.op.needsNumericValue
                expect(value, "value", in: env, toBe: numeric ? .number : .any,
                       because: numeric ? "agg '\(aggregation.op.name)' needs a number (int or double)" : nil)
            }
            // Any value groups: a non-string one is keyed by its JSON text (SPEC §4).
            expect(aggregation.groupBy, "group_by", in: env, toBe: .any)
        }
        for pattern in project.patterns { checkSteps(of: pattern) }
        for decision in project.decisions {
            if case .event(_, let filter) = decision.trigger {
                expect(filter, "trigger.where", in: EventContext.environment, toBe: .bool)
            }
            expect(decision.rollout?.when, "rollout.when", in: EventContext.environment, toBe: .bool)
        }
    }

    /// Each step sees the event variables plus every earlier step, bound to its last event.
    private func checkSteps(of pattern: Pattern) {
        var earlier: [String] = []
        for step in pattern.steps {
            if EventContext.variableNames.contains(step.name) {
                context.error(at: step.location,
                              "step name '\(step.name)' hides the event variable of the same name; choose another name")
            }
            let env = EventContext.stepEnvironment(earlierSteps: earlier)
            expect(step.filter, "where", in: env, toBe: .bool)
            expect(step.until, "until", in: env, toBe: .bool)
            earlier.append(step.name)
        }
    }

    enum Expected {
        case bool, number, mapKey, any

        func accepts(_ type: CELType) -> Bool {
            switch (self, type) {
            case (.any, _), (_, .dyn): true
            case (.bool, .bool): true
            case (.number, .int), (.number, .uint), (.number, .double): true
            case (.mapKey, .string), (.mapKey, .int), (.mapKey, .uint), (.mapKey, .bool): true
            default: false
            }
        }

        var phrase: String {
            switch self {
            case .bool: "a bool"
            case .number: "a number (int or double)"
            case .mapKey: "a string, int or bool (a map key)"
            case .any: "a value"
            }
        }
    }

    private func expect(_ expression: SourceExpression?, _ field: String, in env: CELEnvironment,
                        toBe expected: Expected, because reason: String? = nil) {
        guard let expression else { return }
        switch CELProgram.compile(expression.text, in: env) {
        case .failure(let error):
            context.error(at: expression.fileLocation(line: error.line, column: error.column), "\(field): \(error.message)")
        case .success(let program):
            guard !expected.accepts(program.resultType) else { return }
            context.error(at: expression.location,
                          "\(field): \(reason ?? "expected \(expected.phrase)"), found \(program.resultType)")
        }
    }
}
