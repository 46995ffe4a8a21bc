/// `kind: project` (featide.yaml).
enum ManifestDecoder {
    static let keys = ["kind", "name", "version", "description", "device", "allowed_lateness",
                       "session_gap", "budget", "max_partial_matches", "gate"]

    static func decode(_ doc: MappingReader) -> ProjectManifest {
        doc.rejectUnknownKeys(keys, in: "project")
        let name = doc.required("name", "the project's name", in: "project")?.name("name") ?? "unnamed"
        let version = doc["version"]?.string("version") ?? "0.0.0"
        let device = doc["device"].flatMap { DeviceDecoder.decode($0) }
            ?? DeviceProfile.unnamed
        var manifest = ProjectManifest(
            name: name,
            version: version,
            description: doc["description"]?.string("description"),
            device: device,
            allowedLateness: doc["allowed_lateness"]?.duration("allowed_lateness") ?? TimeSpan(milliseconds: 0),
            sessionGap: doc["session_gap"]?.duration("session_gap") ?? ProjectManifest.defaultSessionGap,
            budget: doc["budget"]?.duration("budget") ?? ProjectManifest.defaultBudget,
            maxPartialMatches: doc["max_partial_matches"]?.int("max_partial_matches", min: 1)
                ?? ProjectManifest.defaultMaxPartialMatches,
            location: doc.node.location)
        if let gate = doc["gate"]?.mapping("gate") {
            gate.rejectUnknownKeys(["max_held_items", "max_event_cost_us"], in: "gate")
            manifest.gate = DeployGateLimits(maxHeldItems: gate["max_held_items"]?.int("max_held_items", min: 1),
                                             maxEventCostMicroseconds: gate["max_event_cost_us"]?.int("max_event_cost_us", min: 1))
        }
        return manifest
    }
}

/// `device: {id, model, os, os_version, app_version, segment}`.
enum DeviceDecoder {
    static func decode(_ node: ConfigNode) -> DeviceProfile? {
        guard let reader = node.mapping("device") else { return nil }
        reader.rejectUnknownKeys(DeviceProfile.fieldNames, in: "device")
        guard let idNode = reader.required("id", "the device id (rollout and variants hash it)", in: "device"),
              let id = idNode.string("device.id"),
              let fields = node.map("device")
        else { return nil }
        return DeviceProfile(id: id, fields: fields)
    }
}
