/// The Problems pane: errors first, keys and clicks that jump, F8, and the selected problem's
/// whole message wrapped over as many rows as it needs.
extension Workbench {
    func problemsKey(_ key: Key) {
        let page = max(1, layout.problems.height - 1)
        switch key {
        case .up: selectProblem(problemsSelection - 1)
        case .down: selectProblem(problemsSelection + 1)
        case .pageUp: selectProblem(problemsSelection - page)
        case .pageDown: selectProblem(problemsSelection + page)
        case .home: selectProblem(0)
        case .end: selectProblem(problems.count - 1)
        case .enter: jumpToProblem(at: problemsSelection)
        case .character(" "): showProblemDetails()
        default: break
        }
    }

    /// Space: the selected problem whole, however small the pane.
    func showProblemDetails() {
        guard problems.indices.contains(problemsSelection) else { return }
        let problem = problems[problemsSelection]
        let width = max(10, min(76, layout.size.width - 8))
        overlay = .confirm(Confirmation(
            title: "\(problem.severity == .error ? "Error" : "Warning") at \(problem.location)",
            lines: WordWrap.lines(problem.message, width: width),
            choices: [.init(key: "g", label: "Go to it", action: .goToProblem(problemsSelection)),
                      .init(key: "c", label: "Close", action: .cancel)]))
    }

    func selectProblem(_ index: Int) {
        problemsSelection = min(max(0, problems.count - 1), max(0, index))
    }

    func jumpToProblem(at index: Int) {
        guard problems.indices.contains(index) else { return }
        let problem = problems[index]
        problemsSelection = index
        guard openFile(problem.file) != nil, let tab = activeTab else { return }
        tab.document.anchor = nil
        tab.document.cursor = tab.document.clamp(TextPosition(line: problem.line - 1, column: problem.column - 1))
        tab.goalColumn = nil
        editorView(for: tab).revealCursor()
        focus = .editor
    }

    /// F8: the first error after the cursor (in file, line, column order), wrapping around;
    /// warnings only once there is no error.
    func jumpToNextProblem() {
        guard !problems.isEmpty else {
            status = "No problems."
            return
        }
        let worst = problems.map(\.severity).min()!
        let candidates = problems.indices.filter { problems[$0].severity == worst }
            .sorted { (problems[$0].file, problems[$0].line, problems[$0].column) < (problems[$1].file, problems[$1].line, problems[$1].column) }
        var next = candidates[0]
        if let document = activeTab?.document {
            let here = (document.path, document.cursor.line + 1, document.cursor.column + 1)
            next = candidates.first { (problems[$0].file, problems[$0].line, problems[$0].column) > here } ?? candidates[0]
        }
        jumpToProblem(at: next)
    }

    /// Problems of one file by 0-based line, worst first, for the gutter.
    func marks(for path: String) -> [Int: ProblemSeverity] {
        var marks: [Int: ProblemSeverity] = [:]
        for problem in problems where problem.file == path {
            let line = problem.line - 1
            marks[line] = min(marks[line] ?? .warning, problem.severity)
        }
        return marks
    }

    // MARK: Drawing

    /// The width a problem's message starts at (after its mark and location).
    private func messageColumn(_ problem: Problem) -> Int {
        layout.problems.x + 11 + DisplayWidth.of(problem.location + "  ")
    }

    /// The message of problem `index` as drawn: the selected one wrapped at words, others
    /// on one row (cut at the pane's edge).
    private func messageLines(ofProblem index: Int) -> [String] {
        let problem = problems[index]
        guard index == problemsSelection else { return [problem.message] }
        return WordWrap.lines(problem.message, width: max(1, layout.problems.maxX - messageColumn(problem)))
    }

    private func rowCount(ofProblem index: Int) -> Int { messageLines(ofProblem: index).count }

    /// Which problem is drawn on each row of the pane, from the top (for clicks).
    func problemRows() -> [Int] {
        var rows: [Int] = []
        var index = problemsScroll
        while rows.count < layout.problems.height, problems.indices.contains(index) {
            rows += Array(repeating: index, count: rowCount(ofProblem: index))
            index += 1
        }
        return Array(rows.prefix(layout.problems.height))
    }

    /// Scrolls the least needed to show the selected problem's rows (its first row at least).
    private func revealSelectedProblem() {
        let height = layout.problems.height
        problemsScroll = min(problemsScroll, problemsSelection)
        while problemsScroll < problemsSelection,
              (problemsScroll...problemsSelection).reduce(0, { $0 + rowCount(ofProblem: $1) }) > height {
            problemsScroll += 1
        }
    }

    func drawProblems(into buffer: inout CellBuffer) {
        let errors = problems.filter { $0.severity == .error }.count
        let warnings = problems.count - errors
        let title = " PROBLEMS  \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s") "
        buffer.fill(layout.problemsTitle, style: theme.border)
        buffer.write(String(repeating: "─", count: layout.problemsTitle.width), x: 0, y: layout.problemsTitle.y, style: theme.border)
        buffer.write(title, x: 1, y: layout.problemsTitle.y, style: focus == .problems ? theme.focusedPaneTitle : theme.paneTitle)
        let rect = layout.problems
        if problems.isEmpty {
            let note = tree.onlyFile == nil ? "  No problems found."
                : "  A single file, not in a project: checks run on projects (a folder with featide.yaml)."
            buffer.write(note, x: rect.x, y: rect.y, style: theme.lineNumber, limit: rect.maxX)
            return
        }
        revealSelectedProblem()
        var y = rect.y
        for index in problems.indices.dropFirst(problemsScroll) where y < rect.maxY {
            let problem = problems[index]
            let selected = index == problemsSelection
            let rowStyle = selected ? (focus == .problems ? theme.selection : theme.listCursor) : theme.text
            let rows = rowCount(ofProblem: index)
            if selected { buffer.fill(Rect(x: rect.x, y: y, width: rect.width, height: min(rows, rect.maxY - y)), style: rowStyle) }
            let markStyle = selected ? rowStyle : (problem.severity == .error ? theme.errorMark : theme.warningMark)
            var x = buffer.write(problem.severity == .error ? " ● error   " : " ▲ warning ", x: rect.x, y: y, style: markStyle)
            x = buffer.write(problem.location + "  ", x: x, y: y, style: selected ? rowStyle : theme.key)
            let lines = messageLines(ofProblem: index)
            for (row, line) in lines.enumerated() where y + row < rect.maxY {
                buffer.write(line, x: row == 0 ? x : messageColumn(problem), y: y + row, style: rowStyle, limit: rect.maxX)
            }
            // Cut by the pane's bottom: say where the rest is.
            if selected, y + rows > rect.maxY {
                let note = " … Space: whole message "
                buffer.write(note, x: max(rect.x, rect.maxX - DisplayWidth.of(note)), y: rect.maxY - 1, style: theme.dialogTitle)
            }
            y += rows
        }
    }
}

extension Problem {
    /// Errors before warnings, then by file, line and column.
    static func listOrder(_ a: Problem, _ b: Problem) -> Bool {
        (a.severity, a.file, a.line, a.column) < (b.severity, b.file, b.line, b.column)
    }
}
