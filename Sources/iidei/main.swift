import IndexCLI

await runIIDEI()
