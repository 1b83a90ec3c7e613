/** Inspector for one node: name, operator, shapes, MACs, params, kernel, attribute form and problems. */
import type { GraphAnalysis } from '../../core/analysis/analyze-graph.ts'
import type { GraphNode } from '../../core/ir/types.ts'
import { formatShape } from '../../core/ir/types.ts'
import { getOp } from '../../core/ops/registry.ts'
import type { VendorLibrary } from '../../core/vendors/types.ts'
import { renameNode, setNodeAttr } from '../../store/editor-commands.ts'
import { editorStore } from '../../store/editor-store.ts'
import { setActivationPrecision } from '../../store/precision-commands.ts'
import { formatCount, formatExact } from '../format.ts'
import { AttrField } from './attr-field.tsx'
import { ExitHere } from './exit-here.tsx'
import { NameField } from './name-field.tsx'
import { ProblemList } from './problem-list.tsx'
import { WeightPrecisionField } from './weight-precision-field.tsx'

interface NodeInspectorProps {
  node: GraphNode
  analysis: GraphAnalysis
  library: VendorLibrary
}

export function NodeInspector({ node, analysis, library }: NodeInspectorProps) {
  const def = getOp(node.op)
  const a = analysis.nodes.get(node.id)
  const problems = analysis.byNode.get(node.id) ?? []
  const support = library.ops[node.op]
  const taken = (name: string) => editorStore.getState().doc.graph.nodes.some((n) => n.id !== node.id && n.name === name)
  const inputs = a?.inputs.map((t) => formatShape(t.shape)).join(', ')

  return (
    <div className="tf-inspector__body" data-testid="node-inspector">
      <div className="tf-inspector__heading">
        <span className={`tf-chip tf-chip--${def?.category ?? 'unknown'}`}>{def?.label ?? node.op}</span>
        {def && <p className="tf-inspector__summary">{def.summary}</p>}
      </div>
      <NameField key={`${node.id}:${node.name}`} id={`node-name-${node.id}`} value={node.name} taken={taken}
        onCommit={(name) => renameNode(editorStore, node.id, name)} />
      <dl className="tf-facts" data-testid="node-facts">
        <dt>Operator</dt><dd data-testid="fact-op">{node.op}</dd>
        <dt>Input</dt><dd data-testid="fact-input">{inputs || '—'}</dd>
        <dt>Output</dt><dd data-testid="fact-output">{a?.output ? formatShape(a.output.shape) : 'unknown'}</dd>
        <dt>MACs</dt><dd data-testid="fact-macs" title={formatExact(a?.macs ?? 0)}>{formatExact(a?.macs ?? 0)}</dd>
        <dt>Params</dt><dd data-testid="fact-params" title={formatCount(a?.params ?? 0)}>{formatExact(a?.params ?? 0)}</dd>
        <dt>Kernel</dt>
        <dd data-testid="fact-kernel" className={support ? undefined : 'tf-facts__bad'}>
          {!support ? `unsupported by ${library.name}`
            : support.int16 && a?.output?.dtype === 'int16' ? support.int16.kernel
            : node.precision?.weights === 'int4' && support.int4 ? support.int4.kernel : support.kernel}
        </dd>
      </dl>
      {def && Object.keys(def.attrs).length > 0 && (
        <section className="tf-inspector__section" aria-label="Attributes">
          <h3 className="tf-section-title">Attributes</h3>
          <div className="tf-form">
            {Object.entries(def.attrs).map(([key, spec]) => {
              const value = a?.attrs[key] ?? node.attrs[key]
              return (
                <AttrField key={`${node.id}:${key}:${JSON.stringify(value)}`} id={`attr-${node.id}-${key}`} attr={key}
                  spec={spec} value={value} onCommit={(v) => setNodeAttr(editorStore, node.id, key, v)} />
              )
            })}
          </div>
        </section>
      )}
      {def && support?.int16 && def.dtypes.some((c) => c.output === 'int8') && def.dtypes.some((c) => c.output === 'int16') && !def.aliasesInput && (
        <section className="tf-inspector__section" aria-label="Precision">
          <h3 className="tf-section-title">Precision</h3>
          <div className="tf-form">
            <div className="tf-field">
              <label htmlFor={`precision-${node.id}`}>Activations</label>
              <select id={`precision-${node.id}`} data-testid="node-precision" value={node.activations ?? 'int8'}
                disabled={node.precision?.weights === 'int4'}
                title={node.precision?.weights === 'int4' ? 'int4 weights: the _s16 kernels read int8 weights; set the weights back to int8 first'
                  : `int16 runs ${support.int16.kernel}; Quantize nodes convert at its int8 boundaries`}
                onChange={(e) => setActivationPrecision(editorStore, node.id, e.target.value === 'int16' ? 'int16' : undefined)}>
                <option value="int8">int8</option>
                <option value="int16">int16 (16x8)</option>
              </select>
            </div>
          </div>
        </section>
      )}
      {def?.weightQuant?.int4 && <WeightPrecisionField node={node} library={library} />}
      {def && node.op !== 'Exit' && node.op !== 'Input' && a?.output && library.ops.Exit && <ExitHere nodeId={node.id} />}
      {!def && <p className="tf-empty">TinyForge has no operator “{node.op}”; its attributes are kept as imported.</p>}
      <section className="tf-inspector__section" aria-label="Node problems">
        <h3 className="tf-section-title">Problems <span className="tf-count">{problems.length}</span></h3>
        <ProblemList problems={problems} />
      </section>
    </div>
  )
}
