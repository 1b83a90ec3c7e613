/**
 * Runs a script of an exported PyTorch project on N local ranks: `python -m torch.distributed.run --redirects 1
 * --tee 1 --nnodes 1 --nproc_per_node N --rdzv_backend c10d --rdzv_endpoint 127.0.0.1:<free port>` (Debian 12's
 * torchrun needs --redirects/--tee; later releases accept them), or the script alone for one rank. Rank 0's lines
 * are streamed without torchrun's "[default0]:" prefix; the other ranks' and torchrun's own output is kept for the
 * failure line: the first "<script>: error:" line any rank printed, else torchrun's last error line.
 */
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'

export interface RankRun {
  code: number
  /** One line saying why it failed (empty on success). */
  reason: string
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

export async function runRanks(python: string, script: string, args: readonly string[], cwd: string, ranks: number,
  env: Record<string, string> = {}): Promise<RankRun> {
  const launch = ranks > 1
    ? ['-m', 'torch.distributed.run', '--redirects', '1', '--tee', '1', '--nnodes', '1', '--nproc_per_node', String(ranks),
        '--rdzv_backend', 'c10d', '--rdzv_endpoint', `127.0.0.1:${await freePort()}`, script, ...args]
    : [script, ...args]
  return new Promise((done) => {
    const child = spawn(python, launch, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } })
    const errors: string[] = []
    const tail: string[] = []
    let pending = ''
    const onLine = (line: string, stream: 'out' | 'err') => {
      const m = /^\[default(\d+)\]:(.*)$/.exec(line)
      const rank = m ? Number(m[1]) : ranks > 1 ? -1 : 0
      const text = m ? m[2] : line
      if (text.includes(`${script}: error:`) || text.includes(`${script}: rank`)) errors.push(text.trim())
      if (rank === 0 && !text.includes(`${script}: error:`)) (stream === 'out' ? process.stdout : process.stderr).write(`${text}\n`)
      else if (/error/i.test(text)) tail.push(text.trim())
    }
    const reader = (stream: 'out' | 'err') => (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n')
      pending = lines.pop() ?? ''
      for (const line of lines) onLine(line, stream)
    }
    const onSigint = () => { /* the ranks get the same SIGINT and save their checkpoints */ }
    process.on('SIGINT', onSigint)
    child.stdout.on('data', reader('out'))
    child.stderr.on('data', reader('err'))
    child.on('error', (err) => { process.off('SIGINT', onSigint); done({ code: 1, reason: `cannot run ${python}: ${err.message}` }) })
    child.on('close', (code, signal) => {
      process.off('SIGINT', onSigint)
      if (pending) onLine(pending, 'out')
      const exit = code ?? (signal === 'SIGINT' ? 130 : 1)
      const first = errors.find((e) => e.includes('error:')) ?? errors[0] ?? tail[tail.length - 1] ?? ''
      done({ code: exit, reason: exit === 0 ? '' : first.replace(/^.*?: error: /, '') || `exit code ${exit}` })
    })
  })
}
