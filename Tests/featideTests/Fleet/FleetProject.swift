import Foundation

/// projects/shopping as the fleet tests run it: the same project with its scripts' time
/// budgets (20 ms, a phone's) raised to 2 s, so that a script call slowed by the rest of
/// the suite running beside it falls back on neither side and the compared values stay
/// the scripts' own. One copy per test process.
enum FleetProject {
    static let path: String = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("featide-fleet-project-\(getpid())").path
        try? FileManager.default.removeItem(atPath: root)
        do {
            try FileManager.default.copyItem(atPath: PackageRoot.path + "/projects/shopping", toPath: root)
            try? FileManager.default.removeItem(atPath: root + "/.featide")
            for file in ["featide.yaml", "decisions/coupon_popup.yaml"] {
                let text = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
                precondition(text.contains("budget: 20ms"), "\(file) no longer says budget: 20ms; update FleetProject")
                try text.replacingOccurrences(of: "budget: 20ms", with: "budget: 2s").write(toFile: root + "/" + file, atomically: true, encoding: .utf8)
            }
        } catch {
            fatalError("cannot copy projects/shopping for the fleet tests: \(error)")
        }
        return root
    }()
}
