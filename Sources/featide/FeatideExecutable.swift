import Foundation

/// This very `featide` binary, for the commands that run it again as a child: the engine
/// supervisor and its engine, live checks, the local instance, benches.
enum FeatideExecutable {
    static let url = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
}
