import ArgumentParser
import Foundation
import Engine

/// `featide expr 'EXPR' [--bindings JSON]`: evaluate one CEL expression and print the result
/// as one line of TYPED JSON. Evaluation and compile errors are results too (`{"error":...}`).
struct ExprCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expr",
        abstract: "Evaluate a CEL expression and print the result as TYPED JSON."
    )

    // Collected as "unrecognized" so that an expression starting with `-` (`-7 % 3`) is not
    // taken for an option and needs no `--` before it.
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("The CEL expression.", valueName: "expression"))
    var expressionWords: [String] = []

    /// The expression; several words (an unquoted expression) are joined by spaces.
    var expression: String { expressionWords.joined(separator: " ") }

    func validate() throws {
        guard !expressionWords.isEmpty else { throw ValidationError("Missing expected argument '<expression>'") }
    }

    @Option(help: #"Variables as TYPED JSON, e.g. '{"x": {"int": "1"}}'."#)
    var bindings: String = "{}"

    @Flag(help: "Skip type checking: type errors surface when evaluating, as in CEL's unchecked mode.")
    var noCheck = false

    func run() throws {
        let vars: [(name: String, value: CELValue)]
        do {
            vars = try CELTypedJSON.decodeBindings(bindings)
        } catch {
            // Bad usage exits 2 (the spec's contract), not ArgumentParser's 64.
            FileHandle.standardError.write(Data("error: --bindings: \(error)\n".utf8))
            throw ExitCode(2)
        }
        // Declared types come from the bound values, so type errors are still caught.
        let env = CELEnvironment(variables: vars.map { (name: $0.name, type: $0.value.declaredType) })
        let result: CELValue
        switch CELProgram.compile(expression, in: env, typeCheck: !noCheck) {
        case .success(let program):
            result = program.evaluate(CELActivation(slots: vars.map(\.value)))
        case .failure(let error):
            result = .error(CELError("\(error.line):\(error.column): \(error.message)"))
        }
        print(CELTypedJSON.encode(result))
    }
}
