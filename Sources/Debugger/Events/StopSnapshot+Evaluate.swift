import Foundation
import Engine

extension StopSnapshot {
    /// `evaluate` at an event-level stop: a feature's name gives its value now; anything else
    /// is a CEL expression over the event being applied (`params.price > 10`, `device.os`).
    func evaluate(_ expression: String) -> Result<CELValue, Refusal> {
        let text = expression.trimmingCharacters(in: .whitespaces)
        if let value = features[text] { return .success(value) }
        guard let event else { return .failure(Refusal("no event is being applied here; only feature names can be read")) }
        switch CELProgram.compile(text, in: EventContext.environment) {
        case .failure(let error):
            let known = features.isEmpty ? "" : " (nor a feature of this pipeline)"
            return .failure(Refusal("\(error)\(known)"))
        case .success(let program):
            let value = program.evaluate(EventBinding.activation(event, device: device))
            if case .error(let e) = value { return .failure(Refusal(e.message)) }
            return .success(value)
        }
    }
}
