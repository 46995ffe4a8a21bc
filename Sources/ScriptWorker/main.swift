import ScriptSandbox

// featide-script-worker: the only process that runs decision and feature scripts.
ScriptWorkerMain.run(CommandLine.arguments)
