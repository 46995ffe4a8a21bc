import Engine

extension EngineInstance {
    /// The live pipeline is the debugger's `engine` thread; a deploy hands it the new one.
    func attachDebugger(to pipeline: EnginePipeline, replacing old: EnginePipeline?) {
        guard let debugHooks else { return }
        if let old, old !== pipeline {
            old.debugHook = nil
            debugHooks.detach(old)
        }
        pipeline.debugHook = debugHooks.attach(pipeline, named: "engine", device: pipeline.project.manifest.device)
    }
}
