/**
 * Embeds the PyTorch twins (src/core/ops/*.torch.py) and the Python support files
 * (src/core/formats/pytorch/python/) into src/core/formats/pytorch/python-files.generated.ts.
 * Run: npx tsx scripts/gen-pytorch-twins.ts
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pythonModuleText } from '../src/core/formats/pytorch/embed-python.ts'
import { CORE_DIR, readPythonSources } from '../src/core/testing/pytorch/read-python.ts'

const files = readPythonSources()
writeFileSync(join(CORE_DIR, 'formats/pytorch/python-files.generated.ts'), pythonModuleText(files))
console.log(`python-files.generated.ts: ${Object.keys(files).length} files`)
