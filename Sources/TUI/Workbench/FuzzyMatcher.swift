/// Fuzzy matching for the palette: the query's characters must appear in order; consecutive
/// runs and matches at word starts score higher, so "hcl" finds `home_clicks.yaml` first.
public enum FuzzyMatcher {
    /// nil when the query does not match; higher is better.
    public static func score(_ query: String, in candidate: String) -> Int? {
        let needle = Array(query.lowercased().filter { $0 != " " })
        if needle.isEmpty { return 0 }
        let haystack = Array(candidate.lowercased())
        var score = 0, needleIndex = 0, previousMatch = -2
        for (index, character) in haystack.enumerated() where needleIndex < needle.count {
            guard character == needle[needleIndex] else { continue }
            score += 1
            if index == previousMatch + 1 { score += 5 }
            if index == 0 || "/_-. ".contains(haystack[index - 1]) { score += 8 }
            previousMatch = index
            needleIndex += 1
        }
        guard needleIndex == needle.count else { return nil }
        return score * 100 - haystack.count
    }
}
