extension EventDecoder {
    /// The top-level `params` object at the scanner (its `{`): the same map, errors and error
    /// positions as `JSONValueScanner.parseObject(depth: 1)`, but keys are interned and a
    /// list of keys seen before is shared (`ParamKeyShapes`), and values go straight into the
    /// map's storage, so a map costs one allocation. Nested values take the general path.
    mutating func parseParams(_ scanner: inout JSONValueScanner) throws(JSONSyntaxError) -> CELMap {
        scanner.offset += 1
        if scanner.peek() == UInt8(ascii: "}") {
            scanner.offset += 1
            return emptyParams
        }
        keyCount = 0
        // Values go straight into the map's storage, sized as the last object was: events
        // in a row tend to carry as many params.
        var map = CELMap(pendingValueCapacity: lastParamCount)
        var keyStrings: [String] = []  // only once a key is not interned
        /// Key positions, once there are too many keys to find a repeated one by scanning.
        var positions: [String: Int]?
        var keyNumber = 0  // keys read so far, repeats included
        var allPredicted = true
        while true {
            let keyStart = scanner.offset
            let id: Int32, parsedKey: String?
            if keyNumber < Self.predictedPositions, paramKeyPredictions[keyNumber].matches(scanner.bytes, at: keyStart) {
                (id, parsedKey) = (paramKeyPredictions[keyNumber].id, nil)
                scanner.offset += paramKeyPredictions[keyNumber].length
            } else {
                guard scanner.peek() == UInt8(ascii: "\"") else { throw scanner.error("expected '\"' to start a key") }
                (id, parsedKey) = try parseKey(&scanner)
                try scanner.expect(UInt8(ascii: ":"), "':' after a key")
                scanner.skipWhitespace()  // the value's first byte comes next
                allPredicted = false
                if predictedKeys != nil { predictedKeys = nil }
                if keyNumber < Self.predictedPositions {
                    // An interned id names its text for good, so the same bytes mean the same key.
                    if id >= 0 {
                        paramKeyPredictions[keyNumber].record(scanner.bytes, from: keyStart, to: scanner.offset, id: id)
                    } else {
                        paramKeyPredictions[keyNumber].forget()
                    }
                }
            }
            keyNumber += 1
            // The key's text, made only where one is needed (rare: no id, or many keys).
            var key: String { parsedKey ?? names.strings[Int(id)] }
            // A string or a number right at the offset (the usual case, the spaces being part
            // of the predicted key) is read directly; anything else as `parseValue` reads it.
            let value: CELValue
            switch scanner.offset < scanner.bytes.count ? scanner.bytes[scanner.offset] : 0 {
            case UInt8(ascii: "\""): value = .string(try scanner.parseString())
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): value = try scanner.parseNumber()
            default: value = try scanner.parseValue(depth: 1)
            }
            // A repeated key keeps its first position and takes the last value.
            if let i = position(of: id, key, keyStrings, positions) {
                map.setValue(consume value, atPosition: i)
            } else {
                if id < 0, keyStrings.isEmpty { keyStrings = keyIDs[..<keyCount].map { names.strings[Int($0)] } }
                if !keyStrings.isEmpty || id < 0 { keyStrings.append(key) }
                positions?[key] = keyCount
                if keyCount < keyIDs.count { keyIDs[keyCount] = id } else { keyIDs.append(id) }
                keyCount += 1
                map.appendPendingValue(consume value)
                if positions == nil, keyCount > 8 {
                    let all = keyStrings.isEmpty ? keyIDs[..<keyCount].map { names.strings[Int($0)] } : keyStrings
                    positions = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($1, $0) })
                }
            }
            guard let next = scanner.peek() else { throw scanner.error("expected ',' or '}'") }
            scanner.offset += 1
            if next == UInt8(ascii: "}") { break }
            guard next == UInt8(ascii: ",") else {
                scanner.offset -= 1
                throw scanner.error("expected ',' or '}'")
            }
        }
        let keys: [CELMapKey]
        let noRepeats = keyNumber == keyCount
        if allPredicted, noRepeats, let predicted = predictedKeys, predicted.count == keyCount {
            keys = predicted
        } else if keyStrings.isEmpty, keyCount <= ParamKeyShapes.maxKeys {
            keys = keyIDs.withUnsafeBufferPointer { shapes.keys(for: UnsafeBufferPointer(rebasing: $0[..<keyCount]), strings: names.strings) }
        } else {
            keys = keyStrings.isEmpty ? keyIDs[..<keyCount].map { .string(names.strings[Int($0)]) } : keyStrings.map { .string($0) }
        }
        if !allPredicted, noRepeats, keyStrings.isEmpty, keyCount <= Self.predictedPositions {
            predictedKeys = keys  // every position up to keyCount now predicts this object's key
        }
        lastParamCount = keyCount
        map.attachKeys(keys)
        return map
    }

    /// A key at the scanner (its opening quote): its interned id (-1 when not interned) and
    /// its text when not interned (an interned key's text is `names.strings[id]`, fetched
    /// only when needed). An escaped key is interned by its decoded text, so it equals its
    /// plain spelling. The id the last line had at this position is tried first.
    @inline(__always)
    private mutating func parseKey(_ scanner: inout JSONValueScanner) throws(JSONSyntaxError) -> (id: Int32, key: String?) {
        let start = scanner.offset + 1
        let hint: Int32 = keyCount < keyIDs.count ? keyIDs[keyCount] : -1
        if let end = scanner.plainStringEnd(from: start) {
            scanner.offset = end + 1
            let bytes = UnsafeBufferPointer(rebasing: scanner.bytes[start..<end])
            if let id = names.id(of: bytes, hint: hint) { return (Int32(id), nil) }
            return (-1, String(decodingJSON: bytes, readable: scanner.bytes.count - start))
        }
        var key = try scanner.parseString()
        let id = key.withUTF8 { names.id(of: $0) }
        return (id.map { Int32($0) } ?? -1, id == nil ? key : nil)
    }

    /// Where a key already is among this object's keys: by id when interned (an id names
    /// one text), else by text.
    @inline(__always)
    private func position(of id: Int32, _ key: @autoclosure () -> String, _ keyStrings: [String],
                          _ positions: [String: Int]?) -> Int? {
        if let positions { return positions[key()] }
        if id >= 0 {
            if let i = keyIDs.withUnsafeBufferPointer({ $0[..<keyCount].firstIndex(of: id) }) { return i }
            // Keys met while the interner was full have no id but may spell this one.
            return keyStrings.isEmpty ? nil : keyStrings.firstIndex(of: key())
        }
        return keyStrings.firstIndex(of: key())
    }
}
