/**
 * "Family from this design": mark the knobs of the open design — input resolution, a width multiplier on chosen
 * layers' channels, the kernel of chosen convolutions, the depth of a repeatable block — with their values; the
 * design is the reference point. "Explore it" makes it the explored family; "Download" saves the family file
 * (the versioned JSON `tinyforge explore` reads). Refusals are one line (core family-from-design.ts).
 */
import { useMemo, useState } from 'react'
import { analyzeGraph } from '../../core/analysis/analyze-graph.ts'
import { familyFileText, outputLayers, repeatableBlocks } from '../../core/pipelines/explore/family-from-design.ts'
import { spaceSize } from '../../core/pipelines/explore/family.ts'
import { editorStore } from '../../store/editor-store.ts'
import { makeFamilyFromDesign } from '../../store/explore-commands.ts'
import { downloadBytes } from '../download.ts'
import { useEditor } from '../hooks/use-editor.ts'

const numbers = (text: string) => text.split(/[\s,;]+/).filter(Boolean).map(Number)

interface KnobState { on: boolean; values: string; nodes: string[] }

export function FamilyFromDesignDialog({ onClose }: { onClose(): void }) {
  const doc = useEditor((s) => s.doc)
  const graph = doc.graph
  const info = useMemo(() => {
    const analysis = analyzeGraph(graph)
    const nodes = analysis.order.map((id) => graph.nodes.find((n) => n.id === id)!)
    const input = nodes.find((n) => n.op === 'Input')
    const shape = input ? (analysis.nodes.get(input.id)?.attrs as { shape?: number[] } | undefined)?.shape ?? [] : []
    const classes = outputLayers(graph)
    const channels = nodes.filter((n) => (n.op === 'Conv2D' || n.op === 'FullyConnected') && !classes.has(n.id))
    const convs = nodes.filter((n) => (n.op === 'Conv2D' || n.op === 'DepthwiseConv2D') && n.attrs.kernelH === n.attrs.kernelW)
    return { nodes, shape, channels, convs, blocks: graph.nodes.length <= 80 ? repeatableBlocks(graph, doc.library) : [] }
  }, [graph, doc.library])
  const h = info.shape.length === 3 ? info.shape[0] : 0
  const nameOf = (id: string) => graph.nodes.find((n) => n.id === id)?.name ?? id
  const [name, setName] = useState(`${doc.name || 'Design'} family`)
  const [res, setRes] = useState<KnobState>({ on: h > 0, values: h > 0 ? [Math.round(h * 0.5), Math.round(h * 0.75), h].join(', ') : '', nodes: [] })
  const [width, setWidth] = useState<KnobState>({ on: info.channels.length > 0, values: '0.5, 0.75, 1, 1.5', nodes: info.channels.map((n) => n.id) })
  const [kernel, setKernel] = useState<KnobState>({ on: false, values: '3, 5', nodes: [] })
  const [depth, setDepth] = useState<KnobState>({ on: false, values: '1, 2, 3', nodes: info.blocks[0] ?? [] })
  const [error, setError] = useState<string | null>(null)

  const marks = () => ({
    id: name, name,
    ...(res.on ? { resolution: { values: numbers(res.values) } } : {}),
    ...(width.on ? { width: { nodes: width.nodes, values: numbers(width.values) } } : {}),
    ...(kernel.on ? { kernel: { nodes: kernel.nodes, values: numbers(kernel.values) } } : {}),
    ...(depth.on ? { depth: { nodes: depth.nodes, values: numbers(depth.values) } } : {}),
  })
  const make = (download: boolean) => {
    const made = makeFamilyFromDesign(editorStore, marks())
    if ('error' in made) return setError(made.error)
    if (download) downloadBytes(`${made.family.id}.family.json`, new TextEncoder().encode(familyFileText(made.family)), 'application/json')
    editorStore.getState().showNotice('info', `Family '${made.family.name}': ${spaceSize(made.family).toLocaleString('en')} variants; the design is its reference point.`)
    onClose()
  }
  const toggle = (state: KnobState, set: (s: KnobState) => void, id: string) =>
    set({ ...state, nodes: state.nodes.includes(id) ? state.nodes.filter((x) => x !== id) : [...state.nodes, id] })

  return (
    <div className="tf-dialog-backdrop" onPointerDown={(e) => { if (e.target === e.currentTarget) onClose() }}>
      <form className="tf-dialog tf-family-dialog" role="dialog" aria-modal="true" aria-labelledby="family-dialog-title"
        onSubmit={(e) => { e.preventDefault(); make(false) }} onKeyDown={(e) => { if (e.key === 'Escape') onClose() }}>
        <h2 id="family-dialog-title" className="tf-dialog__title">Family from this design</h2>
        <p className="tf-dialog__lead">Mark the knobs and their values; the design as drawn is the family&apos;s reference point.</p>
        <label className="tf-family-dialog__name"><span>Name</span>
          <input type="text" className="tf-family-dialog__text" value={name} onChange={(e) => setName(e.currentTarget.value)} aria-label="Family name" />
        </label>
        <Knob title="Input resolution" hint={h > 0 ? `height (now ${h}); width keeps the aspect` : 'needs an image input'} state={res} set={setRes} disabled={h === 0} />
        <Knob title="Width multiplier" hint="channels of the checked layers × width" state={width} set={setWidth} disabled={info.channels.length === 0}>
          {info.channels.map((n) => (
            <label key={n.id} className="tf-family-dialog__node">
              <input type="checkbox" checked={width.nodes.includes(n.id)} onChange={() => toggle(width, setWidth, n.id)} />
              {n.name} <span className="tf-qsetup__hint">{n.op === 'Conv2D' ? `${String(n.attrs.filters)} filters` : `${String(n.attrs.units)} units`}</span>
            </label>
          ))}
        </Knob>
        <Knob title="Kernel size" hint="k × k on the checked convolutions" state={kernel} set={setKernel} disabled={info.convs.length === 0}>
          {info.convs.map((n) => (
            <label key={n.id} className="tf-family-dialog__node">
              <input type="checkbox" checked={kernel.nodes.includes(n.id)} onChange={() => toggle(kernel, setKernel, n.id)} />
              {n.name} <span className="tf-qsetup__hint">{String(n.attrs.kernelH)}×{String(n.attrs.kernelW)}</span>
            </label>
          ))}
        </Knob>
        <Knob title="Depth" hint={info.blocks.length > 0 ? 'copies of a block that keeps its shape' : 'no block of this design keeps its shape'} state={depth} set={setDepth} disabled={info.blocks.length === 0}>
          {info.blocks.length > 0 && (
            <select className="tf-select" aria-label="Block to repeat" value={depth.nodes.join(',')}
              onChange={(e) => setDepth({ ...depth, nodes: e.currentTarget.value.split(',') })}>
              {info.blocks.map((b) => <option key={b.join(',')} value={b.join(',')}>{b.map(nameOf).join(' → ')}</option>)}
            </select>
          )}
        </Knob>
        {error && <p className="tf-qsetup__error" role="alert" data-testid="family-dialog-error">{error}</p>}
        <div className="tf-dialog__actions tf-dialog__actions--split">
          <button type="button" className="tf-button" onClick={() => make(true)}>Download .family.json</button>
          <span className="tf-dialog__buttons">
            <button type="button" className="tf-button" onClick={onClose}>Cancel</button>
            <button type="submit" className="tf-button tf-button--primary">Explore it</button>
          </span>
        </div>
      </form>
    </div>
  )
}

function Knob({ title, hint, state, set, disabled, children }: {
  title: string; hint: string; state: KnobState; set(s: KnobState): void; disabled?: boolean; children?: React.ReactNode
}) {
  return (
    <fieldset className="tf-family-dialog__knob" disabled={disabled}>
      <legend>
        <label><input type="checkbox" checked={state.on && !disabled} onChange={(e) => set({ ...state, on: e.currentTarget.checked })} aria-label={title} /> {title}</label>
        <span className="tf-qsetup__hint"> {hint}</span>
      </legend>
      {state.on && !disabled && (
        <>
          <label className="tf-family-dialog__values"><span>Values</span>
            <input type="text" className="tf-family-dialog__text" value={state.values} onChange={(e) => set({ ...state, values: e.currentTarget.value })} aria-label={`${title} values`} />
          </label>
          {children && <div className="tf-family-dialog__nodes">{children}</div>}
        </>
      )}
    </fieldset>
  )
}
