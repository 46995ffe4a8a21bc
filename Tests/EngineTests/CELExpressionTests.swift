import Testing
@testable import Engine

/// Behaviour users rely on beyond the conformance corpus: the event environment, positions in
/// compile errors, slots, records, and CEL's error semantics.
@Suite struct CELExpressionTests {
    static let event = CELEnvironment(variables: [
        ("ts", .int), ("type", .string), ("page", .string),
        ("params", .map(key: .string, value: .dyn)), ("prices", .map(key: .string, value: .double)),
    ])

    static func activation(page: String = "home", params: [(String, CELValue)] = [("price", .double(12.5))]) -> CELActivation {
        CELActivation(slots: [
            .int(1_732_183_200_000), .string("click"), .string(page),
            .map(CELMap(params.map { (.string($0.0), $0.1) })),
            .map(CELMap([(.string("price"), .double(3))])),
        ])
    }

    func eval(_ source: String, _ act: CELActivation = activation(), env: CELEnvironment = event) throws -> CELValue {
        try CELProgram.compile(source, in: env).get().evaluate(act)
    }

    func compileError(_ source: String, env: CELEnvironment = event) -> CELCompileError? {
        if case .failure(let e) = CELProgram.compile(source, in: env) { return e }
        return nil
    }

    func isError(_ v: CELValue, containing text: String = "") -> Bool {
        if case .error(let e) = v { return text.isEmpty || e.message.contains(text) }
        return false
    }

    @Test func filtersAnEvent() throws {
        #expect(try eval(#"page == "home" && params.price > 10.0"#).asBool == true)
        #expect(try eval(#"page == "home" && params.price > 10.0"#, Self.activation(page: "cart")).asBool == false)
        #expect(try eval(#"type in ["click", "view"] && ts > 0"#).asBool == true)
    }

    @Test func errorsAreAbsorbedByLogicInEitherOrder() throws {
        let noPrice = Self.activation(params: [])
        #expect(isError(try eval("params.price > 1.0", noPrice), containing: "no such key: 'price'"))
        #expect(try eval("params.price > 1.0 && false", noPrice).asBool == false)
        #expect(try eval("false && params.price > 1.0", noPrice).asBool == false)
        #expect(try eval("params.price > 1.0 || true", noPrice).asBool == true)
        #expect(try eval("true || params.price > 1.0", noPrice).asBool == true)
        #expect(isError(try eval("params.price > 1.0 && true", noPrice)))
        #expect(isError(try eval("false || params.price > 1.0", noPrice)))
        #expect(try eval("has(params.price) && params.price > 1.0", noPrice).asBool == false)
    }

    @Test func integerOverflowAndDivisionByZeroAreErrors() throws {
        #expect(isError(try eval("9223372036854775807 + 1"), containing: "overflow"))
        #expect(isError(try eval("-9223372036854775808 - 1"), containing: "overflow"))
        #expect(isError(try eval("ts * ts"), containing: "overflow"))
        #expect(isError(try eval("ts / 0"), containing: "division by zero"))
        #expect(isError(try eval("ts % 0"), containing: "modulus by zero"))
        #expect(try eval("-9223372036854775808").asInt == .min)
        #expect(isError(try eval("18446744073709551615u + 1u"), containing: "overflow"))
    }

    @Test func compileErrorsPointAtTheOperator() throws {
        let e = try #require(compileError(#"page == "home" && prices.price > "x""#))
        #expect((e.line, e.column) == (1, 32))
        #expect(e.message.contains("'>'") && e.message.contains("(double, string)"))
        // params values are dyn: the same mistake can only be found when evaluating.
        #expect(isError(try eval(#"page == "home" && params.price > "x""#), containing: "no matching overload"))

        let plus = try #require(compileError(#"1 + "a""#))
        #expect((plus.line, plus.column) == (1, 3))

        let unknown = try #require(compileError("page == pge"))
        #expect((unknown.line, unknown.column) == (1, 9))
        #expect(unknown.message.contains("undeclared reference to 'pge' (did you mean 'page'?)"))

        let function = try #require(compileError("\npage.shout()"))
        #expect((function.line, function.column) == (2, 6))
        #expect(function.message.contains("undeclared function 'shout'"))
        #expect(compileError("page.startswith('h')")?.message.contains("did you mean 'startsWith'?") == true)

        let arity = try #require(compileError("size(page, page)"))
        #expect(arity.message.contains("no matching overload for 'size'"))

        let syntax = try #require(compileError("page == (1 + 2"))
        #expect((syntax.line, syntax.column) == (1, 15))
        #expect(syntax.message.contains("expected ')'"))
    }

    @Test func variablesResolveToSlots() throws {
        let env = CELEnvironment(variables: [("a", .int), ("b", .int), ("a.b", .string)])
        #expect(env.slot(of: "a") == 0 && env.slot(of: "b") == 1 && env.slot(of: "a.b") == 2)
        #expect(env.slot(of: "c") == nil)
        let act = CELActivation(slots: [.int(5), .int(7), .string("dotted")])
        #expect(try eval("b - a", act, env: env).asInt == 2)
        // A dotted name is one variable when declared (longest prefix wins).
        #expect(try eval("a.b", act, env: env).asString == "dotted")
        // A comprehension variable shadows a declared variable of the same name.
        #expect(try eval("[1, 2].map(a, a * b)", act, env: env).asList?.compactMap(\.asInt) == [7, 14])
    }

    @Test func recordFieldsCompileToIndices() throws {
        let step = CELRecordType(name: "step_a", fields: [("type", .string), ("price", .double)])
        let env = CELEnvironment(variables: [("a", .record(step))])
        let act = CELActivation(slots: [.record(CELRecord(type: step, fields: [.string("view"), .double(9.5)]))])
        #expect(try eval(#"a.type == "view" && a.price < 10.0"#, act, env: env).asBool == true)
        #expect(try eval("has(a.price)", act, env: env).asBool == true)
        let e = try #require(compileError("a.prise", env: env))
        #expect(e.message.contains("step_a has no field 'prise' (did you mean 'price'?)") && e.column == 3)
        #expect(try CELProgram.compile("a.price", in: env).get().resultType == .double)
    }

    /// `a.params.price` and `a.ts` read their record variable's slot in one step; the same
    /// expressions through a list (`[a][0]`) take the general path. Both must agree on every
    /// kind of value, a missing key and a field that is not a map.
    @Test func recordVariablePathsAgreeWithTheGeneralPath() throws {
        let step = CELRecordType(name: "step_a", fields: [("ts", .int), ("params", .map(key: .string, value: .dyn))])
        let env = CELEnvironment(variables: [("params", .map(key: .string, value: .dyn)), ("a", .record(step))])
        let values: [CELValue] = [.double(3), .double(.nan), .int(3), .int(-7), .uint(3), .string("3"), .null]
        let aParams: [CELValue] = values.map { .map(CELMap([(.string("price"), $0)])) } + [.map(CELMap()), .null, .int(1)]
        let expressions = ["params.price > {a}.params.price", "params.price <= {a}.params.price",
                           "{a}.params.price < params.price", "{a}.params.price >= 3", "{a}.ts - params.price > 0.0",
                           "has({a}.params.price)"]
        for own in values {
            for theirs in aParams {
                let act = CELActivation(slots: [
                    .map(CELMap([(.string("price"), own)])), .record(CELRecord(type: step, fields: [.int(5), theirs])),
                ])
                for text in expressions {
                    let direct = try eval(text.replacingOccurrences(of: "{a}", with: "a"), act, env: env)
                    let general = try eval(text.replacingOccurrences(of: "{a}", with: "[a][0]"), act, env: env)
                    #expect(CELTypedJSON.text(direct) == CELTypedJSON.text(general), "\(text) with \(own), \(theirs)")
                }
            }
        }
    }

    @Test func resultTypesAreInferred() throws {
        #expect(try CELProgram.compile("params.price", in: Self.event).get().resultType == .dyn)
        #expect(try CELProgram.compile("prices.price * 2.0", in: Self.event).get().resultType == .double)
        #expect(try CELProgram.compile("[1, 2].map(x, string(x))", in: Self.event).get().resultType == .list(.string))
        #expect(try CELProgram.compile("type(1)", in: Self.event).get().resultType == .type(.int))
    }

    @Test func uncheckedModeDefersErrorsToEvaluation() throws {
        let env = CELEnvironment(dynamicVariables: [])
        let program = try CELProgram.compile("undefined || true", in: env, typeCheck: false).get()
        #expect(program.evaluate(CELActivation(slots: [])).asBool == true)
        #expect(compileError("undefined || true", env: env) != nil)
        let mixed = try CELProgram.compile("'a' + 1", in: env, typeCheck: false).get()
        #expect(isError(mixed.evaluate(CELActivation(slots: [])), containing: "no matching overload"))
    }

    @Test func macrosAndStrings() throws {
        #expect(try eval("[1, 2, 3].exists_one(x, x > 2)").asBool == true)
        #expect(try eval("[1, 2, 3].filter(x, x % 2 == 1).all(x, x < 4)").asBool == true)
        #expect(try eval("[1, 2, 3].map(x, x > 1, x * 10)").asList?.compactMap(\.asInt) == [20, 30])
        #expect(try eval(#"page.startsWith("ho") && page.endsWith("me") && page.contains("om")"#).asBool == true)
        #expect(try eval(#"page.matches("^h.m")"#).asBool == true)
        #expect(compileError(#"page.matches("(")"#) != nil)
        #expect(try eval(#"size("πέντε") == 5 && int("42") == 42 && string(1.5) == "1.5""#).asBool == true)
    }

    @Test func typedJSONRoundTrips() throws {
        let json = #"{"map":[[{"string":"a"},{"list":[{"int":"-5"},{"double":1.5},{"uint":"7"},{"null":null},{"bool":true}]}]]}"#
        #expect(CELTypedJSON.encode(try CELTypedJSON.decode(json: json)) == json)
        #expect(CELTypedJSON.encode(.double(.nan)) == #"{"double":"NaN"}"#)
        #expect(CELTypedJSON.encode(.error(CELError("no such key: 'x'"))) == #"{"error":"no such key: 'x'"}"#)
    }
}

extension CELValue {
    var asBool: Bool? { if case .bool(let b) = self { b } else { nil } }
    var asInt: Int64? { if case .int(let i) = self { i } else { nil } }
    var asString: String? { if case .string(let s) = self { s } else { nil } }
    var asList: [CELValue]? { if case .list(let l) = self { l } else { nil } }
}

@Suite struct CELLimitTests {
    @Test func deepExpressionsAreRejectedNotCrashing() {
        let env = CELEnvironment(variables: [])
        let long = Array(repeating: "1", count: 5000).joined(separator: " + ")
        guard case .failure(let e) = CELProgram.compile(long, in: env) else {
            Issue.record("expected a nesting error")
            return
        }
        #expect(e.message.contains("nested too deeply"))
        let nots = String(repeating: "!", count: 5000) + "true"
        #expect((try? CELProgram.compile(nots, in: env).get()) == nil)
        let ok = Array(repeating: "1", count: 300).joined(separator: " + ")
        #expect((try? CELProgram.compile(ok, in: env).get().evaluate(CELActivation(slots: [])))?.asInt == 300)
    }
}

@Suite struct CELConcurrencyTests {
    /// One compiled program is shared by every pipeline thread; evaluations must not interfere.
    @Test func evaluatesConcurrently() async throws {
        let env = CELEnvironment(variables: [("xs", .list(.int)), ("n", .int)])
        let program = try CELProgram.compile("xs.filter(x, x % n == 0).map(y, [y].exists(z, z == y) ? y * 2 : 0)", in: env).get()
        let results = await withTaskGroup(of: Bool.self) { group in
            for n in 1...8 {
                group.addTask {
                    let xs = (1...50).map { CELValue.int(Int64($0)) }
                    let want = (1...50).filter { $0 % n == 0 }.map { Int64($0 * 2) }
                    for _ in 0..<200 {
                        let v = program.evaluate(CELActivation(slots: [.list(xs), .int(Int64(n))]))
                        guard v.asList?.compactMap(\.asInt) == want else { return false }
                    }
                    return true
                }
            }
            return await group.reduce(true) { $0 && $1 }
        }
        #expect(results)
    }
}
