import CPythonShim

extension ScriptRuntime {
    /// `Context(event, match, FeatureView(values, deny), input, device, variant, log)`.
    func makeContext(_ call: ScriptCall, _ host: ScriptHost) -> PyRef? {
        let bootstrap = PythonInterpreter.shared.bootstrap
        guard let event = call.event.map({ eventObject($0) }) ?? Py_NewRef(shim_none()) else { return nil }
        defer { Py_DecRef(event) }
        guard let match = call.match.map({ PythonValues.object($0) }) ?? Py_NewRef(shim_none()) else { return nil }
        defer { Py_DecRef(match) }
        guard let values = PyDict_New() else { return nil }
        defer { Py_DecRef(values) }
        for (name, value) in call.features {
            let key = pyString(name)
            defer { Py_DecRef(key) }
            let object: PyRef?
            if case .error(let error) = value {
                let message = pyString("feature '\(name)' has no value: \(error.message)")
                object = pyCall(bootstrap.featureUnavailable, message)
                Py_DecRef(message)
            } else {
                object = PythonValues.object(value)
            }
            guard let object else { return nil }
            PyDict_SetItem(values, key, object)
            Py_DecRef(object)
        }
        guard let features = pyCall(bootstrap.featureView, values, host.deny) else { return nil }
        defer { Py_DecRef(features) }
        guard let input = PythonValues.object(.map(call.input)) else { return nil }
        defer { Py_DecRef(input) }
        guard let device = PythonValues.object(.map(call.device)) else { return nil }
        defer { Py_DecRef(device) }
        let variant = call.variant.map(pyString) ?? Py_NewRef(shim_none())!
        defer { Py_DecRef(variant) }
        return pyCall(bootstrap.context, event, match, features, input, device, variant, host.log)
    }

    /// `{ts, type, session, app, scene, page, params}` with interned keys.
    func eventObject(_ event: Event) -> PyRef? {
        guard let dict = PyDict_New() else { return nil }
        for (i, field) in EventField.allCases.enumerated() {
            guard let value = PythonValues.object(event.value(of: field)) else { Py_DecRef(dict); return nil }
            PyDict_SetItem(dict, eventKeys[i], value)
            Py_DecRef(value)
        }
        return dict
    }
}
