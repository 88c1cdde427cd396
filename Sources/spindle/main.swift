import SpindleCLI

await Spindle.runAndExit()
