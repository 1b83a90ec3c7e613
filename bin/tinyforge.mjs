#!/usr/bin/env node
// The `tinyforge` command: the same core as the IDE, headless. Source lives in src/cli/.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/cli/main.ts')
process.exitCode = await main(process.argv.slice(2))
