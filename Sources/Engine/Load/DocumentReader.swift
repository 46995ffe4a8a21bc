import Foundation
import Yams

/// Splits one project file into its documents (YAML multi-document; JSON is read as YAML),
/// turning syntax errors into diagnostics at their line and column.
enum DocumentReader {
    static func documents(ofFile relativePath: String, root: String, context: LoadContext) -> [ConfigNode] {
        let path = URL(fileURLWithPath: root).appendingPathComponent(relativePath).path
        let fileStart = SourceLocation(file: relativePath, line: 1, column: 1)
        guard let data = FileManager.default.contents(atPath: path) else {
            context.error(at: fileStart, "cannot read the file")
            return []
        }
        guard let text = String(data: data, encoding: .utf8) else {
            context.error(at: fileStart, "the file is not UTF-8 text")
            return []
        }
        var nodes: [ConfigNode] = []
        do {
            // The sequence stops at a syntax error and keeps it rather than throwing.
            var documents = try Yams.compose_all(yaml: text)
            while let node = documents.next() {
                nodes.append(ConfigNode(node: node, file: relativePath, context: context))
            }
            if let error = documents.error { throw error }
        } catch let error as YamlError {
            report(error, file: relativePath, context: context)
        } catch {
            context.error(at: fileStart, "cannot parse the file: \(error)")
        }
        return nodes
    }

    private static func report(_ error: YamlError, file: String, context: LoadContext) {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: file, line: mark.line, column: mark.column) }
        switch error {
        case .scanner(let ctx, let problem, let mark, _), .parser(let ctx, let problem, let mark, _),
             .composer(let ctx, let problem, let mark, _):
            let while_ = ctx.map { " (\($0.text) at line \($0.mark.line))" } ?? ""
            context.error(at: at(mark), "syntax error: \(problem)\(while_)")
        case .duplicatedKeysInMapping(let duplicates, let ctx):
            context.error(at: at(ctx.mark), "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in this mapping")
        case .reader(let problem, let offset, _, _):
            context.error(at: SourceLocation(file: file, line: 1, column: 1),
                          "cannot read the file: \(problem)\(offset.map { " at byte \($0)" } ?? "")")
        default:
            context.error(at: SourceLocation(file: file, line: 1, column: 1), "cannot parse the file: \(error)")
        }
    }
}
