import CPythonShim

/// Engine values ↔ Python objects. Dict key order is kept both ways; every JSON-like type
/// round-trips (int, float, str, bool, None, list, dict), bytes too.
enum PythonValues {
    /// Nesting beyond this is refused (it also stops self-referencing lists).
    static let maximumDepth = 64

    /// A new reference, or nil with a Python exception set (out of memory).
    static func object(_ value: CELValue) -> PyRef? {
        switch value {
        case .null: return Py_NewRef(shim_none())
        case .bool(let b): return Py_NewRef(b ? shim_true() : shim_false())
        case .int(let n): return PyLong_FromLongLong(n)
        case .uint(let n): return PyLong_FromUnsignedLongLong(n)
        case .double(let d): return PyFloat_FromDouble(d)
        case .string(let s): return pyString(s)
        case .bytes(let bytes): return bytes.withUnsafeBufferPointer {
            PyBytes_FromStringAndSize(UnsafeRawPointer($0.baseAddress)?.assumingMemoryBound(to: CChar.self), $0.count)
        }
        case .list(let items):
            guard let list = PyList_New(items.count) else { return nil }
            for (i, item) in items.enumerated() {
                guard let element = object(item) else { Py_DecRef(list); return nil }
                shim_list_set(list, i, element)
            }
            return list
        case .map(let map):
            return dictionary(zip(map.keys.lazy.map(\.value), map.values))
        case .record(let record):
            return dictionary(zip(record.type.fields.lazy.map { .string($0.name) }, record.fields))
        case .type(let type): return pyString(type.description)
        case .error(let error): return pyString("error: \(error.message)")
        }
    }

    private static func dictionary<S: Sequence>(_ pairs: S) -> PyRef? where S.Element == (CELValue, CELValue) {
        guard let dict = PyDict_New() else { return nil }
        for (k, v) in pairs {
            guard let key = object(k) else { Py_DecRef(dict); return nil }
            guard let value = object(v) else { Py_DecRef(key); Py_DecRef(dict); return nil }
            let status = PyDict_SetItem(dict, key, value)
            Py_DecRef(key)
            Py_DecRef(value)
            if status != 0 { Py_DecRef(dict); return nil }
        }
        return dict
    }

    /// The engine value of a Python object, or why it has none.
    static func value(_ object: PyRef, depth: Int = 0) -> Result<CELValue, ConversionError> {
        guard depth < maximumDepth else { return .failure(ConversionError("nested deeper than \(maximumDepth) levels")) }
        if object == shim_none() { return .success(.null) }
        if shim_is_bool(object) != 0 { return .success(.bool(object == shim_true())) }
        if shim_is_long(object) != 0 {
            var overflow: Int32 = 0
            let n = PyLong_AsLongLongAndOverflow(object, &overflow)
            if overflow == 0 { return .success(.int(n)) }
            let u = PyLong_AsUnsignedLongLong(object)
            if PyErr_Occurred() == nil { return .success(.uint(u)) }
            PyErr_Clear()
            return .failure(ConversionError("int \(describePython(object)) does not fit in 64 bits"))
        }
        if shim_is_float(object) != 0 { return .success(.double(shim_float_value(object))) }
        if let s = swiftString(object) { return .success(.string(s)) }
        if shim_is_list(object) != 0 || shim_is_tuple(object) != 0 {
            let isList = shim_is_list(object) != 0
            let count = isList ? PyList_Size(object) : PyTuple_Size(object)
            var items: [CELValue] = []
            items.reserveCapacity(count)
            for i in 0..<count {
                let item = isList ? shim_list_item(object, i)! : shim_tuple_item(object, i)!
                switch value(item, depth: depth + 1) {
                case .success(let v): items.append(v)
                case .failure(let e): return .failure(e.at("[\(i)]"))
                }
            }
            return .success(.list(items))
        }
        if shim_is_dict(object) != 0 {
            var map = CELMap()
            var position = 0
            var key: PyRef?
            var item: PyRef?
            while PyDict_Next(object, &position, &key, &item) != 0 {
                guard let mapKey = mapKey(key!) else {
                    return .failure(ConversionError("dict key \(describePython(key!)) is not a str, int or bool"))
                }
                switch value(item!, depth: depth + 1) {
                case .success(let v): map[mapKey] = v
                case .failure(let e): return .failure(e.at("[\(reprPython(key!))]"))
                }
            }
            return .success(.map(map))
        }
        if shim_is_bytes(object) != 0 {
            var buffer: UnsafeMutablePointer<CChar>?
            var size = 0
            PyBytes_AsStringAndSize(object, &buffer, &size)
            return .success(.bytes(Array(UnsafeRawBufferPointer(start: buffer, count: size))))
        }
        let typeName = String(cString: object.pointee.ob_type.pointee.tp_name)
        return .failure(ConversionError("a '\(typeName)' has no engine value; expected None, bool, int, float, str, list, tuple or dict"))
    }

    private static func mapKey(_ key: PyRef) -> CELMapKey? {
        switch value(key) {
        case .success(.string(let s)): .string(s)
        case .success(.int(let n)): .int(n)
        case .success(.uint(let n)): .uint(n)
        case .success(.bool(let b)): .bool(b)
        default: nil
        }
    }
}

/// Why a Python value could not become an engine value, with where inside it.
struct ConversionError: Error, Sendable {
    var message: String
    var path = ""
    init(_ message: String) { self.message = message }

    func at(_ step: String) -> ConversionError {
        var e = self
        e.path = step + e.path
        return e
    }

    var description: String { path.isEmpty ? message : "at \(path): \(message)" }
}
