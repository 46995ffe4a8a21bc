import EngineProtocol
import Foundation

/// The DAP schema (a copy in Tests/Data/dap) and which of its definitions a message must
/// satisfy: a response to `stackTrace` is a `StackTraceResponse`, a failed one an
/// `ErrorResponse`, a `stopped` event a `StoppedEvent`.
enum DAPSchema {
    static let validator: JSONSchemaValidator = {
        do { return try JSONSchemaValidator(contentsOf: PackageRoot.path + "/Tests/Data/dap/debugAdapterProtocol.json") } catch {
            fatalError("cannot read the DAP schema: \(error)")
        }
    }()

    /// What is wrong with one message the adapter sent (empty: valid).
    static func errors(in body: Data) -> [String] {
        guard let message = try? JSONDecoder().decode(JSONValue.self, from: body) else { return ["not JSON"] }
        var definitions = ["ProtocolMessage"]
        switch (message["type"], message["command"], message["event"], message["success"]) {
        case (.string("response")?, .string(let command)?, _, .bool(let success)?):
            definitions.append(success ? capitalised(command) + "Response" : "ErrorResponse")
        case (.string("event")?, _, .string(let event)?, _):
            definitions.append(capitalised(event) + "Event")
        default:
            return ["neither a response nor an event: \(JSONSchemaValidator.describe(message))"]
        }
        return definitions.flatMap { validator.errors(in: message, as: $0) }
    }

    private static func capitalised(_ name: String) -> String { name.prefix(1).uppercased() + name.dropFirst() }
}
