import CPythonShim
import ScriptWire

/// Wire values ↔ Python objects, with no engine types in between. Dict key order is kept both
/// ways. Results are taken by exact type only — `dict`, `list`, `tuple`, `str`, `bytes`, `int`,
/// `float`, `bool`, `None` — so no method a script wrote runs while a result is converted.
enum PythonWire {
    /// Nesting beyond this is refused (it also stops self-referencing lists).
    static let maximumDepth = 64

    // MARK: wire → Python

    /// A new reference, or nil with a Python exception set.
    static func object(_ reader: inout WireReader, unavailable: PyRef? = nil) throws(WireError) -> PyRef? {
        switch try reader.tag() {
        case .null: return Py_NewRef(shim_none())
        case .falseValue: return Py_NewRef(shim_false())
        case .trueValue: return Py_NewRef(shim_true())
        case .int: return PyLong_FromLongLong(try reader.i64())
        case .uint: return PyLong_FromUnsignedLongLong(try reader.u64())
        case .double: return PyFloat_FromDouble(try reader.f64())
        case .string: return pyString(try reader.rawField().assumingMemoryBound(to: UInt8.self))
        case .bytes:
            let raw = try reader.rawField()
            return PyBytes_FromStringAndSize(raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count)
        case .list:
            let count = Int(try reader.u32())
            guard count <= reader.bytes.count, let list = PyList_New(count) else { throw WireError("list too long") }
            for i in 0..<count {
                guard let element = try object(&reader) else { Py_DecRef(list); return nil }
                shim_list_set(list, i, element)
            }
            return list
        case .map:
            let count = Int(try reader.u32())
            guard let dict = PyDict_New() else { return nil }
            for _ in 0..<count {
                guard let key = try object(&reader) else { Py_DecRef(dict); return nil }
                guard let value = try object(&reader) else { Py_DecRef(key); Py_DecRef(dict); return nil }
                let status = PyDict_SetItem(dict, key, value)
                Py_DecRef(key)
                Py_DecRef(value)
                if status != 0 { Py_DecRef(dict); return nil }
            }
            return dict
        case .unavailable:
            let message = pyString(try reader.string())
            defer { Py_DecRef(message) }
            guard let unavailable else { return Py_NewRef(message) }
            return pyCall(unavailable, message)
        }
    }

    // MARK: Python → wire

    /// Writes `object`'s value, or says why it has none (with where inside it).
    static func write(_ object: PyRef, to writer: inout WireWriter, depth: Int = 0) -> ConversionError? {
        guard depth < maximumDepth else { return ConversionError("nested deeper than \(maximumDepth) levels") }
        if object == shim_none() { writer.tag(.null); return nil }
        if object == shim_true() { writer.tag(.trueValue); return nil }
        if object == shim_false() { writer.tag(.falseValue); return nil }
        if shim_is_exact_long(object) != 0 {
            var overflow: Int32 = 0
            let n = PyLong_AsLongLongAndOverflow(object, &overflow)
            if overflow == 0 { writer.tag(.int); writer.i64(n); return nil }
            let u = PyLong_AsUnsignedLongLong(object)
            if PyErr_Occurred() == nil { writer.tag(.uint); writer.u64(u); return nil }
            PyErr_Clear()
            return ConversionError("an int does not fit in 64 bits")
        }
        if shim_is_exact_float(object) != 0 { writer.tag(.double); writer.f64(shim_float_value(object)); return nil }
        if shim_is_exact_unicode(object) != 0 {
            var size = 0
            guard let utf8 = PyUnicode_AsUTF8AndSize(object, &size) else {
                PyErr_Clear()
                return ConversionError("a str that is not valid UTF-8 (lone surrogates)")
            }
            writer.tag(.string)
            writer.raw(UnsafeRawBufferPointer(start: utf8, count: size))
            return nil
        }
        if shim_is_exact_list(object) != 0 || shim_is_exact_tuple(object) != 0 {
            let isList = shim_is_exact_list(object) != 0
            let count = isList ? PyList_Size(object) : PyTuple_Size(object)
            writer.tag(.list)
            writer.u32(UInt32(count))
            for i in 0..<count {
                // A list can shrink under us only through script code, and none runs here.
                let item = isList ? shim_list_item(object, i)! : shim_tuple_item(object, i)!
                if let e = write(item, to: &writer, depth: depth + 1) { return e.at("[\(i)]") }
            }
            return nil
        }
        if shim_is_exact_dict(object) != 0 {
            writer.tag(.map)
            writer.u32(UInt32(PyDict_Size(object)))
            var position = 0
            var key: PyRef?
            var item: PyRef?
            while PyDict_Next(object, &position, &key, &item) != 0 {
                guard isKey(key!) else { return ConversionError("dict key \(describeKey(key!)) is not a str, int or bool") }
                _ = write(key!, to: &writer, depth: depth + 1)
                if let e = write(item!, to: &writer, depth: depth + 1) { return e.at("[\(describeKey(key!))]") }
            }
            return nil
        }
        if shim_is_exact_bytes(object) != 0 {
            var buffer: UnsafeMutablePointer<CChar>?
            var size = 0
            PyBytes_AsStringAndSize(object, &buffer, &size)
            writer.tag(.bytes)
            writer.raw(UnsafeRawBufferPointer(start: buffer, count: size))
            return nil
        }
        let typeName = String(cString: object.pointee.ob_type.pointee.tp_name)
        return ConversionError("a '\(typeName)' has no engine value; expected None, bool, int, float, str, bytes, list, tuple or dict")
    }

    private static func isKey(_ key: PyRef) -> Bool {
        key == shim_true() || key == shim_false() || shim_is_exact_unicode(key) != 0 || shim_is_exact_long(key) != 0
    }

    /// `'name'` or `3` for messages, without calling any method of the key.
    private static func describeKey(_ key: PyRef) -> String {
        if shim_is_exact_unicode(key) != 0 || shim_is_exact_long(key) != 0 || key == shim_true() || key == shim_false() {
            return reprPython(key)
        }
        return "of type '\(String(cString: key.pointee.ob_type.pointee.tp_name))'"
    }
}

/// Why a Python value could not become an engine value, with where inside it.
struct ConversionError: Error {
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
